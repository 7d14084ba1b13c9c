"""``onestop sensitivity --method morris``: which assumptions the outcomes depend on.

The options live here and are added to the ``sensitivity`` parser (``cli/fit.py``), whose
handler hands a Morris run to ``morris_command``. Without SALib the command exits 1 with the
line that installs it, before any work.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from simulator.cli.common import EXIT_OK, ProgressBar, executor, positive_int

OAT_REPS, MORRIS_REPS = 5, 2  # per setting (paired differences) / per design point


def morris_options(parser: argparse.ArgumentParser) -> None:
    """--method, --trajectories, --levels, --max-minutes (after common_options)."""
    parser.add_argument(
        "--method",
        default="oat",
        metavar="oat|morris",
        help="oat: each parameter at +/-20%% one at a time (default); morris: elementary "
        "effects over all parameters' ranges at once (needs SALib)",
    )
    parser.add_argument(
        "--trajectories", type=positive_int, default=10, metavar="R",
        help="morris: random trajectories, at least 2 (default 10)",
    )  # fmt: skip
    parser.add_argument(
        "--levels", type=positive_int, default=4, metavar="L",
        help="morris: grid positions per range, an even number (default 4)",
    )  # fmt: skip
    parser.add_argument(
        "--max-minutes", type=float, default=None, metavar="M",
        help="morris: stop between trajectories when the next would end after M minutes",
    )  # fmt: skip
    # The two methods want different replication counts: --reps starts unset and is filled
    # in by chosen_method (the help text of common_options names one default only).
    parser.set_defaults(reps=None)
    for action in parser._actions:
        if action.dest == "reps":
            action.help = f"replications per setting (oat, default {OAT_REPS}) or per point "
            action.help += f"(morris, default {MORRIS_REPS})"


def wants_morris(args: argparse.Namespace) -> bool:
    """Whether --method names morris; its options checked (bad input: one line, exit 2)."""
    from simulator.execution.morris_params import ALL_ASSUMPTIONS
    from simulator.execution.morris_run import SensitivityMethod
    from simulator.values.errors import ScenarioError

    try:
        method = SensitivityMethod(args.method)
    except ValueError:
        allowed = "must be oat (one at a time) or morris (elementary-effects screening)"
        raise ScenarioError("--method", "", args.method, allowed) from None
    morris = method is SensitivityMethod.MORRIS
    args.reps = args.reps or (MORRIS_REPS if morris else OAT_REPS)
    if not morris and ALL_ASSUMPTIONS in args.params:
        raise ScenarioError("--params", "", ALL_ASSUMPTIONS, "needs --method morris")
    if morris and args.trajectories < 2:
        raise ScenarioError("--trajectories", "", args.trajectories, "must be 2 or more")
    if morris and args.levels % 2:
        raise ScenarioError("--levels", "", args.levels, "must be even (2, 4, 6, ...)")
    if args.max_minutes is not None and not args.max_minutes > 0:
        raise ScenarioError("--max-minutes", "", args.max_minutes, "must be > 0")
    return morris


def morris_command(args: argparse.Namespace, command: list[str]) -> int:
    from simulator.analysis.morris import salib
    from simulator.execution.morris_params import MORRIS_SPREAD, select_parameters
    from simulator.execution.morris_run import MorrisPlan, screen
    from simulator.output.morris_files import morris_figures, write_morris_outputs
    from simulator.output.storage import safe_output_dir
    from simulator.values.scenario import open_scenario

    salib()  # fail before any work when SALib is missing (exit 1, how to install it)
    handle = open_scenario(args.base)
    selection = select_parameters(args.params, handle.document, MORRIS_SPREAD)
    plan = MorrisPlan(
        parameters=selection.parameters,
        trajectories=args.trajectories,
        levels=args.levels,
        reps=args.reps,
        seed=args.seed,
    )
    where = executor(args)
    out = safe_output_dir(args.out or Path("results") / f"morris_{handle.name}")
    if not args.quiet:
        _print_plan(plan, selection, args.max_minutes)
    with ProgressBar("morris", args.quiet) as tick:
        result = screen(
            handle.document,
            plan,
            executor=where,
            progress=tick,
            max_seconds=args.max_minutes * 60 if args.max_minutes else None,
        )
    files = write_morris_outputs(result, selection, out, command)
    if not args.no_figures:
        files += morris_figures(result, out / "figures")
    if not args.quiet:
        _print_summary(result)
        print(f"results: {out}/ ({', '.join(f.name for f in files[:4])}, figures/)")
    return EXIT_OK


def _print_plan(plan, selection, max_minutes: float | None) -> None:
    k, r = len(plan.parameters), plan.trajectories
    print(
        f"Morris screening of {k} parameters: ({k} + 1) x {r} trajectories = {plan.points} "
        f"points x {plan.reps} reps = {plan.replications} replications"
        + (f", within {max_minutes:g} minutes" if max_minutes else "")
    )
    reasons: dict[str, list[str]] = {}  # one line per reason: many lists, one shared sum
    for skipped in selection.skipped:
        reasons.setdefault(skipped.why, []).append(skipped.path)
    for why, paths in reasons.items():
        print(f"  skipped, {why}: {', '.join(paths)}")


def _print_summary(result) -> None:
    from simulator.analysis.morris import leading
    from simulator.values.metrics import label

    if result.stopped_by.value == "time":
        print(f"stopped by --max-minutes after {result.trajectories_run} trajectories")
    for metric in result.metrics():
        top = leading(result.of(metric))
        named = ", ".join(f"{i.parameter} (μ* {i.mu_star:.3g} ± {i.mu_star_conf:.2g})" for i in top)
        print(f"{label(metric)} depends most on: {named or 'none of these parameters'}")
    for metric in result.undefined:
        print(f"{label(metric)}: undefined at some points, not screened")
