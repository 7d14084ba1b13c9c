"""The ``onestop`` command: the only place that reads arguments, prints and sets exit codes.

Exit codes: 0 success; 2 bad input (one line on stderr naming the file, key path,
value and what is allowed); 1 anything else.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from simulator.cli.common import EXIT_BAD_INPUT, EXIT_FAILED, OnestopParser
from simulator.output.paths import confined
from simulator.values.errors import ScenarioError, SimulatorError

DESCRIPTION = """\
Simulate public-service one-stop shops (Kon Tum province, Vietnam) and plain
queueing networks from TOML scenario files.

commands:
  run       run replications of one scenario and write summary, tables and figures
  check     validate scenario files without running them
  compare   compare scenarios on common random numbers (paired differences, HTML report)
  calibrate fit scenario parameters to published targets (scipy.optimize, common random numbers)
  sensitivity  move each parameter +/-20% and show the effect on the headline metrics;
               --method morris: which assumptions the outcomes depend on (SALib)
  batch     many scenario files and --set sweeps: resumable, on all cores or a Dask cluster
  project   late rate, backlog and waits over several quarters (trends, dated changes, fan chart)
  metrics   list every metric: name pattern, unit, kind, labels (--lang vi), headline, identity
  validate  set a scenario against published figures it was not fitted to (validation.csv)
  backtest  calibrate on period A, predict period B from its known inputs, validate on B
  staff     least-cost staffing meeting service-level targets (greedy on common random numbers)
  app       the planner's web page on http://127.0.0.1:8501/ (vi/en; needs the [app] extra)
  animate   one day at one site's counters as an HTML animation (needs the [animate] extra)

Examples:
  onestop run scenarios/baseline_q1_2022.toml --reps 10
  onestop check scenarios/*.toml
  onestop compare scenarios/baseline_q1_2022.toml scenarios/online_30.toml --reps 20
  onestop batch 'scenarios/*.toml' --reps 20 --out results/batch --set run.customers=5000,9000
  onestop project scenarios/projection_2022_2024.toml --quarters 8 --reps 10
  onestop metrics --lang vi
  onestop validate scenarios/baseline_q1_2022.toml --targets scenarios/targets_q1_2022.toml
  onestop run scenarios/baseline_q1_2022.toml --set sites.district.counters.section=3
  onestop app --port 8501
  onestop animate scenarios/baseline_q1_2022.toml --site provincial_centre --date 2022-01-17
"""


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(argv[0] if argv else None)
    args = parser.parse_args(argv)
    try:
        with confined():  # every file the verb writes must lie inside its --out
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


# Each command, in the order of --help: the module of simulator.cli that defines it and the
# function that adds its parser. A module is imported only when its parser is built.
COMMANDS = {
    "run": ("run", "add_run"),
    "check": ("run", "add_check"),
    "compare": ("run", "add_compare"),
    "calibrate": ("fit", "add_calibrate"),
    "sensitivity": ("fit", "add_sensitivity"),
    "batch": ("batch", "add_batch"),
    "project": ("project", "add_project"),
    "metrics": ("metrics", "add_metrics"),
    "validate": ("validate", "add_validate"),
    "backtest": ("validate", "add_backtest"),
    "verify": ("verify", "add_verify"),
    "staff": ("staff", "add_staff"),
    "app": ("app", "add_app"),
    "animate": ("animate", "add_animate"),
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command, or of the named one only: importing the fourteen
    commands' modules and building their parsers was a tenth of a small run's start-up,
    and a known command needs no other."""
    parser = OnestopParser(
        prog="onestop",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)
    for name, (module, add) in COMMANDS.items():
        if command not in COMMANDS or name == command:
            getattr(importlib.import_module(f"simulator.cli.{module}"), add)(commands)
    return parser
