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

Examples:
  onestop run scenarios/baseline_q1_2022.toml --reps 10
  onestop check scenarios/*.toml
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
        description="Validate scenario files (with the files they extend). Prints one line per "
        "file; exit code 2 if any file is bad.",
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


def _check(args: argparse.Namespace, command: list[str]) -> int:
    from simulator.scenario import load_scenario

    status = EXIT_OK
    for path in args.files:
        try:
            scenario = load_scenario(path)
        except ScenarioError as error:
            print(error.line(), file=sys.stderr)
            status = EXIT_BAD_INPUT
            continue
        print(f"{path}: ok ({scenario.kind.value} scenario {scenario.name!r})")
    return status


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
