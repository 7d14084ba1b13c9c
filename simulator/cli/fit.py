"""The ``calibrate`` and ``sensitivity`` commands."""

from __future__ import annotations

import argparse
from pathlib import Path

from simulator.cli.common import (
    EXIT_OK,
    ProgressBar,
    common_options,
    executor,
    minutes,
    positive_int,
    varied_scenario,
)
from simulator.cli.history import add_history_options, history_calibrate
from simulator.cli.morris import morris_command, morris_options, wants_morris


def add_calibrate(commands) -> None:
    parser = commands.add_parser(
        "calibrate",
        help="fit scenario parameters to published targets",
        description="Fit the named scenario parameters (key paths such as "
        "closing.session_every_days or agencies[2].officers) to a targets file with bounded "
        "Nelder-Mead, every candidate on the same replications and seed (common random "
        "numbers). Writes the calibrated scenario (extends the base, overrides only the fitted "
        "values), calibration.json/.csv and figures. Targets marked identity = true are "
        "reported, not fitted. --method history instead keeps every parameter set the targets "
        "do not rule out (calibration_posterior.csv, for project --posterior).",
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
    common_options(parser, default_reps=5)
    budget_options(parser)
    add_history_options(parser)
    parser.set_defaults(handler=_calibrate_by_method)


def budget_options(parser: argparse.ArgumentParser) -> None:
    """--max-evals and --max-minutes: when a calibration stops (calibrate, backtest)."""
    parser.add_argument(
        "--max-evals",
        type=positive_int,
        default=60,
        metavar="E",
        help="evaluation budget (default 60)",
    )
    parser.add_argument(
        "--max-minutes",
        type=minutes,
        default=None,
        metavar="M",
        help="time budget in minutes (default none; 0: none)",
    )


def _calibrate_by_method(args: argparse.Namespace, command: list[str]) -> int:
    from simulator.execution.history_matching import Method

    if Method(args.method) is Method.HISTORY:
        return history_calibrate(args, command)
    return _calibrate(args, command)


def _calibrate(args: argparse.Namespace, command: list[str]) -> int:
    from simulator.execution.fitting import calibrate
    from simulator.output.study_files import write_calibration_outputs
    from simulator.values.targets import load_targets

    document, parameters, out = varied_scenario(args, 0.5, "calibrate")
    targets = load_targets(args.targets)
    with ProgressBar("calibrate", args.quiet, unit="eval") as tick:
        result = calibrate(
            document,
            targets,
            parameters,
            reps=args.reps,
            seed=args.seed,
            executor=executor(args),
            max_evaluations=args.max_evals,
            max_seconds=args.max_minutes * 60 if args.max_minutes else None,
            progress=tick,
        )
    files = write_calibration_outputs(result, targets, document, out, command)
    if not args.no_figures:
        from simulator.output.plots import calibration_figures

        files += calibration_figures(result, targets, out / "figures")
    if not args.quiet:
        best = result.best
        print(
            f"best objective {best.objective:.4g} after {len(result.evaluations)} evaluations "
            f"(stopped: {result.stopped_by}): {best.values}"
        )
        print(f"results: {out}/ ({', '.join(f.name for f in files)})")
    return EXIT_OK


def add_sensitivity(commands) -> None:
    parser = commands.add_parser(
        "sensitivity",
        help="effect of each parameter at +/-20%% on the headline metrics, or a Morris screening",
        description="Move each named parameter to the low and the high end of its range "
        "(default +/-20%) one at a time, on common random numbers, and report the paired "
        "difference of the headline metrics with 95% CIs: sensitivity.csv/.json and a tornado "
        "figure per metric. With --method morris: a Morris elementary-effects screening of all "
        "the parameters at once (ranges default +/-50%; --params all-assumptions takes every "
        "number its files mark ASSUMPTION): morris.csv, morris_design.csv, "
        "morris_parameters.csv, morris.json and a figure per metric.",
    )
    parser.add_argument("base", type=Path, help="the scenario (TOML)")
    parser.add_argument(
        "--params",
        nargs="+",
        required=True,
        metavar="NAME[=LOW:HIGH]",
        help="key paths to move; all-assumptions (morris): every number marked ASSUMPTION",
    )
    common_options(parser, default_reps=5)
    morris_options(parser)  # --method morris: a global screening instead (cli/morris.py)
    parser.set_defaults(handler=_sensitivity)


def _sensitivity(args: argparse.Namespace, command: list[str]) -> int:
    if wants_morris(args):
        return morris_command(args, command)
    from simulator.execution.fitting import sensitivity
    from simulator.output.report import headline_metrics
    from simulator.output.study_files import write_sensitivity_outputs

    document, parameters, out = varied_scenario(args, 0.2, "sensitivity")
    with ProgressBar("sensitivity", args.quiet) as tick:
        result = sensitivity(
            document,
            parameters,
            reps=args.reps,
            seed=args.seed,
            executor=executor(args),
            progress=tick,
        )
    metrics = headline_metrics(result.base.metric_names())
    files = write_sensitivity_outputs(result, metrics, out)
    if not args.no_figures:
        from simulator.output.plots import tornado_figure

        rows = result.rows(metrics)
        files += [tornado_figure(rows, m, out / "figures" / f"tornado_{m}.png") for m in metrics]
    if not args.quiet:
        print(f"results: {out}/ ({', '.join(f.name for f in files[:2])}, figures/)")
    return EXIT_OK
