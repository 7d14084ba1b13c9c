"""The ``verify`` command: is a results folder one complete run, as its manifest says?"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from simulator.cli.common import EXIT_BAD_INPUT, EXIT_OK


def add_verify(commands) -> None:
    parser = commands.add_parser(
        "verify",
        help="check that a results folder holds one complete run",
        description="Check a results folder written by run, compare, project or batch: "
        "manifest.json is present, every file it names is there with the same sha256, no "
        "other file sits in the set, nested scenario folders carry the same run id, and no "
        "run is still writing. Prints one line naming the first problem (and how many "
        "more); exit code 2.",
    )
    parser.add_argument("folders", type=Path, nargs="+", metavar="RESULTS_DIR")
    parser.set_defaults(handler=_verify)


def _verify(args: argparse.Namespace, command: list[str]) -> int:
    from simulator.output.result_set import verify_set
    from simulator.values.errors import one_line

    problems = [problem for folder in args.folders for problem in verify_set(folder)]
    if problems:
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        print(one_line(problems[0]) + more, file=sys.stderr)
        return EXIT_BAD_INPUT
    for folder in args.folders:
        print(f"{one_line(str(folder))}: one complete run")
    return EXIT_OK
