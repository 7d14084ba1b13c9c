"""What ``onestop staff`` is asked: service-level targets, the staff it may vary, their costs.

A service-level file (TOML) lists ``[[targets]]``, each a ``metric`` the catalogue knows
(``onestop metrics``) and exactly one of ``at_most`` or ``at_least``:

    [[targets]]
    metric = "share_wait_over_15min.provincial_centre"
    at_most = 0.05     # Decision 468/QĐ-TTg: waits of at most 15 minutes by 2025

``--vary KEY=MIN:MAX`` names a whole-number scenario value (a key path as ``--set`` takes
it: ``sites.provincial.counters.land``, ``stations[0].servers``) and its range; the search
starts at MIN, or at START with ``KEY=MIN:MAX:START`` (today's count, say, so that the
removal pass may also take units away down to MIN). ``--cost KEY=WEIGHT`` is what one
more unit of KEY costs (default 1).
A key that is a band of a shift schedule (``sites.provincial.schedule.transport.07:00-09:00``)
is reported with its pool and band; any other count is reported as staffed "all day".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from simulator.values.document import parse_key_path, read_toml
from simulator.values.errors import Location, ScenarioError
from simulator.values.metrics import family_of, unknown_metric
from simulator.values.validate import Table

VARY_SOURCE = "--vary"
COST_SOURCE = "--cost"
ALL_DAY = "all day"
MAX_UNITS = 10_000  # a range wider than this is a typo, not a staffing question
# a band of a shift schedule (issue 18): "07:00-09:00" or "fri 13:30-17:00"
_BAND = re.compile(
    r"^\s*(?:(?P<days>[a-z]{3}(?:,\s*[a-z]{3})*)\s+)?(?P<start>\d\d:\d\d)-(?P<end>\d\d:\d\d)\s*$"
)


class Direction(Enum):
    AT_MOST = "at_most"
    AT_LEAST = "at_least"


@dataclass(frozen=True, kw_only=True)
class ServiceTarget:
    metric: str
    limit: float
    direction: Direction

    def met_by(self, low: float | None, high: float | None) -> bool:
        """Whether the one-sided bound on the limit's side of a mean clears the limit."""
        if self.direction is Direction.AT_MOST:
            return high is not None and high <= self.limit
        return low is not None and low >= self.limit

    def sign(self) -> float:
        """+1 when a smaller value is better (at_most), -1 when a larger one is."""
        return 1.0 if self.direction is Direction.AT_MOST else -1.0

    def describe(self) -> str:
        operator = "<=" if self.direction is Direction.AT_MOST else ">="
        return f"{self.metric} {operator} {self.limit:g}"


@dataclass(frozen=True, kw_only=True)
class ServiceLevels:
    source: str
    targets: tuple[ServiceTarget, ...]


@dataclass(frozen=True, kw_only=True)
class Lever:
    """One staff count the search may change: a key path, its range and a unit's cost."""

    key: str
    low: int
    high: int
    start: int | None = None  # where the search starts (None: at low)
    cost: float = 1.0

    @property
    def first(self) -> int:
        return self.low if self.start is None else self.start

    @property
    def pool(self) -> str:
        """The staff pool: the key without its band (``...schedule.transport``)."""
        return self.key.rpartition(".")[0] if self.band != ALL_DAY else self.key

    @property
    def band(self) -> str:
        """The schedule band the key addresses (``07:00-09:00``, ``fri 13:30-17:00``), else
        "all day": a plain count holds from opening to closing."""
        *path, last = self.key.split(".")
        if "schedule" in path[-2:] and _BAND.match(last):
            return last
        return ALL_DAY

    def hours(self) -> tuple[float, float] | None:
        """The band's clock hours (from, to), or None for "all day"."""
        match = _BAND.match(self.band)
        if not match:
            return None
        return _clock(match["start"]), _clock(match["end"])


def _clock(text: str) -> float:
    hours, minutes = text.split(":")
    return int(hours) + int(minutes) / 60


def is_service_levels(data: dict[str, Any]) -> bool:
    """A [[targets]] file of limits (at_most / at_least) rather than reported figures."""
    targets = data.get("targets")
    items = targets if isinstance(targets, list) else []
    return any(isinstance(t, dict) and ("at_most" in t or "at_least" in t) for t in items)


def load_service_levels(path: str | Path) -> ServiceLevels:
    path = Path(path)
    top = Table(read_toml(path), Location(str(path)))
    top.raw("name", "")
    top.raw("description", "")
    targets = tuple(_parse_target(item, where) for item, where in top.items("targets"))
    if not targets:
        top.at("targets").fail([], "needs at least one [[targets]] entry")
    top.done()
    return ServiceLevels(source=str(path), targets=targets)


def _parse_target(data: Any, where: Location) -> ServiceTarget:
    table = Table(data, where)
    metric = table.string("metric")
    given = [d for d in Direction if table.has(d.value)]
    if len(given) != 1:
        where.fail(dict(data), "give exactly one of at_most or at_least")
    direction = given[0]
    limit = table.number(direction.value)
    table.done()
    if family_of(metric) is None:
        table.at("metric").fail(metric, unknown_metric(metric))
    return ServiceTarget(metric=metric, limit=limit, direction=direction)


def parse_levers(vary: list[str], costs: list[str]) -> tuple[Lever, ...]:
    """``--vary KEY=MIN:MAX`` and ``--cost KEY=WEIGHT`` -> levers; exit 2 on a bad one."""
    ranges = [_parse_range(text) for text in vary]
    if not ranges:
        raise ScenarioError(VARY_SOURCE, "", vary, "give at least one --vary KEY=MIN:MAX")
    keys = [key for key, *_ in ranges]
    for key in keys:
        if keys.count(key) > 1:
            raise ScenarioError(VARY_SOURCE, key, key, "is given twice; give its range once")
    weights = dict(_parse_cost(text, keys) for text in costs)
    return tuple(
        Lever(key=key, low=low, high=high, start=start, cost=weights.get(key, 1.0))
        for key, low, high, start in ranges
    )


def _key(text: str, source: str, example: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    key = key.strip()
    if not sep or not key:
        raise ScenarioError(source, key, text, f"write {example}")
    try:
        parse_key_path(key)
    except ValueError:
        allowed = "malformed key path (e.g. stations[0].servers)"
        raise ScenarioError(source, key, text, allowed) from None
    return key, value.strip()


def _parse_range(text: str) -> tuple[str, int, int, int]:
    """``KEY=MIN:MAX`` (start at MIN) or ``KEY=MIN:MAX:START`` (start at START)."""
    key, value = _key(text, VARY_SOURCE, "KEY=MIN:MAX (sites.provincial.counters.land=4:8)")
    parts = value.split(":")
    allowed = "must be MIN:MAX or MIN:MAX:START, whole numbers with 0 <= MIN <= START <= MAX"
    try:
        numbers = [int(part) for part in parts]
    except ValueError:
        raise ScenarioError(VARY_SOURCE, key, value, allowed) from None
    if len(numbers) not in (2, 3):
        raise ScenarioError(VARY_SOURCE, key, value, allowed)
    low, high, start = numbers[0], numbers[1], numbers[-1] if len(numbers) == 3 else numbers[0]
    if not 0 <= low <= start <= high or low == high or high - low > MAX_UNITS:
        raise ScenarioError(
            VARY_SOURCE, key, value, f"{allowed}, MIN < MAX at most {MAX_UNITS:,} apart"
        )
    return key, low, high, start


def _parse_cost(text: str, keys: list[str]) -> tuple[str, float]:
    key, value = _key(text, COST_SOURCE, "KEY=WEIGHT (sites.provincial.counters.land=1.5)")
    if key not in keys:
        raise ScenarioError(COST_SOURCE, key, key, "is not one of the --vary keys")
    try:
        weight = float(value)
    except ValueError:
        weight = float("nan")
    if not 0 < weight < 1e9:
        raise ScenarioError(COST_SOURCE, key, value, "must be a number > 0 (the cost of one unit)")
    return key, weight
