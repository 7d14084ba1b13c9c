"""Shift schedules: how many staff a pool has on duty, by time band and weekday.

A schedule is a TOML table whose keys are bands and whose values are staff counts:
``"07:00-09:00" = 9`` (every working day of the calendar) or ``"fri 13:30-17:00" = 5``
(the listed weekdays, ``mon,tue,...,sun``). Outside every band the pool has its plain
count (``counters.<sector>``, ``reviewers``, ``officers``). So a schedule is a step
function of the clock on each day: ``Schedule.staff_at``. Bands never cross midnight,
so every day starts with the plain count.

Validated here: a band is ``[days ]HH:MM-HH:MM`` with from < to, inside the day's
opening hours (from the first session's opening to the last one's closing; a band
may span the lunch break, when nobody can start work anyway); Saturday or Sunday bands
only where the site opens then (``saturday`` session) and inside that session; no two
bands overlap on a day; counts are whole numbers 0..10,000.
Where schedules attach to the scenario (which pools exist): ``scenario_schedules``.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

from simulator.values.calendar import WEEKDAYS, clock_minutes
from simulator.values.errors import Location
from simulator.values.validate import Table

MAX_STAFF = 10_000
SATURDAY = 5
BAND = 'must be "HH:MM-HH:MM" or "<days> HH:MM-HH:MM" with days from mon,tue,wed,thu,fri,sat,sun'


@dataclass(frozen=True, kw_only=True)
class Band:
    """Staff on duty from ``opens`` to ``closes`` (minutes after midnight) on ``days``."""

    key: str  # as written in the scenario, e.g. "fri 13:30-17:00"
    days: frozenset[int]  # weekdays, 0 = Monday
    opens: int
    closes: int
    staff: int


@dataclass(frozen=True, kw_only=True)
class Schedule:
    """A pool's bands, in clock order; ``staff_at`` gives the count at a moment."""

    bands: tuple[Band, ...]

    def steps(self, weekday: int, plain: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """(clock minutes, staff from then) of a weekday, starting (0, plain)."""
        clocks, staff = [0], [plain]
        for band in self.bands:
            if weekday not in band.days:
                continue
            if band.opens == clocks[-1]:
                staff[-1] = band.staff  # this band starts where the last one ended
            else:
                clocks.append(band.opens)
                staff.append(band.staff)
            clocks.append(band.closes)
            staff.append(plain)
        return tuple(clocks), tuple(staff)

    def staff_at(self, weekday: int, clock: float, plain: int) -> int:
        """Staff on duty on a weekday at a clock time (minutes after midnight)."""
        clocks, staff = self.steps(weekday, plain)
        return staff[bisect_right(clocks, clock) - 1]


@dataclass(frozen=True, kw_only=True)
class Hours:
    """When a site's staff can be on duty: the calendar's sessions on working days, and
    an optional Saturday session (``site_levers.SaturdaySession``)."""

    workdays: frozenset[int]
    sessions: tuple[tuple[int, int], ...]  # (opens, closes), minutes after midnight
    saturday: tuple[int, int] | None = None

    def sessions_on(self, day: int) -> tuple[tuple[int, int], ...]:
        """The sessions of a weekday (none if the site is closed that day)."""
        if day in self.workdays:
            return self.sessions
        if day == SATURDAY and self.saturday is not None:
            return (self.saturday,)
        return ()


def parse_schedule(raw: Any, where: Location, hours: Hours, least: int = 0) -> Schedule:
    """A schedule table (band -> staff), validated; ``least`` is the smallest count allowed."""
    table = Table(raw, where)
    bands = []
    for key in list(table.data):
        days, opens, closes = _band(key, table.at(key), hours)
        staff = table.integer(key, min=least, max=MAX_STAFF)
        bands.append(Band(key=key, days=days, opens=opens, closes=closes, staff=staff))
    table.done()
    bands.sort(key=lambda band: (band.opens, band.closes, min(band.days, default=0)))
    for i, band in enumerate(bands):
        for other in bands[:i]:
            if band.days & other.days and band.opens < other.closes:
                table.at(band.key).fail(band.staff, f"overlaps the band {other.key!r}")
    return Schedule(bands=tuple(bands))


def _band(key: str, where: Location, hours: Hours) -> tuple[frozenset[int], int, int]:
    """A band key's weekdays and clock times, checked against the opening hours."""
    day_text, _, span = key.strip().rpartition(" ")
    first, sep, last = span.partition("-")
    try:
        opens, closes = clock_minutes(first), clock_minutes(last)
    except (ValueError, TypeError):
        opens = closes = -1
    names = [name.strip() for name in day_text.split(",")] if day_text else []
    if not sep or opens < 0 or any(name not in WEEKDAYS for name in names):
        where.fail(key, BAND)
    if closes <= opens:
        where.fail(key, "the band must end after it starts (and within the day)")
    days = frozenset(WEEKDAYS.index(n) for n in names) if names else hours.workdays
    for day in sorted(days):
        sessions = hours.sessions_on(day)
        if not sessions or not sessions[0][0] <= opens < closes <= sessions[-1][1]:
            shown = f"{_clock(sessions[0][0])}-{_clock(sessions[-1][1])}" if sessions else "closed"
            where.fail(key, f"must lie inside the opening hours on {WEEKDAYS[day]} ({shown})")
    return days, opens, closes


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def staffed_somewhere(schedule: Schedule, hours: Hours, plain: int) -> bool:
    """Whether anyone is on duty at some open moment of the week (else work never starts)."""
    for day in range(7):
        clocks, staff = schedule.steps(day, plain)
        ends = (*clocks[1:], 24 * 60)
        for start, end, count in zip(clocks, ends, staff, strict=True):
            for opens, closes in hours.sessions_on(day):
                if count > 0 and start < closes and end > opens:
                    return True
    return False


__all__ = ["Band", "Hours", "Schedule", "parse_schedule", "staffed_somewhere"]
