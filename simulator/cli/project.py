"""The ``project`` command: scenarios over several quarters, a tidy table and a fan chart."""

from __future__ import annotations

import argparse
from pathlib import Path

from simulator.cli.common import EXIT_OK, ProgressBar, common_options, executor, positive_int
from simulator.cli.sets import document_with_sets, set_option

DEFAULT_QUARTERS = 8
DEFAULT_DRAWS = 10


def add_project(commands) -> None:
    parser = commands.add_parser(
        "project",
        help="project late rate, backlog and waits over several quarters",
        description="Run each scenario for --quarters quarters from its start (replacing its "
        "horizon; arrivals.expected_new then counts the first quarter), with its [trends] and "
        "[[changes]], on common random numbers. Writes projection.csv (scenario, quarter, metric, "
        "mean, 95% CI, 5/25/50/75/95th percentiles across replications), "
        "late_rate_projection.png (a fan chart of all scenarios, the Q1/2022 reported late rate "
        "marked), each scenario's run files and, last, manifest.json (see `onestop verify`).",
    )
    parser.add_argument("scenarios", type=Path, nargs="+", help="onestop scenario files (TOML)")
    parser.add_argument(
        "--quarters",
        type=positive_int,
        default=DEFAULT_QUARTERS,
        metavar="Q",
        help=f"quarters from each scenario's start (default {DEFAULT_QUARTERS}, at most 12)",
    )
    common_options(parser, default_reps=10)
    set_option(parser, "change a value in every scenario before projecting; repeatable")
    parser.add_argument(
        "--posterior",
        type=Path,
        metavar="FILE",
        help="calibration_posterior.csv of `calibrate --method history`: run each scenario for "
        "--draws of its accepted parameter sets (--reps each), so the fan carries both "
        "replication noise and parameter uncertainty; adds projection_uncertainty.csv",
    )
    parser.add_argument(
        "--draws",
        type=positive_int,
        default=DEFAULT_DRAWS,
        metavar="K",
        help="with --posterior: how many accepted sets, evenly spaced in file order "
        f"(default {DEFAULT_DRAWS})",
    )
    parser.set_defaults(handler=_project)


def _project(args: argparse.Namespace, command: list[str]) -> int:
    from simulator.execution.projection_run import over_quarters
    from simulator.output.result_set import begin_set, locked_folder
    from simulator.output.storage import safe_output_dir

    documents = [document_with_sets(p, args.sets) for p in args.scenarios]
    scenarios = [over_quarters(document, args.quarters) for document in documents]
    plan = _posterior_plan(args) if args.posterior is not None else None
    out = safe_output_dir(args.out or Path("results") / f"project_{scenarios[0].name}")
    with locked_folder(out) as run_id:  # one run writes into a folder at a time
        previous = begin_set(out)  # from here the folder has no manifest until the run ends
        projection, files, sets = _project_locked(args, command, (scenarios, plan), out, run_id)
        _finish_project([*files, *sets], out, command, (args.seed, run_id), previous)
    if not args.quiet:
        _print_late_rates(projection)
        print(f"results: {out}/ ({', '.join(f.name for f in files)})")
    return EXIT_OK


def _project_locked(args, command, what, out: Path, run_id: str):
    """Run the projection; its files, and the manifests of the runs' sets (one ``run_id``)."""
    from simulator.execution.projection_run import run_projection
    from simulator.output.storage import write_run_outputs

    scenarios, plan = what
    if plan is not None:
        projection, sets = _over_posterior(plan, args, out, command, run_id)
        return projection, _posterior_files(projection, out, not args.no_figures), sets
    with ProgressBar("project", args.quiet) as tick:
        projection = run_projection(
            scenarios, reps=args.reps, seed=args.seed, executor=executor(args), progress=tick
        )
    sets = [
        write_run_outputs(result, out / result.scenario.name, command, run_id=run_id)[2]
        for result in projection.results
    ]
    return projection, _projection_files(projection, out, not args.no_figures), sets


def _projection_files(projection, out: Path, figures: bool) -> list[Path]:
    """projection.csv, then the fan chart: matplotlib loads only to draw it."""
    from simulator.output.projection_table import write_projection_table

    files = [write_projection_table(projection, out)]
    if figures:
        from simulator.output.projection_fan import FAN_CHART, projection_fan

        files.append(projection_fan(projection, out / FAN_CHART))
    return files


def _posterior_files(projection, out: Path, figures: bool) -> list[Path]:
    """projection.csv, projection_uncertainty.csv and the fan chart of a posterior's sets."""
    from simulator.output.projection_output import write_projection

    return write_projection(projection, out, figures=figures)


def _finish_project(files, out: Path, command, seeded, previous) -> None:
    """The projection folder's manifest, last: its files and each run folder's manifest."""
    from simulator.output.storage import finish_set

    seed, run_id = seeded
    finish_set(out, files, {"command": list(command), "seed": seed}, run_id, previous)


def _posterior_plan(args: argparse.Namespace):
    """The accepted sets to run, every scenario validated with each (before any file)."""
    from simulator.execution.posterior_projection import plan_posterior_projection
    from simulator.values.posterior import load_posterior

    posterior = load_posterior(args.posterior)
    documents = [document_with_sets(p, args.sets) for p in args.scenarios]
    return plan_posterior_projection(documents, posterior, draws=args.draws, quarters=args.quarters)


def _over_posterior(plan, args: argparse.Namespace, out: Path, command: list[str], run_id: str):
    """Every scenario for each chosen set; run files per set in <scenario>/set_<point>/."""
    from simulator.execution.posterior_projection import run_posterior_projection
    from simulator.output.storage import write_run_outputs

    with ProgressBar("project", args.quiet) as tick:
        projection = run_posterior_projection(
            plan, reps=args.reps, seed=args.seed, executor=executor(args), progress=tick
        )
    sets = []  # each run's manifest (``write_run_outputs`` returns it third)
    for runs in projection.runs:
        for draw, result in zip(projection.draws, runs, strict=True):
            folder = out / result.scenario.name / f"set_{draw.point}"
            sets.append(write_run_outputs(result, folder, command, run_id=run_id)[2])
    if not args.quiet:
        print(f"{len(plan.draws)} accepted parameter sets of {plan.source}")
    return projection, sets


def _print_late_rates(projection) -> None:
    """The median late rate and the 90% band per quarter, one line per scenario."""
    from simulator.analysis.projection import COLUMNS

    for name, rows in projection.by_scenario().items():
        chosen = [dict(zip(COLUMNS, row, strict=True)) for row in rows if row[1] == "late_rate"]
        parts = [
            f"{r['quarter']} {r['p50']:.1%} [{r['p05']:.1%}, {r['p95']:.1%}]"
            for r in chosen
            if r["p50"] is not None
        ]
        print(f"{name}: late rate, median [90% band]: {'; '.join(parts)}")
