"""The ``onestop`` command: the only place that reads arguments, prints and sets exit codes.

Exit codes: 0 success; 2 bad input (one line on stderr naming the file, key path,
value and what is allowed); 1 anything else.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from simulator.errors import ScenarioError, SimulatorError

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2

DESCRIPTION = """\
Simulate public-service one-stop shops (Kon Tum province, Vietnam) and plain
queueing networks from TOML scenario files.

commands:
  run       run replications of one scenario and write summary, tables and figures
  check     validate scenario files without running them
  compare   compare scenarios on common random numbers (paired differences, HTML report)
  calibrate fit scenario parameters to published targets (scipy.optimize, common random numbers)
  sensitivity  move each parameter +/-20% and show the effect on the headline metrics
  batch     many scenario files and --set sweeps: resumable, on all cores or a Dask cluster

Examples:
  onestop run scenarios/baseline_q1_2022.toml --reps 10
  onestop check scenarios/*.toml
  onestop compare scenarios/baseline_q1_2022.toml scenarios/online_30.toml --reps 20
  onestop batch 'scenarios/*.toml' --reps 20 --out results/batch --set run.customers=5000,9000
"""


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args, ["onestop", *argv])
    except ScenarioError as error:
        print(error.line(), file=sys.stderr)
        return EXIT_BAD_INPUT
    except (SimulatorError, OSError) as error:
        print(f"onestop: error: {error}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print(
            "onestop: interrupted; finished files are complete, others were not written",
            file=sys.stderr,
        )
        return 130


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="onestop",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)
    _add_run(commands)
    _add_check(commands)
    _add_compare(commands)
    _add_calibrate(commands)
    _add_sensitivity(commands)
    _add_batch(commands)
    return parser


def _common_options(parser: argparse.ArgumentParser, default_reps: int) -> None:
    parser.add_argument(
        "--reps",
        type=_positive_int,
        default=default_reps,
        metavar="N",
        help=f"independent replications (default {default_reps})",
    )
    parser.add_argument(
        "--seed",
        type=_non_negative_int,
        default=1,
        metavar="S",
        help="base random seed; replication r uses streams of (S, r) (default 1)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        help="output directory (default results/<scenario name>/)",
    )
    parser.add_argument(
        "--jobs",
        type=_positive_int,
        default=os.cpu_count() or 1,
        metavar="J",
        help="parallel worker processes (default: the number of cores); "
        "results are identical whatever J is",
    )
    parser.add_argument("--no-figures", action="store_true", help="skip the PNG figures")
    parser.add_argument("--quiet", action="store_true", help="no progress bar or summary table")


def _add_run(commands) -> None:
    parser = commands.add_parser(
        "run",
        help="run replications of one scenario",
        description="Run independent replications of one scenario and write summary.json, "
        "replications.csv, manifest.json and figures/*.png into --out.",
    )
    parser.add_argument("scenario", type=Path, help="scenario file (TOML)")
    _common_options(parser, default_reps=10)
    parser.set_defaults(handler=_run)


def _add_check(commands) -> None:
    parser = commands.add_parser(
        "check",
        help="validate scenario files without running them",
        description="Validate scenario files (with the files they extend) and calibration "
        "targets files. Prints one line per file; exit code 2 if any file is bad.",
    )
    parser.add_argument("files", type=Path, nargs="+", help="scenario files (TOML)")
    parser.set_defaults(handler=_check)


def _run(args: argparse.Namespace, command: list[str]) -> int:
    from simulator.experiment import run_experiment
    from simulator.scenario import load_scenario
    from simulator.storage import safe_output_dir, write_run_outputs

    scenario = load_scenario(args.scenario)
    out = safe_output_dir(args.out or Path("results") / scenario.name)
    with _progress(args.reps, f"{scenario.name}", args.quiet) as tick:
        result = run_experiment(
            scenario, replications=args.reps, seed=args.seed, jobs=args.jobs, progress=tick
        )
    _warn_if_overloaded(result)
    files = write_run_outputs(result, out, command)
    if not args.no_figures:
        from simulator.plots import run_figures

        files += run_figures(result, out / "figures")
    if not args.quiet:
        _print_summary(result)
        print(
            f"results: {out}/ ({', '.join(f.name for f in files[:3])}"
            f"{', figures/' if not args.no_figures else ''})"
        )
    return EXIT_OK


OVERLOADED_UTILISATION = 0.98  # mean busy fraction at or above which queues cannot settle
OVERLOADED_BACKLOG = 0.05  # share of arrivals still in the system at the end of the run


def _warn_if_overloaded(result) -> None:
    """One warning line on stderr when demand exceeds capacity: the metrics then describe a
    queue that grows with the horizon, not a steady state."""
    summary = {name: s.mean for name, s in result.summary().items() if s.n}
    busy = {k: v for k, v in summary.items() if k.startswith("utilisation.")}
    full = sorted((k for k, v in busy.items() if v >= OVERLOADED_UTILISATION), key=busy.get)
    backlog, arrivals = summary.get("in_system_at_end", 0.0), summary.get("arrivals", 0.0)
    growing = arrivals > 0 and backlog >= OVERLOADED_BACKLOG * arrivals
    if not (full or growing):
        return
    parts = [f"{k} = {busy[k]:.3f}" for k in reversed(full)][:3]
    if growing:
        parts.append(f"{backlog:.0f} of {arrivals:.0f} arrivals still in the system at the end")
    print(
        f"onestop: warning: {result.scenario.name} looks overloaded (arrivals exceed capacity): "
        f"{'; '.join(parts)}; queues grow with the horizon, so waits are not steady-state",
        file=sys.stderr,
    )


def _check(args: argparse.Namespace, command: list[str]) -> int:
    status = EXIT_OK
    for path in args.files:
        try:
            print(f"{path}: ok ({_check_one(path)})")
        except ScenarioError as error:
            print(error.line(), file=sys.stderr)
            status = EXIT_BAD_INPUT
    return status


def _check_one(path: Path) -> str:
    """Validate a scenario file, or a calibration targets file (no kind, a [[targets]] list)."""
    from simulator.document import read_toml
    from simulator.scenario import load_scenario
    from simulator.targets import load_targets

    if path.is_file() and path.suffix == ".toml" and _is_targets(read_toml, path):
        targets = load_targets(path)
        return f"targets file with {len(targets.targets)} targets"
    scenario = load_scenario(path)
    return f"{scenario.kind.value} scenario {scenario.name!r}"


def _is_targets(read_toml, path: Path) -> bool:
    data = read_toml(path)
    return "kind" not in data and "extends" not in data and "targets" in data


def _print_summary(result) -> None:
    print(
        f"{result.scenario.name}: {len(result.replications)} replications, seed {result.seed}, "
        f"{result.wall_time:.1f} s"
    )
    for name, summary in result.summary().items():
        if summary.n == 0:
            print(f"  {name:<44} undefined")
        elif summary.ci95_low is None:
            print(f"  {name:<44} {summary.mean:14.4f}")
        else:
            half = (summary.ci95_high - summary.ci95_low) / 2
            print(f"  {name:<44} {summary.mean:14.4f} ± {half:.4f}")


class _progress:
    """A tqdm bar on a terminal (stderr), nothing otherwise; yields a tick(n) callback."""

    def __init__(self, total: int, label: str, quiet: bool) -> None:
        self.bar = None
        if not quiet and sys.stderr.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=total, desc=label, unit="rep", file=sys.stderr)

    def __enter__(self):
        return self.bar.update if self.bar else None

    def __exit__(self, *exc) -> None:
        if self.bar:
            self.bar.close()


def _positive_int(text: str) -> int:
    value = _non_negative_int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number >= 1, not {text!r}")
    return value


def _non_negative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, not {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be >= 0, not {text!r}")
    return value


def _add_compare(commands) -> None:
    parser = commands.add_parser(
        "compare",
        help="compare scenarios on common random numbers",
        description="Run a base scenario and one or more alternatives with the same seed and "
        "replication numbers (common random numbers) and report, for every metric, the paired "
        "difference ALT - BASE with its 95%% Student-t interval. Writes compare.json, "
        "compare.csv, figures/diff_*.png, report.html and each scenario's run files.",
    )
    parser.add_argument("base", type=Path, help="the base scenario file (TOML)")
    parser.add_argument("alternatives", type=Path, nargs="+", help="alternative scenario files")
    _common_options(parser, default_reps=10)
    parser.add_argument(
        "--lang", choices=("en", "vi"), default="en", help="language of the report (default en)"
    )
    parser.set_defaults(handler=_compare)


def _compare(args: argparse.Namespace, command: list[str]) -> int:
    from simulator.compare import run_comparison
    from simulator.scenario import load_scenario
    from simulator.storage import safe_output_dir, write_compare_outputs, write_run_outputs

    base = load_scenario(args.base)
    alternatives = [load_scenario(path) for path in args.alternatives]
    out = safe_output_dir(args.out or Path("results") / f"compare_{base.name}")
    total = args.reps * (1 + len(alternatives))
    with _progress(total, "compare", args.quiet) as tick:
        comparison = run_comparison(
            base,
            alternatives,
            replications=args.reps,
            seed=args.seed,
            jobs=args.jobs,
            progress=tick,
        )
    for result in (comparison.base, *comparison.alternatives):
        write_run_outputs(result, out / result.scenario.name, command)
    files = write_compare_outputs(comparison, out)
    if not args.no_figures:
        files += _compare_report(comparison, out, args.lang)
    if not args.quiet:
        _print_differences(comparison)
        print(f"results: {out}/ ({', '.join(f.name for f in files)})")
    return EXIT_OK


def _compare_report(comparison, out: Path, lang: str) -> list[Path]:
    from simulator.plots import compare_figures
    from simulator.report import LABELS, TEXT, headline_metrics, write_report

    metrics = headline_metrics(comparison.base.metric_names())
    figures = compare_figures(
        comparison, metrics, LABELS[lang], TEXT[lang]["charts"], out / "figures"
    )
    return [*figures, write_report(comparison, figures, out / "report.html", lang)]


def _print_differences(comparison) -> None:
    from simulator.report import headline_metrics

    metrics = headline_metrics(comparison.base.metric_names())
    for alternative in comparison.alternatives:
        print(f"{alternative.scenario.name} - {comparison.base.scenario.name}:")
        for metric, d in comparison.differences(alternative).items():
            if metric not in metrics or d.diff_mean is None:
                continue
            interval = (
                f"[{d.diff_ci95_low:.4g}, {d.diff_ci95_high:.4g}]"
                if d.diff_ci95_low is not None
                else ""
            )
            flag = " significant" if d.significant else ""
            print(f"  {metric:<44} {d.diff_mean:+12.4g} {interval}{flag}")


def _add_calibrate(commands) -> None:
    parser = commands.add_parser(
        "calibrate",
        help="fit scenario parameters to published targets",
        description="Fit the named scenario parameters (key paths such as "
        "closing.lag_probability or agencies[2].officers) to a targets file with bounded "
        "Nelder-Mead, every candidate on the same replications and seed (common random "
        "numbers). Writes the calibrated scenario (extends the base, overrides only the fitted "
        "values), calibration.json/.csv and figures.",
    )
    parser.add_argument("base", type=Path, help="the scenario to calibrate (TOML)")
    parser.add_argument("--targets", type=Path, required=True, help="targets file (TOML)")
    parser.add_argument(
        "--params",
        nargs="+",
        required=True,
        metavar="NAME[=LOW:HIGH]",
        help="key paths to fit; without a range the base value +/-50%%",
    )
    _common_options(parser, default_reps=5)
    parser.add_argument(
        "--max-evals",
        type=_positive_int,
        default=60,
        metavar="E",
        help="evaluation budget (default 60)",
    )
    parser.add_argument(
        "--max-minutes",
        type=float,
        default=None,
        metavar="M",
        help="time budget in minutes (default none)",
    )
    parser.set_defaults(handler=_calibrate)


def _calibrate(args: argparse.Namespace, command: list[str]) -> int:
    from simulator.document import read_document
    from simulator.fitting import calibrate, parse_parameter
    from simulator.scenario import load_scenario
    from simulator.storage import safe_output_dir, write_calibration_outputs
    from simulator.targets import load_targets

    scenario = load_scenario(args.base)  # fails early, with the file's own messages
    document = read_document(args.base)
    targets = load_targets(args.targets)
    parameters = [parse_parameter(text, document, spread=0.5) for text in args.params]
    out = safe_output_dir(args.out or Path("results") / f"calibrate_{scenario.name}")
    bar = _progress(args.max_evals, "calibrate", args.quiet)
    with bar as tick:
        result = calibrate(
            document,
            targets,
            parameters,
            reps=args.reps,
            seed=args.seed,
            jobs=args.jobs,
            max_evaluations=args.max_evals,
            max_seconds=args.max_minutes * 60 if args.max_minutes else None,
            progress=(lambda _evaluation: tick(1)) if tick else None,
        )
    files = write_calibration_outputs(result, targets, document, out, command)
    if not args.no_figures:
        from simulator.plots import calibration_figures

        files += calibration_figures(result, targets, out / "figures")
    if not args.quiet:
        best = result.best
        print(
            f"best objective {best.objective:.4g} after {len(result.evaluations)} evaluations "
            f"(stopped: {result.stopped_by}): {best.values}"
        )
        print(f"results: {out}/ ({', '.join(f.name for f in files)})")
    return EXIT_OK


def _add_sensitivity(commands) -> None:
    parser = commands.add_parser(
        "sensitivity",
        help="effect of each parameter at +/-20%% on the headline metrics",
        description="Move each named parameter to the low and the high end of its range "
        "(default +/-20%%) one at a time, on common random numbers, and report the paired "
        "difference of the headline metrics with 95%% CIs: sensitivity.csv/.json and a tornado "
        "figure per metric.",
    )
    parser.add_argument("base", type=Path, help="the scenario (TOML)")
    parser.add_argument(
        "--params", nargs="+", required=True, metavar="NAME[=LOW:HIGH]", help="key paths to move"
    )
    _common_options(parser, default_reps=5)
    parser.set_defaults(handler=_sensitivity)


def _sensitivity(args: argparse.Namespace, command: list[str]) -> int:
    from simulator.document import read_document
    from simulator.fitting import parse_parameter, sensitivity
    from simulator.report import headline_metrics
    from simulator.scenario import load_scenario
    from simulator.storage import safe_output_dir, write_sensitivity_outputs

    scenario = load_scenario(args.base)
    document = read_document(args.base)
    parameters = [parse_parameter(text, document, spread=0.2) for text in args.params]
    out = safe_output_dir(args.out or Path("results") / f"sensitivity_{scenario.name}")
    with _progress(1 + 2 * len(parameters), "sensitivity", args.quiet) as tick:
        result = sensitivity(
            document,
            parameters,
            reps=args.reps,
            seed=args.seed,
            jobs=args.jobs,
            progress=(lambda: tick(1)) if tick else None,
        )
    metrics = headline_metrics(result.base.metric_names())
    files = write_sensitivity_outputs(result, metrics, out)
    if not args.no_figures:
        from simulator.plots import tornado_figure

        rows = result.rows(metrics)
        files += [tornado_figure(rows, m, out / "figures" / f"tornado_{m}.png") for m in metrics]
    if not args.quiet:
        print(f"results: {out}/ ({', '.join(f.name for f in files[:2])}, figures/)")
    return EXIT_OK


def _add_batch(commands) -> None:
    parser = commands.add_parser(
        "batch",
        help="run many scenario files and --set variants, resumable, on cores or a Dask cluster",
        description="Run every scenario (file, glob, and each --set variant) x replication as an "
        "independent task on a local process pool or a Dask cluster. Each finished task is "
        "stored at once under DIR/<scenario>/replications/, so running the same command again "
        "after an interruption (even kill -9) runs only the missing tasks and gives the same "
        "files. Writes each scenario's run files and DIR/batch.json, DIR/batch.csv and "
        "DIR/figures/overview.png.",
        epilog="A variant is named <name>__<key.path>=<value> (characters other than letters, "
        "digits and . _ = + - become _). If a scenario or --seed changed since its task files "
        "were written, that scenario starts over. Exit codes: 0 all scenarios ran; 2 some "
        "scenarios could not be loaded (bad input) and none crashed; 1 a scenario crashed or "
        "another error. The others' results are complete either way.",
    )
    parser.add_argument("patterns", nargs="+", metavar="PATH_OR_GLOB", help="scenario files")
    parser.add_argument(
        "--out", type=Path, required=True, metavar="DIR", help="output folder (resumes there)"
    )
    _batch_options(parser)
    parser.set_defaults(handler=_batch)


def _batch_options(parser: argparse.ArgumentParser) -> None:
    from simulator.batch import parse_precision

    def precision(text: str) -> tuple[float, bool]:  # argparse names the type in its message
        return parse_precision(text)

    add = parser.add_argument
    add("--reps", type=_positive_int, default=10, metavar="N", help="replications (default 10)")
    add("--seed", type=_non_negative_int, default=1, metavar="S", help="base seed (default 1)")
    add(
        "--jobs",
        type=_positive_int,
        default=os.cpu_count() or 1,
        metavar="J",
        help="worker processes, or LocalCluster workers with --dask local (default: cores)",
    )
    add(
        "--dask",
        metavar="ADDRESS",
        help="run on the Dask scheduler at ADDRESS (tcp://HOST:8786), or 'local' for a "
        "LocalCluster on 127.0.0.1; needs pip install 'onestop-simulator[distributed]'",
    )
    sets = "variants with these values (TOML, else text); repeat for the product"
    add("--set", dest="sets", action="append", default=[], metavar="KEY.PATH=V1,V2", help=sets)
    add(
        "--precision",
        type=precision,
        metavar="H[%]",
        help="add replications until the 95%% half-width of --metric is <= H (H%% of the mean)",
    )
    add("--metric", metavar="NAME", help="metric for --precision and the overview figure")
    add("--max-reps", type=_positive_int, default=100, metavar="M", help="cap (default 100)")
    add("--no-figures", action="store_true", help="skip the PNG figures")
    add("--quiet", action="store_true", help="no progress bar or summary lines")


def _batch(args: argparse.Namespace, command: list[str]) -> int:
    from simulator.batch import Precision, run_batch
    from simulator.batch_files import TaskFiles, write_batch_outputs
    from simulator.batch_plan import parse_sweep, plan_batch
    from simulator.executors import Executor
    from simulator.storage import safe_output_dir

    if args.precision and not args.metric:
        raise ScenarioError("--precision", "", args.precision[0], "needs --metric NAME")
    precision = None
    if args.precision:
        target, relative = args.precision
        precision = Precision(
            metric=args.metric, target=target, relative=relative, max_reps=args.max_reps
        )
    plan = plan_batch(args.patterns, [parse_sweep(text) for text in args.sets])
    out = safe_output_dir(args.out)
    executor = Executor.from_options(args.jobs, args.dask)
    status = _progress(0, "batch", args.quiet)
    with status:
        bar = status.bar  # the total grows with adaptive rounds, so set it on each tick

        def tick(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        result = run_batch(
            plan,
            reps=args.reps,
            seed=args.seed,
            executor=executor,
            store=TaskFiles(out),
            precision=precision,
            progress=tick if bar is not None else None,  # a tqdm of total 0 is falsy
        )
        if bar is not None:
            bar.close()  # _progress skips closing a bar of total 0 (falsy), as on a full resume
    write_batch_outputs(result, out, command, figures=not args.no_figures, metric=args.metric)
    return _batch_report(result, out, executor, args)


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
