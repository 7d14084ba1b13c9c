"""Resources of the one-stop model: counters, FIFO staff pools, EDF agencies.

All three are ``StaffResource``s: the model hands a dossier in with
``hand_in(dossier, now)`` and the resource calls its ``done(dossier, at)`` when the
dossier is through, drawing the work (or service) time from its own sampler; so the
model never asks which kind it holds. Three shapes, chosen for speed without changing
behaviour:

* ``FifoPool``: staff who take work first come, first served and work the calendar's
  hours (VNPost digitisers, online reviewers, FIFO agencies). Because requests reach
  it in time order (each is made inside the SimPy event at its own time), the start of
  each job is known at once: ``max(now, earliest free officer)``, and its end is
  ``calendar.add_working_minutes(start, work)``. No SimPy event is needed: ``done`` is
  called at once, with that (future) end time.
* ``EdfAgency``: earliest deadline first needs to know who is waiting when an officer
  frees up, so it keeps a heap of waiting dossiers and one SimPy timeout per job;
  ``done`` is called when the officer finishes.
* ``CounterPool`` (``onestop_counters``): the ticket queue at a group of counters,
  with a priority lane, no new service outside opening hours and a daily closing;
  ``done`` is called when the ticket has been served.

The timeouts carry the dossier as their value (``event.value``), so a callback needs
no closure per job.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable
from typing import Any, Protocol, runtime_checkable

import simpy

from simulator.model.later import Later
from simulator.values.calendar import WorkingCalendar

Done = Callable[[Any, float], None]  # (dossier, time it is through)
Sampler = Callable[[], float]  # the next draw, in (working) minutes


@runtime_checkable  # so tests can check that each kind fits
class StaffResource(Protocol):
    """What the model and the recorder use of a counter pool, staff pool or agency."""

    name: str
    servers: float  # staff; the time-weighted mean over the horizon if it changes by date
    busy_minutes: float  # of work, for utilisation (staff pools: jobs started before the horizon)
    jobs: int

    def hand_in(self, dossier: Any, now: float) -> None:
        """Take the dossier at ``now``; ``done(dossier, at)`` follows when it is through."""


@runtime_checkable
class AgencyResource(StaffResource, Protocol):
    """An agency's officers, who also take other work (entering results in the system)."""

    def hand_in_work(self, item: Any, now: float, work: float, done: Done) -> None:
        """``work`` minutes of short work on ``item`` that goes before the waiting dossiers;
        then ``done(item, at)``."""


def _owed(_item: Any, _at: float) -> None:
    """The end of owed work (time an officer spent on an entry while busy): nothing follows."""


def _worked_before(
    calendar: WorkingCalendar, start: float, end: float, work: float, horizon: float
) -> float:
    """The working minutes of a job [start, end) that fall before the horizon: a job still
    running at the horizon counts only its part inside, so each officer's busy minutes never
    exceed the working minutes of the horizon (utilisation <= 1 by construction)."""
    if end <= horizon:
        return work
    return max(0.0, calendar.working_minutes_between(start, horizon))


class FifoPool:
    """``servers`` staff working FIFO on the calendar's hours; work in working minutes."""

    __slots__ = (
        "name",
        "servers",
        "calendar",
        "free_at",
        "busy_minutes",
        "jobs",
        "horizon",
        "work",
        "done",
    )

    def __init__(
        self,
        name: str,
        servers: int,
        calendar: WorkingCalendar,
        horizon: float,
        work: Sampler,
        done: Done,
    ):
        self.name = name
        self.servers = servers
        self.calendar = calendar
        self.free_at = [0.0] * servers  # a heap: when each officer is next free
        self.busy_minutes = 0.0  # working minutes of jobs started before the horizon
        self.jobs = 0
        self.horizon = horizon
        self.work = work
        self.done = done

    def hand_in(self, dossier: Any, now: float) -> None:
        """Work on the dossier handed in now (in time order); ``done`` gets its end at once."""
        work = self.work()
        start = self.free_at[0]
        if start < now:
            start = now
        end = self.calendar.add_working_minutes(start, work)
        heapq.heapreplace(self.free_at, end)
        horizon = self.horizon
        if start < horizon:  # most jobs end before the horizon: no call (a hot path)
            if end <= horizon:
                self.busy_minutes += work
            else:
                self.busy_minutes += _worked_before(self.calendar, start, end, work, horizon)
            self.jobs += 1
        self.done(dossier, end)

    def hand_in_work(self, item: Any, now: float, work: float, done: Done) -> None:
        """Short work that goes first (entering a result): done ``work`` after now, and the
        officer free earliest takes up their queued dossier work that much later."""
        start = self.free_at[0]
        start = now if now > start else start  # max(free_at[0], now)
        end = self.calendar.add_working_minutes(start, work)
        heapq.heapreplace(self.free_at, end)
        horizon = self.horizon
        if now < horizon:
            if end <= horizon:  # no call for most jobs, as in ``hand_in``
                self.busy_minutes += work
            else:
                self.busy_minutes += _worked_before(self.calendar, start, end, work, horizon)
            self.jobs += 1
        # an officer free now ends it at ``end``: the same sum, without computing it again
        done(item, end if start == now else self.calendar.add_working_minutes(now, work))


class EdfAgency:
    """Officers taking the waiting dossier with the earliest deadline, then the earliest arrival."""

    __slots__ = (
        "name",
        "servers",
        "calendar",
        "env",
        "free",
        "waiting",
        "busy_minutes",
        "jobs",
        "horizon",
        "done",
        "work",
        "count",
    )

    def __init__(
        self,
        name: str,
        servers: int,
        calendar: WorkingCalendar,
        env: simpy.Environment,
        horizon: float,
        work: Sampler,
        done: Done,
    ):
        self.name = name
        self.servers = servers
        self.calendar = calendar
        self.env = env
        self.free = servers
        # (deadline, arrival number, dossier, job): job None is dossier work (drawn when it
        # starts), else (minutes, done) of other work such as entering a result
        self.waiting: list[tuple[float, int, Any, Any]] = []
        self.busy_minutes = 0.0
        self.jobs = 0
        self.horizon = horizon
        self.work = work
        self.done = done  # called with (dossier, now) when its work is finished
        self.count = 0

    def hand_in(self, dossier: Any, now: float) -> None:
        """Start now if an officer is free, else wait by ``dossier.deadline_at``, then arrival."""
        self._arrive(dossier, None, now)

    def hand_in_work(self, item: Any, now: float, work: float, done: Done) -> None:
        """Short work that goes first (entering a result), as in ``FifoPool``: with every
        officer busy, one pauses their dossier for it, so it is done ``work`` after now, and
        the time is made up before the next waiting dossier is taken (an owed job at the
        head of the queue). Waiting for a long dossier to finish would hold results back
        from the system under this discipline only, and bias comparisons with FIFO."""
        if self.free > 0:
            self._arrive(item, (work, done), now)
            return
        self.count += 1
        heapq.heappush(self.waiting, (-math.inf, self.count, None, (work, _owed)))
        done(item, self.calendar.add_working_minutes(now, work))

    def _arrive(self, dossier: Any, job: Any, now: float) -> None:
        self.count += 1
        if self.free > 0:
            self.free -= 1
            self._start(dossier, job, now)
        else:
            key = dossier.deadline_at if job is None else -math.inf
            heapq.heappush(self.waiting, (key, self.count, dossier, job))

    def _start(self, dossier: Any, job: Any, now: float) -> None:
        work = self.work() if job is None else job[0]
        end = self.calendar.add_working_minutes(now, work)
        if now < self.horizon:
            self.busy_minutes += _worked_before(self.calendar, now, end, work, self.horizon)
            self.jobs += 1
        # the value is the dossier, or (dossier, job) for other work
        value = dossier if job is None else (dossier, job)
        Later(self.env, end - now, self._finish, value)

    def _finish(self, event: simpy.Event) -> None:
        now = self.env.now
        if self.waiting and self.free >= 0:  # free < 0: officers leaving (dated changes)
            self._start_next(now)
        else:
            self.free += 1
        value = event.value
        if type(value) is tuple:
            dossier, (_work, done) = value
            done(dossier, now)
        else:
            self.done(value, now)

    def _start_next(self, now: float) -> None:
        _deadline, _count, dossier, job = heapq.heappop(self.waiting)
        self._start(dossier, job, now)

    def resize(self, change: int) -> None:
        """More officers start on waiting dossiers now; fewer leave as they finish their work."""
        self.free += change
        while self.free > 0 and self.waiting:
            self.free -= 1
            self._start_next(self.env.now)
