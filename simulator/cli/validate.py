"""The ``validate`` and ``backtest`` commands: measurements against figures the model was not
fitted to. Both exit 0 whatever the fit (the table is the result); bad files exit 2."""

from __future__ import annotations

import argparse
from pathlib import Path

from simulator.cli.common import EXIT_OK, ProgressBar, common_options, executor
from simulator.cli.fit import budget_options
from simulator.cli.sets import load_scenario_with_sets, set_option

VALIDATION_FIGURE = Path("figures") / "validation.png"


def add_validate(commands) -> None:
    parser = commands.add_parser(
        "validate",
        help="compare a scenario with published figures it was not fitted to",
        description="Run replications of a scenario and set each target of a targets file "
        "against the simulated mean and its 95%% CI: validation.csv (target, reported, "
        "simulated_mean, ci95_low, ci95_high, error, error_in_se, within_tolerance, "
        "reported_inside_ci, tolerance), figures/validation.png, the run files and a table. "
        "Exits 0 whatever the fit: it is a measurement.",
    )
    parser.add_argument("scenario", type=Path, help="the scenario to run (TOML)")
    parser.add_argument("--targets", type=Path, required=True, help="targets file (TOML)")
    common_options(parser, default_reps=10)
    set_option(parser)
    parser.set_defaults(handler=_validate)


def _validate(args: argparse.Namespace, command: list[str]) -> int:
    from simulator.analysis.validation import check_targets, require_metrics
    from simulator.execution.experiment import run_experiment
    from simulator.output.storage import safe_output_dir, write_run_outputs
    from simulator.output.validation_files import write_validation
    from simulator.values.targets import load_targets

    scenario = load_scenario_with_sets(args.scenario, args.sets)
    targets = load_targets(args.targets)
    with ProgressBar(f"validate {scenario.name}", args.quiet) as tick:
        result = run_experiment(
            scenario, reps=args.reps, seed=args.seed, executor=executor(args), progress=tick
        )
    summary = result.summary()
    require_metrics(summary, targets)  # before any file: a misspelt target writes nothing
    checks = check_targets(summary, targets)
    out = safe_output_dir(args.out or Path("results") / f"validate_{scenario.name}")
    title = f"{scenario.name} against {targets.name} ({args.reps} replications)"

    def extra() -> list[Path]:  # written before the manifest, which lists them (result_set)
        if args.no_figures:
            return [write_validation(checks, out)]
        from simulator.output.plots_validation import validation_figure

        return [
            write_validation(checks, out),
            validation_figure(checks, out / VALIDATION_FIGURE, title),
        ]

    files = write_run_outputs(result, out, command, figures=extra)
    if not args.quiet:
        print_checks(checks)
        print(f"results: {out}/ ({', '.join(str(f.relative_to(out)) for f in files)})")
    return EXIT_OK


def add_backtest(commands) -> None:
    parser = commands.add_parser(
        "backtest",
        help="calibrate on period A, predict period B from its known inputs, validate on B",
        description="Calibrate BASE against period A's targets over --params (as calibrate "
        "does), run period B's scenario (its known inputs: volume, channel mix, calendar, dated "
        "changes; it usually extends BASE) with the fitted values, and validate it against B's "
        "targets. A fitted value is carried to B unless B sets its own, different value (a known "
        "input of B). Writes calibration/, prediction/, backtest.csv (parameter, range, base, "
        "fitted, true, predict value, applied) and validation.csv. Exits 0 whatever the fit.",
    )
    parser.add_argument("base", type=Path, help="the scenario to calibrate (TOML)")
    parser.add_argument("--fit", type=Path, required=True, metavar="A_TARGETS", help="period A")
    parser.add_argument(
        "--params",
        nargs="+",
        required=True,
        metavar="KEY[=LOW:HIGH]",
        help="key paths to fit on A; without a range the base value +/-50%%",
    )
    parser.add_argument(
        "--predict", type=Path, required=True, metavar="B_SCENARIO", help="period B's scenario"
    )
    parser.add_argument(
        "--against", type=Path, required=True, metavar="B_TARGETS", help="period B's targets"
    )
    parser.add_argument(
        "--truth",
        nargs="+",
        default=[],
        metavar="KEY=VALUE",
        help="true values of fitted parameters, when known (synthetic tests): backtest.csv "
        "then gives fitted - true",
    )
    common_options(parser, default_reps=5)
    budget_options(parser)
    parser.set_defaults(handler=_backtest)


def _backtest(args: argparse.Namespace, command: list[str]) -> int:
    from simulator.execution.backtest import backtest
    from simulator.output.storage import safe_output_dir
    from simulator.output.validation_files import write_backtest_outputs

    inputs = _backtest_inputs(args)
    out = safe_output_dir(args.out or Path("results") / f"backtest_{inputs['base'].path.stem}")
    with ProgressBar("backtest", args.quiet, unit="eval") as tick:
        result = backtest(
            **inputs,
            reps=args.reps,
            seed=args.seed,
            executor=executor(args),
            progress=tick,
            max_evaluations=args.max_evals,
            max_seconds=args.max_minutes * 60 if args.max_minutes else None,
        )
    files = write_backtest_outputs(result, inputs["fit_targets"], inputs["base"], out, command)
    if not args.no_figures:
        files += _backtest_figures(result, inputs, out)
    if not args.quiet:
        _print_transfers(result)
        print_checks(result.checks)
        print(f"results: {out}/ ({', '.join(str(f.relative_to(out)) for f in files)})")
    return EXIT_OK


def _backtest_inputs(args: argparse.Namespace) -> dict:
    """Every input file read and checked before the calibration starts."""
    from simulator.execution.backtest import parse_truth
    from simulator.execution.fitting import parse_parameter
    from simulator.values.document import read_document
    from simulator.values.scenario import load_scenario
    from simulator.values.targets import load_targets

    load_scenario(args.base)  # fails early, with the files' own messages
    load_scenario(args.predict)
    base = read_document(args.base)
    parameters = [parse_parameter(text, base, spread=0.5) for text in args.params]
    return {
        "base": base,
        "fit_targets": load_targets(args.fit),
        "parameters": parameters,
        "predict": read_document(args.predict),
        "against": load_targets(args.against),
        "truth": parse_truth(args.truth, parameters),
    }


def _backtest_figures(result, inputs: dict, out: Path) -> list[Path]:
    from simulator.output.plots import calibration_figures
    from simulator.output.plots_validation import validation_figure

    name = result.prediction.scenario.name
    title = f"Backtest: {name} predicted, against {inputs['against'].name}"
    figures = calibration_figures(
        result.calibration, inputs["fit_targets"], out / "calibration" / "figures"
    )
    return [*figures, validation_figure(result.checks, out / VALIDATION_FIGURE, title)]


def _print_transfers(result) -> None:
    """One line per fitted parameter: the fit on A and the value B ran with."""
    calibration = result.calibration
    print(
        f"calibration on A: best objective {calibration.best.objective:.4g} after "
        f"{len(calibration.evaluations)} evaluations (stopped: {calibration.stopped_by})"
    )
    for t in result.transfers:
        truth = "" if t.true is None else f" (true {t.true:g})"
        carried = "carried to B" if t.applied else f"B keeps its own {t.predict_value:g}"
        print(f"  {t.parameter.path} = {t.fitted:g}{truth}: {carried}")


def print_checks(checks) -> None:
    """The validation table on the console, and how many targets are within tolerance."""
    header = ("target", "reported", "simulated [95% CI]", "err/tol", "err/SE", "within", "in CI")
    rows = [_check_cells(check) for check in checks]
    widths = [max(len(r[i]) for r in (header, *rows)) for i in range(len(header))]
    for row in (header, *rows):  # the names left-aligned, the numbers right-aligned
        cells = [row[0].ljust(widths[0])]
        cells += [cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)]
        print("  ".join(cells))
    within = sum(check.within_tolerance for check in checks)
    inside = sum(check.reported_inside_ci for check in checks)
    print(f"{within} of {len(checks)} targets within tolerance; {inside} inside the 95% CI")


def _check_cells(check) -> tuple[str, ...]:
    s, target = check.summary, check.target
    simulated = "undefined"
    if s.mean is not None:
        ci = "" if s.ci95_low is None else f" [{_number(s.ci95_low)}, {_number(s.ci95_high)}]"
        simulated = _number(s.mean) + ci
    scaled = "" if check.error is None else f"{check.error / target.tolerance:+.2f}"
    in_se = "" if check.error_in_se is None else f"{check.error_in_se:+.1f}"
    return (target.metric, _number(target.value), simulated, scaled, in_se) + tuple(
        "yes" if verdict else "no" for verdict in (check.within_tolerance, check.reported_inside_ci)
    )


def _number(value: float) -> str:
    """Counts with thousands separators, rates and shares with four significant digits."""
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.4g}"
