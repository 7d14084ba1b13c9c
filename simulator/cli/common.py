"""Options, progress bars and argument types shared by the ``onestop`` commands."""

from __future__ import annotations

import argparse
import math
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from simulator.values.errors import one_line
from simulator.values.limits import MAX_JOBS, MAX_REPS

if TYPE_CHECKING:  # the execution layer (numpy, the model) loads only when a command runs
    from simulator.execution.executors import Executor, Progress

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2


class OnestopParser(argparse.ArgumentParser):
    """argparse with bad arguments reported on ONE line (not usage plus error), exit 2.

    Subcommand parsers are made of the same class (argparse uses the parent's), so every
    verb reports ``onestop VERB: error: ... (see --help)``.
    """

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {one_line(message)} (see --help)\n")


def common_options(parser: argparse.ArgumentParser, default_reps: int) -> None:
    parser.add_argument(
        "--reps",
        type=reps_count,
        default=default_reps,
        metavar="N",
        help=f"independent replications (default {default_reps}, at most {MAX_REPS:,})",
    )
    parser.add_argument(
        "--seed",
        type=non_negative_int,
        default=1,
        metavar="S",
        help="base random seed; replication r uses streams of (S, r) (default 1)",
    )
    parser.add_argument(
        "--out",
        type=output_folder,
        metavar="DIR",
        help="output directory (default results/<scenario name>/)",
    )
    executor_options(parser)
    parser.add_argument("--no-figures", action="store_true", help="skip the PNG figures")
    parser.add_argument("--quiet", action="store_true", help="no progress bar or summary table")


def executor_options(parser: argparse.ArgumentParser) -> None:
    """--jobs and --dask: where replications run (every verb; ``executor(args)`` reads them)."""
    parser.add_argument(
        "--jobs",
        type=jobs_count,
        default=min(os.cpu_count() or 1, MAX_JOBS),
        metavar="J",
        help="parallel worker processes, or LocalCluster workers with --dask local "
        f"(default: the number of cores, at most {MAX_JOBS}); results are identical whatever J is",
    )
    parser.add_argument(
        "--dask",
        metavar="ADDRESS",
        help="run the replications on the Dask scheduler at ADDRESS (tcp://HOST:8786), or "
        "'local' for a LocalCluster of J workers on 127.0.0.1; the same results as without; "
        "needs pip install 'onestop-simulator[distributed]'",
    )


def executor(args: argparse.Namespace) -> Executor:
    """The executor that --jobs and --dask name."""
    from simulator.execution.executors import Executor

    return Executor.from_options(args.jobs, args.dask)


class ProgressBar:
    """A tqdm bar on a terminal (stderr), nothing otherwise; yields a Progress (done, total)."""

    def __init__(self, label: str, quiet: bool, unit: str = "rep") -> None:
        self.bar = None
        if not quiet and sys.stderr.isatty():
            from tqdm import tqdm

            # the total comes with each call: a batch's adaptive rounds raise it as they go
            self.bar = tqdm(total=0, desc=label, unit=unit, file=sys.stderr)

    def __enter__(self) -> Progress | None:
        # "is not None": a tqdm bar is falsy while its total is 0
        return self.update if self.bar is not None else None

    def update(self, done: int, total: int) -> None:
        self.bar.total = total
        self.bar.update(done - self.bar.n)

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.close()


def positive_int(text: str) -> int:
    value = non_negative_int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number >= 1, not {text!r}")
    return value


def reps_count(text: str) -> int:
    """--reps: 1 .. MAX_REPS (checked before anything is allocated for the replications)."""
    value = positive_int(text)
    if value > MAX_REPS:
        raise argparse.ArgumentTypeError(f"must be at most {MAX_REPS:,}, not {text!r}")
    return value


def jobs_count(text: str) -> int:
    """--jobs: 1 .. MAX_JOBS (each is a process, or a LocalCluster worker with its own port)."""
    value = positive_int(text)
    if value > MAX_JOBS:
        raise argparse.ArgumentTypeError(f"must be at most {MAX_JOBS}, not {text!r}")
    return value


def output_folder(text: str) -> Path:
    """--out: a folder name; empty (which would mean the current folder) or with control
    characters (which would end up inside files that name it) is refused."""
    if not text.strip():
        raise argparse.ArgumentTypeError("must name a folder, not an empty string")
    if not text.isprintable():
        raise argparse.ArgumentTypeError(f"must not contain control characters: {text!r}")
    return Path(text)


def minutes(text: str) -> float:
    """A time budget in minutes: a finite number >= 0 (0: no budget)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number of minutes, not {text!r}") from None
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"must be a finite number >= 0, not {text!r}")
    return value


def non_negative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, not {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be >= 0, not {text!r}")
    return value


def varied_scenario(args: argparse.Namespace, spread: float, prefix: str) -> tuple:
    """The base document, its parameters (``--params``) and the output folder of a command
    that varies a scenario (calibrate, history matching, sensitivity); the file is read once
    and fails early, with its own messages."""
    from simulator.execution.fitting import parse_parameter
    from simulator.output.storage import safe_output_dir
    from simulator.values.scenario import open_scenario

    handle = open_scenario(args.base)
    parameters = [parse_parameter(text, handle.document, spread=spread) for text in args.params]
    out = safe_output_dir(args.out or Path("results") / f"{prefix}_{handle.name}")
    return handle.document, parameters, out
