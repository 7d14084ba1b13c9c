"""One replication run up to the end of one date, reduced to that day at one site's counters.

For ``onestop animate`` and the web page's "Watch a day": the model runs with an event log
(``model.onestop_events``) and stops at 24:00 of the date, not at the end of the horizon
(the arrivals are still drawn over the whole horizon, so the day has its usual volume; the
day is the same as in a full run but for draws made for results closed after it). Only the
rows of the site's counters on that date are kept in memory, with the cases closed by then
(their tickets are pick-ups); the whole event log can go to ``emit`` as well.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date
from typing import Any

from simulator.analysis.day_view import DayView, day_view
from simulator.model.onestop_build import site_names
from simulator.model.onestop_events import Activity, day_end, events_model
from simulator.streams import Streams
from simulator.values.calendar import WorkingCalendar
from simulator.values.errors import ScenarioError

CLOSED = Activity.CLOSED.value


def watch_day(
    scenario: Any,
    site: str,
    day: date,
    *,
    seed: int,
    replication: int = 0,
    emit: Callable[[tuple], None] | None = None,
) -> DayView:
    """The day ``day`` at ``site``'s counters in replication ``replication`` of ``seed``.

    ``emit``, if given, also gets every row of the event log (``EVENT_FIELDS``) up to then.
    Bad ``--site`` or ``--date``: ScenarioError naming the option, the value and what is allowed.
    """
    _check_day(scenario, day)
    start = (day - scenario.start).days * 1440.0
    kept = _Kept(site, start, emit)
    until = day_end(scenario, day)
    model = events_model(scenario, Streams(seed, replication), kept.row, until=until)
    sites = model.resources.counter_sites
    if site not in sites:
        allowed = "one of the scenario's sites with counters: " + ", ".join(sorted(sites))
        raise ScenarioError("--site", "", site, allowed)
    model.run()
    counters = sites[site]
    # the counters open at the day's end (``servers`` is a mean over the horizon when the
    # count changes by date); numbers busy during the day are added in ``day_view``
    pools = [(pool.name, max(pool.free, 0)) for pool in counters.pools]
    opened = counters.calendar.working_minutes_between
    view = day_view(kept.rows, pools, start, kept.closed, opened)
    if not view.visits and not view.services:
        allowed = f"a day when the counters of {site} open (a working day, or a Saturday session)"
        raise ScenarioError("--date", "", day.isoformat(), allowed)
    return view


class _Kept:
    """What the day needs of the event log: the site's counter rows from 00:00 of the day, and
    the cases closed by then (their tickets are pick-ups); every row goes on to ``emit``."""

    def __init__(self, site: str, start: float, emit: Callable[[tuple], None] | None) -> None:
        self.site, self.start, self.emit = site, start, emit
        self.rows: list[tuple] = []
        self.closed: set[int] = set()

    def row(self, row: tuple) -> None:
        if row[5] == self.site and row[3].startswith("counters_") and row[2] >= self.start:
            self.rows.append(row)
        elif row[1] == CLOSED:
            self.closed.add(row[0])
        if self.emit is not None:
            self.emit(row)


def counter_site_names(scenario: Any) -> list[str]:
    """The scenario's sites with counters: the provincial centre, districts, commune sections."""
    return list(dict.fromkeys(s for level in scenario.sites for s in site_names(scenario, level)))


def first_working_day(scenario: Any) -> date:
    """The horizon's first working day (the default day to watch)."""
    calendar = WorkingCalendar(
        scenario.calendar, horizon_days=(scenario.end - scenario.start).days + 1
    )
    return calendar.add_working_days(scenario.start, 0)


def _check_day(scenario: Any, day: date) -> None:
    if not scenario.start <= day <= scenario.end:
        allowed = f"a date within the scenario's horizon, {scenario.start} to {scenario.end}"
        raise ScenarioError("--date", "", day.isoformat(), allowed)


def frame_span(view: DayView) -> tuple[float, float]:
    """The minutes to animate: the first step at the counters to 10 minutes after the last."""
    times = [v.ticket_at for v in view.visits] + [s.start_at for s in view.services]
    ends = [t for v in view.visits for t in (v.left_at,) if t < math.inf]
    ends += [s.end_at for s in view.services if s.end_at < math.inf]
    first = math.floor(min(times))
    return float(first), float(math.ceil(max(ends + times)) + 10)


__all__ = ["counter_site_names", "first_working_day", "frame_span", "watch_day"]
