"""``onestop calibrate --method history``: the parameter sets the targets do not rule out."""

from __future__ import annotations

import argparse
from pathlib import Path

from simulator.cli.common import EXIT_OK, ProgressBar, executor, positive_int, varied_scenario

# execution.history_matching.Method's values, spelt out so that `onestop --help` need not
# import scipy.stats; a test holds them equal
METHODS = ("nelder-mead", "history")
DEFAULT_DESIGN = 64


def add_history_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--method",
        choices=METHODS,
        default=METHODS[0],
        help="nelder-mead: one best fit (default); history: history matching, every point "
        "of a Latin hypercube judged by implausibility",
    )
    parser.add_argument(
        "--design",
        type=positive_int,
        default=DEFAULT_DESIGN,
        metavar="N",
        help=f"history: design points per wave (default {DEFAULT_DESIGN})",
    )
    parser.add_argument(
        "--waves",
        type=positive_int,
        default=1,
        metavar="W",
        help="history: waves; each after the first samples the box of the points not ruled "
        "out (default 1)",
    )
    parser.add_argument(
        "--discrepancy",
        type=_non_negative_float,
        default=0.0,
        metavar="D",
        help="history: model-discrepancy sd in units of each target's tolerance (default 0)",
    )


def history_calibrate(args: argparse.Namespace, command: list[str]) -> int:
    from simulator.execution.history_matching import history_match
    from simulator.output.posterior_files import write_history_outputs
    from simulator.values.targets import load_targets

    _check_options(args)
    document, parameters, out = varied_scenario(args, 0.5, "calibrate")
    targets = load_targets(args.targets)
    with ProgressBar("history", args.quiet, unit="point") as tick:
        match = history_match(
            document,
            targets,
            parameters,
            design=args.design,
            reps=args.reps,
            seed=args.seed,
            waves=args.waves,
            executor=executor(args),
            max_seconds=args.max_minutes * 60 if args.max_minutes else None,
            discrepancy=args.discrepancy,
            progress=tick,
        )
    files = write_history_outputs(match, targets, out, command)
    if not args.no_figures:
        from simulator.output.plots_posterior import history_figures

        files += history_figures(match, out / "figures")
    if not args.quiet:
        _report(match, out, files)
    return EXIT_OK


def _check_options(args: argparse.Namespace) -> None:
    """Options only history matching constrains, refused before any folder is made."""
    from simulator.values.errors import ScenarioError

    if args.reps < 2:  # the implausibility needs each point's replication variance
        raise ScenarioError("--reps", "", args.reps, "history matching needs >= 2 replications")
    if args.max_minutes is not None and args.max_minutes < 0:
        allowed = "must be >= 0 (0: no time budget), leaving time for one design point"
        raise ScenarioError("--max-minutes", "", args.max_minutes, allowed)


def _report(match, out: Path, files: list[Path]) -> None:
    seconds = match.wall_time / max(len(match.points), 1)
    print(
        f"{len(match.accepted)} of {len(match.points)} design points not ruled out "
        f"(largest implausibility <= {match.cutoff:g}; stopped: {match.stopped_by.value}); "
        f"{match.wall_time:.0f} s, {seconds:.1f} s per point of {match.reps} replications"
    )
    best = match.best
    print(f"least implausible: {best.values} (largest I {best.judgement.largest:.2f})")
    print(f"results: {out}/ ({', '.join(f.name for f in files)})")


def _non_negative_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number, not {text!r}") from None
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a finite number >= 0, not {text!r}")
    return value
