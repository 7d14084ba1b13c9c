"""The ``staff`` command: the least-cost staffing that meets service-level targets."""

from __future__ import annotations

import argparse
from pathlib import Path

from simulator.cli.common import (
    EXIT_OK,
    ProgressBar,
    common_options,
    executor,
    reps_count,
)
from simulator.cli.sets import set_option

DESCRIPTION = """\
Find the least-cost staffing that meets every service-level target with 95% confidence.

Method: greedy marginal allocation on common random numbers. Every varied count starts at
its MIN (or START); while a target is not met (its one-sided 95% bound on the wrong side of the
limit), one more unit of each count below its MAX is run on the same seeds and the step
with the largest improvement in the unmet targets per unit cost (mean paired difference)
is taken. Once every target is met, units are removed while every target stays met
(paired, same seeds). Last, the answer is checked on FRESH replications (numbers N..N+M-1,
streams the search never saw), and the report says whether it passed.

Writes into DIR: staffing.csv (pool, hour band, staff), targets.csv (mean, 95% CI, one-sided
bound, met; on the search's and the fresh replications), steps.csv, staffing.json (cost,
evaluations spent, wall time), <name>_staffed.toml (the answer: extends the scenario; loads
with onestop check) and, for a one-stop scenario, figures/staffing.png (staff by hour
against the walk-in arrival profile).
"""

EPILOG = """\
The targets file (TOML) lists [[targets]] with metric (a name `onestop metrics` knows) and
exactly one of at_most or at_least, e.g.
  [[targets]]
  metric = "share_wait_over_15min.provincial_centre"
  at_most = 0.05
A --vary key that is a shift-schedule band (sites.provincial.schedule.transport.07:00-09:00)
is reported with its pool and band; any other count as "all day". Exit codes: 0 the search
ran (whether or not the targets could be met: see staffing.json); 2 bad input; 1 other errors.
"""


def add_staff(commands) -> None:
    parser = commands.add_parser(
        "staff",
        help="least-cost staffing meeting service-level targets (greedy, common random numbers)",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("scenario", type=Path, help="the scenario (TOML)")
    parser.add_argument(
        "--targets", type=Path, required=True, metavar="SL.toml", help="service-level targets"
    )
    parser.add_argument(
        "--vary",
        nargs="+",
        required=True,
        metavar="KEY=MIN:MAX[:START]",
        help="whole-number scenario values to search (staff counts), within MIN..MAX, starting "
        "at MIN (or START)",
    )
    parser.add_argument(
        "--cost",
        nargs="+",
        default=[],
        metavar="KEY=WEIGHT",
        help="cost of one unit of a --vary key (default 1 each)",
    )
    common_options(parser, default_reps=10)
    parser.add_argument(
        "--final-reps",
        type=reps_count,
        default=None,
        metavar="M",
        help="fresh replications of the final check (default: as many as --reps)",
    )
    set_option(parser)
    parser.set_defaults(handler=_staff)


def _staff(args: argparse.Namespace, command: list[str]) -> int:
    from simulator.execution.staffing import prepare_search, search_staffing
    from simulator.output.plots_staffing import staffing_figure
    from simulator.output.staffing_files import write_staffing_outputs
    from simulator.output.storage import safe_output_dir

    problem = prepare_search(args.scenario, args.targets, args.vary, args.cost, args.sets)
    out = safe_output_dir(args.out or Path("results") / f"staff_{problem.name}")
    with ProgressBar("staff", args.quiet) as tick:
        result = search_staffing(
            problem.document,
            problem.levers,
            problem.service_levels,
            reps=args.reps,
            final_reps=args.final_reps or args.reps,
            seed=args.seed,
            executor=executor(args),
            progress=tick,
        )
    files = write_staffing_outputs(result, problem.raw, problem.sets, out, command)
    if not args.no_figures:
        drawn = staffing_figure(result, problem.answer(result), out / "figures" / "staffing.png")
        files += [drawn] if drawn else []
    if not args.quiet:
        _print_result(result, out, files)
    return EXIT_OK


def _print_result(result, out: Path, files: list[Path]) -> None:
    for lever, count in zip(result.levers, result.staffing, strict=True):
        print(f"{lever.pool} [{lever.band}]: {count}")
    for check in result.final_checks:
        verdict = "met" if check.met else "NOT met"
        mean = "n/a" if check.mean is None else f"{check.mean:.4g}"
        print(f"{check.target.describe()}: mean {mean} on fresh replications ({verdict})")
    print(
        f"cost {result.cost:g}; stopped: {result.stop.value}; final check "
        f"{'passed' if result.final_passed else 'did NOT pass'}; {result.evaluations} "
        f"evaluations in {result.wall_time:.0f} s"
    )
    print(f"results: {out}/ ({', '.join(f.name for f in files)})")
