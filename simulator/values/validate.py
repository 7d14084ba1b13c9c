"""Small readers that pull typed, range-checked values out of parsed TOML tables.

Each reader takes the table, the key and the table's ``Location``; on bad input it
raises ``ScenarioError`` naming the file, key path, value and what is allowed.
Scenario sections use ``Table`` so that keys nobody read are reported as unknown:
a typo must never pass silently.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

from simulator.values.errors import MISSING, Location
from simulator.values.limits import MAX_COUNT, MAX_NAME_CHARS, MAX_TIME

__all__ = ["MAX_COUNT", "MAX_TIME"]  # sizes beyond these are typos or hostile input

# Names that become parts of metric names and so of file names (figures, folders): ASCII
# lower_snake_case only, checked at load, so no later writer has to escape anything.
IDENTIFIER = re.compile(rf"[a-z0-9_]{{1,{MAX_NAME_CHARS}}}")


class Table:
    """A TOML table being read; ``done()`` rejects any key that was not read."""

    def __init__(self, data: Any, where: Location) -> None:
        if not isinstance(data, Mapping):
            where.fail(data, "must be a table (key = value pairs)")
        self.data = data
        self.where = where
        self._read: set[str] = set()

    def has(self, key: str) -> bool:
        return key in self.data

    def raw(self, key: str, default: Any = MISSING) -> Any:
        """The value at key as parsed, or default; MISSING default means required."""
        self._read.add(key)
        if key in self.data:
            return self.data[key]
        if default is MISSING:
            self._fail_missing(key)
        return default

    def known(self, *keys: str) -> None:
        """Declare the keys of this table up front, so that a missing key is not taken
        for a misspelling of another known key that is read later."""
        self._read.update(keys)

    def _fail_missing(self, key: str) -> None:
        # A missing key next to an unread look-alike is almost always a typo: say so.
        unread = [k for k in self.data if k not in self._read]
        close = difflib.get_close_matches(key, unread, n=1)
        if close:
            self.where.child(close[0]).fail(
                self.data[close[0]], f"unknown key; did you mean {key!r}?"
            )
        self.where.child(key).fail(MISSING, "is required")

    def at(self, key: str) -> Location:
        return self.where.child(key)

    def table(self, key: str, default: Any = MISSING) -> Table:
        value = self.raw(key, {} if default is not MISSING else MISSING)
        return Table(value, self.at(key))

    def number(self, key: str, default: Any = MISSING, **limits: Any) -> float:
        return number(self.raw(key, default), self.at(key), **limits)

    def integer(self, key: str, default: Any = MISSING, **limits: Any) -> int:
        return integer(self.raw(key, default), self.at(key), **limits)

    def string(self, key: str, default: Any = MISSING, choices: Iterable[str] | None = None) -> str:
        return string(self.raw(key, default), self.at(key), choices)

    def boolean(self, key: str, default: Any = MISSING) -> bool:
        value = self.raw(key, default)
        if not isinstance(value, bool):
            self.at(key).fail(value, "must be true or false")
        return value

    def items(
        self, key: str, default: Any = MISSING, limit: int | None = None
    ) -> list[tuple[Any, Location]]:
        """The elements of a list (at most ``limit``, checked first), each with its location."""
        value = self.raw(key, default)
        if not isinstance(value, list):
            self.at(key).fail(value, "must be a list")
        if limit is not None and len(value) > limit:
            self.at(key).fail(f"{len(value)} entries", f"at most {limit:,} are allowed")
        return [(item, self.at(key).child(i)) for i, item in enumerate(value)]

    def done(self) -> None:
        """Fail on the first key that no reader asked for."""
        unknown = sorted(set(self.data) - self._read)
        if unknown:
            allowed = ", ".join(sorted(self._read)) or "no keys here"
            self.where.child(unknown[0]).fail(
                self.data[unknown[0]], f"unknown key; allowed here: {allowed}"
            )


def number(
    value: Any,
    where: Location,
    *,
    min: float | None = None,
    max: float | None = None,
    above: float | None = None,
) -> float:
    """A finite real number, optionally >= min, <= max, > above."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        where.fail(value, "must be a number")
    value = float(value)
    if not math.isfinite(value):
        where.fail(value, "must be a finite number")
    if above is not None and not value > above:
        where.fail(value, f"must be > {above:g}")
    if min is not None and value < min:
        where.fail(value, f"must be >= {min:g}")
    if max is not None and value > max:
        where.fail(value, f"must be <= {max:g}")
    return value


def integer(value: Any, where: Location, *, min: int | None = None, max: int | None = None) -> int:
    """A whole number, optionally within [min, max]."""
    if isinstance(value, bool) or not isinstance(value, int):
        where.fail(value, "must be a whole number")
    if min is not None and value < min:
        where.fail(value, f"must be >= {min}")
    if max is not None and value > max:
        where.fail(value, f"must be <= {max:,}")
    return value


def probability(value: Any, where: Location) -> float:
    return number(value, where, min=0.0, max=1.0)


def string(value: Any, where: Location, choices: Iterable[str] | None = None) -> str:
    """A non-empty string, optionally one of choices."""
    if not isinstance(value, str) or not value.strip():
        where.fail(value, "must be a non-empty string")
    if choices is not None:
        options = list(choices)
        if value not in options:
            where.fail(value, "must be one of " + ", ".join(repr(c) for c in options))
    return value


def identifier(value: Any, where: Location) -> str:
    """A station, site or district name: lower_snake_case ASCII, at most MAX_NAME_CHARS."""
    value = string(value, where)
    if not IDENTIFIER.fullmatch(value):
        where.fail(
            value,
            f"must match [a-z0-9_]+ (at most {MAX_NAME_CHARS} characters): "
            "it becomes part of metric and file names",
        )
    return value


def output_name(value: Any, where: Location) -> str:
    """A name that becomes a folder under ``--out``: no separators, no "." or "..", printable."""
    value = string(value, where)
    if value in (".", "..") or len(value) > 100 or any(c in value for c in "/\\"):
        where.fail(value, "must be a plain name of at most 100 characters, without / or \\")
    if not value.isprintable():
        where.fail(value, "must not contain control characters")
    return value


def shares_sum_to_one(
    shares: Mapping[str, float], where: Location, tolerance: float = 1e-6
) -> None:
    """Shares given as a table must add up to 1 (within rounding)."""
    total = math.fsum(shares.values())
    if abs(total - 1.0) > tolerance:
        where.fail(dict(shares), f"shares must sum to 1 (they sum to {total:.6g})")
