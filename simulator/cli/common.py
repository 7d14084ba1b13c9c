"""Options, progress bars and argument types shared by the ``onestop`` commands."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2


def common_options(parser: argparse.ArgumentParser, default_reps: int) -> None:
    parser.add_argument(
        "--reps",
        type=positive_int,
        default=default_reps,
        metavar="N",
        help=f"independent replications (default {default_reps})",
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
        type=Path,
        metavar="DIR",
        help="output directory (default results/<scenario name>/)",
    )
    parser.add_argument(
        "--jobs",
        type=positive_int,
        default=os.cpu_count() or 1,
        metavar="J",
        help="parallel worker processes (default: the number of cores); "
        "results are identical whatever J is",
    )
    parser.add_argument("--no-figures", action="store_true", help="skip the PNG figures")
    parser.add_argument("--quiet", action="store_true", help="no progress bar or summary table")


class ProgressBar:
    """A tqdm bar on a terminal (stderr), nothing otherwise; yields a tick(n) callback."""

    def __init__(self, total: int, label: str, quiet: bool) -> None:
        self.bar = None
        if not quiet and sys.stderr.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=total, desc=label, unit="rep", file=sys.stderr)

    def __enter__(self):
        # "is not None": a tqdm bar is falsy while its total is 0 (a batch that grows it later)
        return self.bar.update if self.bar is not None else None

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.close()


def positive_int(text: str) -> int:
    value = non_negative_int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number >= 1, not {text!r}")
    return value


def non_negative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, not {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be >= 0, not {text!r}")
    return value
