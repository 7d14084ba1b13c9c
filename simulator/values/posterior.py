"""A posterior file: the parameter sets history matching did not rule out.

``calibration_posterior.csv`` (written by ``onestop calibrate --method history``) has
one row per design point: ``point``, ``wave``, one column per parameter (its key path),
``simulated.<metric>`` and ``implausibility.<metric>`` per informative target,
``max_implausibility`` and ``accepted``. Reading it back keeps the accepted rows, in
file order, and their parameter values; whole numbers stay whole (officer counts).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from simulator.values.errors import Location
from simulator.values.files import read_regular_file

FIXED_COLUMNS = ("point", "wave", "max_implausibility", "accepted")
DERIVED_PREFIXES = ("simulated.", "implausibility.")
MAX_POSTERIOR_BYTES = 50_000_000


@dataclass(frozen=True, kw_only=True)
class ParameterSet:
    point: int  # the design point's number in the file
    values: dict[str, float | int]  # key path -> value


@dataclass(frozen=True, kw_only=True)
class Posterior:
    source: str
    parameters: tuple[str, ...]  # key paths, in file order
    accepted: tuple[ParameterSet, ...]  # in file order
    points: int  # design points in the file, accepted or not

    def draws(self, count: int) -> tuple[ParameterSet, ...]:
        """``count`` accepted sets evenly spaced in file order (all of them if fewer).

        Deterministic, and spread over the waves and the design rather than the first
        few points of wave 1.
        """
        n = len(self.accepted)
        if count >= n:
            return self.accepted
        return tuple(self.accepted[(i * n) // count] for i in range(count))


def load_posterior(path: str | Path) -> Posterior:
    path = Path(path)
    rows, header = _read_rows(path)
    parameters = tuple(
        c for c in header if c not in FIXED_COLUMNS and not c.startswith(DERIVED_PREFIXES)
    )
    where = Location(str(path))
    for column in ("point", "accepted"):
        if column not in header:
            where.fail(list(header), f"needs a '{column}' column (a calibration_posterior.csv)")
    if not parameters:
        where.fail(list(header), "names no parameter column")
    accepted = []
    for number, row in enumerate(rows, start=2):  # line numbers, the header being line 1
        line = Location(str(path), f"line {number}")
        if _flag(row["accepted"], line.child("accepted")):
            values = {p: _number(row[p], line.child(p)) for p in parameters}
            point = _number(row["point"], line.child("point"))
            accepted.append(ParameterSet(point=int(point), values=values))
    if not accepted:
        where.child("accepted").fail(
            f"0 of {len(rows)}", "no accepted parameter set: widen the ranges or add --discrepancy"
        )
    return Posterior(
        source=str(path), parameters=parameters, accepted=tuple(accepted), points=len(rows)
    )


def _read_rows(path: Path) -> tuple[list[dict[str, str]], list[str]]:
    where = Location(str(path))
    raw = read_regular_file(path, where, limit=MAX_POSTERIOR_BYTES)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        where.fail(f"byte {error.start}", "not valid UTF-8 text")
    reader = csv.DictReader(io.StringIO(text))
    header = list(reader.fieldnames or [])
    rows = list(reader)
    if any(None in row or None in row.values() for row in rows):
        where.fail(f"{len(rows)} rows", "every row needs exactly one value per column")
    return rows, header


def _number(text: str, where: Location) -> float | int:
    try:
        return int(text)
    except ValueError:
        pass
    try:
        value = float(text)
    except ValueError:
        where.fail(text, "must be a number")
    if value != value or value in (float("inf"), float("-inf")):
        where.fail(text, "must be a finite number")
    return value


def _flag(text: str, where: Location) -> bool:
    if text not in ("true", "false"):
        where.fail(text, "must be true or false")
    return text == "true"
