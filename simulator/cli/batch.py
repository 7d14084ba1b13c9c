"""The ``batch`` command: many scenarios and sweeps, resumable, on cores or a Dask cluster."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from simulator.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_FAILED,
    EXIT_OK,
    ProgressBar,
    executor,
    executor_options,
    non_negative_int,
    output_folder,
    reps_count,
)
from simulator.values.errors import ScenarioError


def add_batch(commands) -> None:
    parser = commands.add_parser(
        "batch",
        help="run many scenario files and --set variants, resumable, on cores or a Dask cluster",
        description="Run every scenario (file, glob, and each --set variant) x replication as an "
        "independent task on a local process pool or a Dask cluster. Each finished task is "
        "stored at once under DIR/<scenario>/replications/, so running the same command again "
        "after an interruption (even kill -9) runs only the missing tasks and gives the same "
        "files. Writes each scenario's run files and DIR/batch.json, DIR/batch.csv and "
        "DIR/figures/overview.png, and last DIR/manifest.json (see `onestop verify`).",
        epilog="A variant is named <name>__<key.path>=<value> (characters other than letters, "
        "digits and . _ = + - become _). If a scenario or --seed changed since its task files "
        "were written, that scenario starts over. Exit codes: 0 all scenarios ran; 2 some "
        "scenarios could not be loaded (bad input) and none crashed; 1 a scenario crashed or "
        "another error. The others' results are complete either way.",
    )
    parser.add_argument("patterns", nargs="+", metavar="PATH_OR_GLOB", help="scenario files")
    parser.add_argument(
        "--out",
        type=output_folder,
        required=True,
        metavar="DIR",
        help="output folder (resumes there)",
    )
    _batch_options(parser)
    parser.set_defaults(handler=_batch)


def _batch_options(parser: argparse.ArgumentParser) -> None:
    def precision(text: str) -> tuple[float, bool]:  # argparse names the type in its message
        # imported when the option is used: building the parser must not load the batch
        # machinery (scipy, the executors) for every other command
        from simulator.execution.batch import parse_precision

        return parse_precision(text)

    add = parser.add_argument
    add("--reps", type=reps_count, default=10, metavar="N", help="replications (default 10)")
    add("--seed", type=non_negative_int, default=1, metavar="S", help="base seed (default 1)")
    executor_options(parser)
    sets = "variants with these values (TOML, else text); repeat for the product"
    add("--set", dest="sets", action="append", default=[], metavar="KEY.PATH=V1,V2", help=sets)
    add(
        "--precision",
        type=precision,
        metavar="H[%]",
        help="add replications until the 95%% half-width of --metric is <= H (H%% of the mean)",
    )
    add("--metric", metavar="NAME", help="metric for --precision and the overview figure")
    add("--max-reps", type=reps_count, default=100, metavar="M", help="cap (default 100)")
    add("--no-figures", action="store_true", help="skip the PNG figures")
    add("--quiet", action="store_true", help="no progress bar or summary lines")


def _batch(args: argparse.Namespace, command: list[str]) -> int:
    from simulator.execution.batch_plan import parse_sweep, plan_batch
    from simulator.output.result_set import begin_set, locked_folder
    from simulator.output.storage import safe_output_dir

    if args.precision and not args.metric:
        raise ScenarioError("--precision", "", args.precision[0], "needs --metric NAME")
    plan = plan_batch(args.patterns, [parse_sweep(text) for text in args.sets])
    out = safe_output_dir(args.out)
    where = executor(args)
    with locked_folder(out) as run_id:  # one batch writes into a folder at a time
        previous = begin_set(out)  # from here the folder has no manifest until the batch ends
        result = _batch_locked(args, command, plan, out, where, (run_id, previous))
    return _batch_report(result, out, where, args)


def _batch_locked(args: argparse.Namespace, command: list[str], plan, out: Path, where, set_):
    from simulator.execution.batch import Precision, run_batch
    from simulator.output.batch_files import TaskFiles, write_batch_outputs

    precision = None
    if args.precision:
        target, relative = args.precision
        precision = Precision(
            metric=args.metric, target=target, relative=relative, max_reps=args.max_reps
        )
    with ProgressBar("batch", args.quiet) as tick:
        result = run_batch(
            plan,
            reps=args.reps,
            seed=args.seed,
            executor=where,
            store=TaskFiles(out),
            precision=precision,
            progress=tick,
        )
    run_id, previous = set_
    write_batch_outputs(
        result,
        out,
        command,
        figures=not args.no_figures,
        metric=args.metric,
        run_id=run_id,
        previous=previous,
    )
    return result


def _batch_report(result, out: Path, executor, args: argparse.Namespace) -> int:
    """Failures (always, one line each on stderr), then what was done; the exit code."""
    for failure in result.failures:
        print(failure.message, file=sys.stderr)
    if not args.quiet:
        for entry, experiment in result.experiments:
            print(f"  {entry.name}: {len(experiment.replications)} replications")
        print(
            f"{len(result.experiments)} scenarios done, {len(result.failures)} failed, "
            f"{result.executed} tasks run on {executor.describe()}; results: {out}/ "
            f"(batch.json, batch.csv, <scenario>/summary.json"
            f"{'' if args.no_figures else ', figures/overview.png'})"
        )
    if not result.failures:
        return EXIT_OK
    return EXIT_BAD_INPUT if all(f.bad_input for f in result.failures) else EXIT_FAILED
