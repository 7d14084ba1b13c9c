"""Counter opening hours of a site beyond the working calendar: a Saturday morning session.

A site level with ``saturday`` (``values.site_levers``) opens its counters on every
Saturday of the horizon that is not a public holiday. Only the counters: the site's
``CounterSite`` and its ``CounterPool``s get a ``SiteHours`` in place of the working
calendar, which answers ``is_open``/``next_open`` with the Saturday sessions added and
passes everything else to the calendar. The agencies, VNPost staff and reviewers keep the
working calendar, and statutory deadlines still count working days (a walk-in received
on Saturday has its deadline counted from Monday, ``WorkingCalendar.deadline``).

At a Saturday session's close the queue is sent home as on a weekday (``close_day``): each
gives up with ``reception.give_up_share`` or comes back at the next opening, Monday.
Busy minutes on Saturdays count towards counter utilisation, whose capacity is the
working calendar's, so it reads a little high.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import timedelta
from typing import Any

from simulator.model.onestop_build import site_names
from simulator.model.onestop_counters import CounterSite
from simulator.model.onestop_day_close import send_home
from simulator.values.calendar import WorkingCalendar
from simulator.values.onestop_values import OnestopScenario
from simulator.values.site_levers import SaturdaySession

SATURDAY = 5


def saturday_sessions(
    scenario: OnestopScenario, calendar: WorkingCalendar, session: SaturdaySession
) -> list[tuple[float, float]]:
    """(opens, closes) times of the Saturday sessions in the horizon, public holidays left out."""
    sessions = []
    for index in range((scenario.end - scenario.start).days + 1):
        day = scenario.start + timedelta(days=index)
        if day.weekday() == SATURDAY and not calendar.is_public_holiday(day):
            sessions.append((calendar.at(day, session.opens), calendar.at(day, session.closes)))
    return sessions


class SiteHours:
    """The working calendar's sessions plus extra ones (sorted, not overlapping them)."""

    def __init__(self, calendar: WorkingCalendar, extra: list[tuple[float, float]]):
        self.calendar = calendar
        self.opens = [opens for opens, _ in extra]
        self.closes = [closes for _, closes in extra]

    def __getattr__(self, name: str) -> Any:
        return getattr(self.calendar, name)

    def is_open(self, t: float) -> bool:
        i = bisect_right(self.opens, t) - 1
        return (i >= 0 and t < self.closes[i]) or self.calendar.is_open(t)

    def working_minutes_between(self, start: float, end: float) -> float:
        """Open minutes between two times: the calendar's plus those of the extra sessions
        (counter waits and busy minutes count Saturday open time too)."""
        extra = 0.0
        i = bisect_right(self.closes, start)  # the first extra session closing after start
        while i < len(self.opens) and self.opens[i] < end:
            extra += max(0.0, min(end, self.closes[i]) - max(start, self.opens[i]))
            i += 1
        return self.calendar.working_minutes_between(start, end) + extra

    def next_open(self, t: float) -> float:
        """t if open then, else the earlier of the calendar's next opening and an extra one."""
        i = bisect_right(self.opens, t) - 1
        if i >= 0 and t < self.closes[i]:
            return t
        regular = self.calendar.next_open(t)
        if i + 1 < len(self.opens):
            return min(regular, self.opens[i + 1])
        return regular


def open_saturdays(model: Any) -> None:
    """Give the sites of each level with a Saturday session their hours, and its closings."""
    scenario = model.scenario
    for level, spec in scenario.sites.items():
        if spec.saturday is None:
            continue
        sessions = saturday_sessions(scenario, model.calendar, spec.saturday)
        if not sessions:
            continue
        hours = SiteHours(model.calendar, sessions)
        for name in dict.fromkeys(site_names(scenario, level)):  # the centre is listed per district
            site = model.resources.counter_sites[name]
            site.calendar = hours
            for pool in site.pools:
                pool.calendar = hours
            for _opens, closes in sessions:
                closing = model.env.timeout(closes - model.env.now)
                closing.callbacks.append(lambda _event, site=site: _close(model, site))


def _close(model: Any, site: CounterSite) -> None:
    """The Saturday session ends: the queue goes home, as at a weekday's closing."""
    send_home(model, site, model.env.now)
