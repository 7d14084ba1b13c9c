"""Shift schedules applied to the resources of a one-stop model (``values.schedules``).

A scheduled pool's staff on duty follow a step function of the clock and weekday
(``StaffClock``). The rule at a change of shift is one for every kind of pool:

* More staff: the newcomers start on the queue at once.
* Fewer staff: a server busy when its shift ends finishes the service or work in hand
  (a walk-in at the counter is served to the end, a dossier's work is done) and takes
  no new one; idle servers leave at once. So for a while more may be busy than are on
  duty, never more start than are on duty.

How each kind honours it, chosen at build time so that unscheduled pools keep their
classes and their results byte for byte:

* Counters (``CounterPool``) and EDF agencies: a SimPy event at each change
  (``ShiftChanger``, one pending event per pool) calls ``resize``, the same mechanism
  as dated changes (``onestop_epochs``). For EDF agencies a change at an opening is made
  at the closing before it, so that overnight only the officers on duty at the next
  opening take dossiers (to work them from then).
* FIFO pools (online reviewers, FIFO agencies): ``ScheduledFifoPool`` keeps the closed
  form of ``FifoPool``: a job handed in (in time order) starts at the first open moment
  at or after its arrival, and after the previous job's start, when fewer jobs are in
  hand than staff on duty; its end is ``calendar.add_working_minutes`` as before (work
  pauses while the office is closed, the officer keeps it).

``servers`` becomes the mean staff over the horizon's open minutes, for utilisation.
A district or commune agency's band count is a provincial total, split between its
instances by population with the largest remainder, as ``officers`` is (``onestop_build``).
"""

from __future__ import annotations

import heapq
import math
from bisect import bisect_right
from dataclasses import replace
from datetime import timedelta
from typing import Any

from simulator.model.onestop_build import Resources, Runtime, site_names
from simulator.model.onestop_resources import Done, EdfAgency, FifoPool, _worked_before
from simulator.values.apportion import largest_remainder
from simulator.values.calendar import WorkingCalendar
from simulator.values.onestop_values import Agency, Level, OnestopScenario
from simulator.values.schedules import Schedule

DAY = 1440.0


class StaffClock:
    """Staff on duty at a time of the run (minutes since the start's midnight)."""

    __slots__ = ("days", "first")

    def __init__(self, schedule: Schedule, plain: int, first_weekday: int):
        self.days = [schedule.steps(day, plain) for day in range(7)]
        self.first = first_weekday

    def staff_at(self, t: float) -> int:
        day = int(t // DAY)
        clocks, staff = self.days[(self.first + day) % 7]
        return staff[bisect_right(clocks, t - day * DAY) - 1]

    def next_change(self, t: float) -> tuple[float, int]:
        """The first time after ``t`` that the staff changes, and the staff from then."""
        current = self.staff_at(t)
        first = int(t // DAY)
        for day in range(first, first + 8):
            clocks, staff = self.days[(self.first + day) % 7]
            for clock, count in zip(clocks, staff, strict=True):
                if count != current and day * DAY + clock > t:
                    return day * DAY + clock, count
        return math.inf, current

    def mean(self, calendar: WorkingCalendar, horizon: float) -> float:
        """Mean staff over the open minutes of the working days before ``horizon``."""
        staff_minutes = open_minutes = 0.0
        for day in range(int(horizon // DAY)):
            if not calendar.is_working_day(calendar.start + timedelta(days=day)):
                continue
            for opens, closes in calendar.spec.sessions:
                staff_minutes += self._staff_minutes(day * DAY + opens, day * DAY + closes)
                open_minutes += closes - opens
        return staff_minutes / open_minutes if open_minutes else float(self.staff_at(0.0))

    def _staff_minutes(self, start: float, end: float) -> float:
        total, t = 0.0, start
        while t < end:
            change, _ = self.next_change(t)
            total += self.staff_at(t) * (min(change, end) - t)
            t = change
        return total


class ShiftChanger:
    """Resizes a counter pool or EDF agency at each change of its schedule (one event ahead).

    ``ahead`` (EDF agencies): a change that falls while the office is closed, or at an
    opening, is made at the closing before it, so an officer free overnight takes a dossier
    only if on duty at the next opening (as the FIFO closed form does). Counters serve no
    one while closed, and may open on Saturdays beyond the working calendar, so they change
    at the band's own times.
    """

    __slots__ = ("resource", "clock", "env", "calendar", "staff", "cursor", "ahead")

    def __init__(self, resource: Any, clock: StaffClock, runtime: Runtime, ahead: bool = False):
        self.resource, self.clock, self.env = resource, clock, runtime.env
        self.calendar, self.ahead = runtime.calendar, ahead
        self.staff = resource.servers  # the plain count, on duty at the start (midnight)
        self.cursor = runtime.env.now  # the schedule's time of the last change made
        resource.servers = clock.mean(runtime.calendar, runtime.horizon)
        self._next()

    def _next(self) -> None:
        at, staff = self.clock.next_change(self.cursor)
        if at == math.inf:
            return
        self.cursor = at
        if self.ahead:  # the end of the last open minute before it (itself if open then)
            calendar = self.calendar
            at = calendar.add_working_minutes(0.0, calendar.working_minutes_between(0.0, at))
        now = self.env.now
        self.env.timeout(max(at - now, 0.0), staff).callbacks.append(self._change)

    def _change(self, event: Any) -> None:
        staff = event.value
        self.resource.resize(staff - self.staff)
        self.staff = staff
        self._next()


class ScheduledFifoPool:
    """A FIFO staff pool whose staff follow a schedule (module docstring), in closed form."""

    __slots__ = (
        "name",
        "servers",
        "calendar",
        "clock",
        "in_hand",
        "last_start",
        "busy_minutes",
        "jobs",
        "horizon",
        "work",
        "done",
    )

    def __init__(self, pool: FifoPool, clock: StaffClock):
        self.name, self.calendar, self.clock = pool.name, pool.calendar, clock
        self.servers = clock.mean(pool.calendar, pool.horizon)
        self.in_hand: list[float] = []  # a heap: end times of the jobs started
        self.last_start = 0.0
        self.busy_minutes = 0.0
        self.jobs = 0
        self.horizon, self.work, self.done = pool.horizon, pool.work, pool.done

    def hand_in(self, dossier: Any, now: float) -> None:
        """Work on the dossier handed in now (in time order); ``done`` gets its end at once."""
        self.done(dossier, self._take(now, self.work()))

    def hand_in_work(self, item: Any, now: float, work: float, done: Done) -> None:
        """Short work that goes first (entering a result), as in ``FifoPool``: done ``work``
        after now, and an officer on duty makes up the time in FIFO order."""
        self._take(now, work)
        done(item, self.calendar.add_working_minutes(now, work))

    def _take(self, now: float, work: float) -> float:
        start = self._start_at(now)
        end = self.calendar.add_working_minutes(start, work)
        heapq.heappush(self.in_hand, end)
        if start < self.horizon:
            self.busy_minutes += _worked_before(self.calendar, start, end, work, self.horizon)
            self.jobs += 1
        return end

    def _start_at(self, now: float) -> float:
        """The first open moment >= now (and >= the last start) with a free officer on duty."""
        in_hand, clock, calendar = self.in_hand, self.clock, self.calendar
        t = max(now, self.last_start)
        while True:
            t = calendar.next_open(t)
            while in_hand and in_hand[0] <= t:
                heapq.heappop(in_hand)
            if len(in_hand) < clock.staff_at(t):
                self.last_start = t
                return t
            # wait for a job to end or the staff to change, whichever is first
            t = min(in_hand[0] if in_hand else math.inf, clock.next_change(t)[0])


def apply_schedules(scenario: OnestopScenario, resources: Resources, runtime: Runtime) -> None:
    """Put the scheduled pools on their schedules (no-op without any ``schedule``)."""
    first = scenario.start.weekday()
    for level, spec in scenario.sites.items():
        if not spec.schedules:
            continue
        for site, district in _sites_with_districts(scenario, level):
            counters = _counter_schedule(spec, level, district)
            for index, pool in enumerate(resources.counter_pools[site]):
                if level is Level.PROVINCIAL:
                    counters = spec.schedules.get(list(spec.counters)[index])
                if counters is not None:
                    ShiftChanger(pool, StaffClock(counters, pool.servers, first), runtime)
            reviewers = spec.schedules.get("reviewers")
            if reviewers is not None:
                pools = resources.review_pools[site]
                for index, pool in enumerate(pools):
                    pools[index] = _scheduled_fifo(pool, reviewers, first)
    for agency in scenario.agencies:
        if agency.schedule is not None:
            _schedule_agency(scenario, resources, runtime, agency)


def _sites_with_districts(scenario: OnestopScenario, level: Level) -> list[tuple[str, Any]]:
    """Each site of a level once, with its district (None for the provincial centre)."""
    names = site_names(scenario, level)
    if level is Level.PROVINCIAL:
        return [(names[0], None)]
    return list(zip(names, scenario.districts, strict=True))


def _counter_schedule(spec: Any, level: Level, district: Any) -> Schedule | None:
    """A district's or commune group's counter schedule: its own (``counters_by_district``)
    or the level's; None at the provincial centre (by sector) or without one."""
    if level is Level.PROVINCIAL:
        return None
    if district.name in spec.counters_by_district:
        return spec.schedules.get(district.name)
    return spec.schedules.get(next(iter(spec.counters)))


def _scheduled_fifo(pool: Any, schedule: Schedule, first: int) -> ScheduledFifoPool:
    return ScheduledFifoPool(pool, StaffClock(schedule, pool.servers, first))


def _schedule_agency(
    scenario: OnestopScenario, resources: Resources, runtime: Runtime, agency: Agency
) -> None:
    """Each instance on its share of every band (a total, split as ``officers`` is)."""
    stages = resources.agencies[agency.name]
    weights = _instance_weights(scenario, agency)
    least = 0 if agency.level is Level.PROVINCIAL else 1  # one per instance, as validated
    splits = [largest_remainder(b.staff, weights, minimum=least) for b in agency.schedule.bands]
    first = scenario.start.weekday()
    for index, stage in enumerate(stages):
        bands = tuple(
            replace(band, staff=split[index])
            for band, split in zip(agency.schedule.bands, splits, strict=True)
        )
        clock = StaffClock(Schedule(bands=bands), stage.resource.servers, first)
        if isinstance(stage.resource, EdfAgency):
            ShiftChanger(stage.resource, clock, runtime, ahead=True)
        else:
            stage.resource = ScheduledFifoPool(stage.resource, clock)


def _instance_weights(scenario: OnestopScenario, agency: Agency) -> list[float]:
    """Population weights of an agency's instances, as ``onestop_build`` splits officers."""
    districts = scenario.districts
    if agency.level is Level.PROVINCIAL:
        return [1.0]
    if agency.level is Level.DISTRICT:
        return [float(d.population) for d in districts]
    return [d.population / d.communes for d in districts for _ in range(d.communes)]


__all__ = ["ScheduledFifoPool", "ShiftChanger", "StaffClock", "apply_schedules"]
