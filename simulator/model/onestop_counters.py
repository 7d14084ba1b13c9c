"""Counters of the one-stop model: ticket queues and the waits they give.

A ``CounterPool`` is the ticket queue in front of a group of counters of one site; a
``CounterSite`` holds a site's pools and its waits. Three kinds of work reach a counter
(``Ticket``), each with its own service time:

* ``RECEPTION``: a walk-in submitting a dossier. Its wait is *the* counter wait.
* ``PICKUP``: a citizen coming back for a result (``onestop_results``); its wait is
  counted apart, so the counter wait keeps meaning "wait to be served at reception".
* ``MAIL``: a postal dossier that the counter staff receive and digitise (VNPost at the
  provincial centre). Nobody stands in line for it, so it is taken only when no citizen
  waits (between tickets) and gives no wait.

No service starts while the site is closed: at the lunch break the queue waits and
service resumes at the next opening. A wait counts only *open* minutes
(``calendar.working_minutes_between``: a ticket taken at 11:25 and called at 13:40
waited 5 minutes, not 125); whether it spanned a closed period is counted apart. At the
day's last closing ``close_day`` sends everyone still queuing home: a walk-in who came
to submit gives up with a probability, or comes back at the next opening ahead of new
arrivals (their order kept); one who came for a result always comes back. Each visit
gives one wait.
"""

from __future__ import annotations

from array import array
from collections import deque
from collections.abc import Callable
from enum import IntEnum
from typing import Any

import simpy

from simulator.model.later import Later
from simulator.model.onestop_resources import Done, Sampler
from simulator.values.calendar import WorkingCalendar
from simulator.values.onestop_values import Level, OnestopScenario

# open minutes below the elapsed ones by more than this: the wait spanned a closed period
# (a margin for the rounding of two sums of minutes)
SPANNED_MINUTES = 1e-6


class Ticket(IntEnum):
    """The kind of work a counter is given; the value indexes ``CounterPool.services``."""

    RECEPTION = 0
    PICKUP = 1
    MAIL = 2


RECEPTION, PICKUP, MAIL = Ticket.RECEPTION, Ticket.PICKUP, Ticket.MAIL


class CounterPool:
    """A ticket queue in front of ``servers`` counters of one site (module docstring).

    ``services`` holds a service-time sampler per ``Ticket`` (None: that work never
    comes here). When a ticket has been served: reception, ``done(dossier, now)`` (the
    dossier is received); mail, ``scanned(dossier, now)`` (it is digitised); a pick-up is
    only counted (``CounterSite.pickups``).
    """

    __slots__ = (
        "name",
        "site",
        "servers",
        "free",
        "priority",
        "normal",
        "back",
        "returning",
        "resume_pending",
        "busy_minutes",
        "services",
        "env",
        "calendar",
        "done",
        "scanned",
        "jobs",
        "takes_pickups",
        "events",
    )

    def __init__(
        self,
        site: CounterSite,
        name: str,
        servers: int,
        services: tuple[Sampler | None, ...],
        done: Done,
        scanned: Done,
    ):
        self.name = name
        self.site = site
        self.servers = servers
        self.free = servers
        self.priority: deque = deque()
        self.normal: deque = deque()
        self.back: deque = deque()  # mail, taken when no citizen waits
        self.returning: list = []
        self.resume_pending = False
        self.busy_minutes = 0.0
        self.services = services
        self.env = site.env
        self.calendar = site.calendar
        self.done = done
        self.scanned = scanned
        self.jobs = 0  # tickets served
        self.takes_pickups = services[PICKUP] is not None
        self.events = None  # an event log (onestop_events.attach), or None: no log

    def hand_in(self, dossier: Any, now: float) -> None:
        """A ticket (``dossier.ticket``) now: served at once if a counter is free and open."""
        dossier.visit_at = now
        if self.events is not None:
            self.events.ticket(self, dossier, now)
        queued = self.priority or self.normal or self.back
        if self.free > 0 and not queued and self.calendar.is_open(now):
            self._start(dossier, now)
            return
        if dossier.ticket is MAIL:
            self.back.append(dossier)
        else:
            (self.priority if dossier.priority else self.normal).append(dossier)
            self.site.queue_change(now, 1)
        if self.free > 0 and not self.calendar.is_open(now):  # a ticket at a closed moment
            self._resume_at(self.calendar.next_open(now))

    def _start(self, dossier: Any, now: float) -> None:
        self.free -= 1
        ticket = dossier.ticket
        if self.events is not None:
            self.events.counter_start(self, dossier, now)
        if ticket is not MAIL:
            self.site.waited(dossier, ticket, now)
        service = self.services[ticket]()
        # its open minutes: a service running past the closing time is not open capacity.
        # Most end before the session closes, which needs no calendar look-up (a hot path)
        clock = now % 1440.0
        for close in self.site.closes:  # the first closing after the start, that day
            if clock < close:
                break
        if now + service <= now - clock + close:
            self.busy_minutes += service
        else:
            self.busy_minutes += self.calendar.working_minutes_between(now, now + service)
        Later(self.env, service, self._finish, dossier)

    def _finish(self, event: simpy.Event) -> None:
        now = self.env.now
        self.free += 1
        self.jobs += 1
        dossier = event.value
        if self.events is not None:  # before the next ticket takes this counter
            self.events.counter_end(self, dossier, now)
        if self.priority or self.normal or self.back:  # someone waits: ``_pull``
            self._pull(now)
        ticket = dossier.ticket
        if ticket is RECEPTION:
            self.done(dossier, now)
        elif ticket is PICKUP:  # the result is handed back: nothing follows
            self.site.pickups += 1
        else:
            self.scanned(dossier, now)

    def _pull(self, now: float) -> None:
        if not (self.priority or self.normal or self.back):
            return
        if not self.calendar.is_open(now):
            self._resume_at(self.calendar.next_open(now))
            return
        while self.free > 0:  # < 0 while counters close
            if self.priority:
                dossier = self.priority.popleft()
            elif self.normal:
                dossier = self.normal.popleft()
            elif self.back:
                self._start(self.back.popleft(), now)
                continue
            else:
                return
            self.site.queue_change(now, -1)
            self._start(dossier, now)

    def resize(self, change: int) -> None:
        """Counters open (the queue moves now) or close (busy ones as their walk-in is served)."""
        self.free += change
        if change > 0:
            self._pull(self.env.now)

    def _resume_at(self, at: float) -> None:
        if not self.resume_pending:
            self.resume_pending = True
            self.env.timeout(at - self.env.now).callbacks.append(self._resume)

    def _resume(self, _event: simpy.Event) -> None:
        now = self.env.now
        self.resume_pending = False
        for dossier in self.returning:
            dossier.visit_at = now
            if self.events is not None:
                self.events.ticket(self, dossier, now)
            (self.priority if dossier.priority else self.normal).append(dossier)
        if self.returning:
            self.site.queue_change(now, len(self.returning))
            self.returning = []
        self._pull(now)

    def close_day(self, now: float, gives_up: Callable[[], bool]) -> list:
        """Send the citizens queuing home at closing time; returns those who give up.

        Mail stays on the desk for the next opening.
        """
        if not (self.priority or self.normal):
            return []
        gone = []
        for queue in (self.priority, self.normal):
            for dossier in queue:
                ticket = dossier.ticket
                self.site.waited(dossier, ticket, now)
                if self.events is not None:
                    self.events.sent_home(self, dossier, now)
                if ticket is RECEPTION:  # fetching a result, one always comes back
                    if gives_up():
                        gone.append(dossier)
                        continue
                    dossier.visits += 1
                    self.site.returned_next_day += 1
                self.returning.append(dossier)
            self.site.queue_change(now, -len(queue))
            queue.clear()
        if self.returning:
            self._resume_at(self.calendar.next_open(now))
        return gone


class CounterSite:
    """The counters of one site: its pools, its waits and (optionally) its queue by hour.

    ``waits`` are reception waits in open minutes, ``spanned`` how many of them spanned a
    closed period; ``pickup_waits`` the same for pick-up tickets.
    """

    def __init__(
        self, name: str, env: simpy.Environment, calendar: WorkingCalendar, hourly: bool = False
    ):
        self.name = name
        self.env = env
        self.calendar = calendar
        self.pools: list[CounterPool] = []
        self.closes = tuple(float(close) for _, close in calendar.spec.sessions)  # clock times
        self.waits = array("d")
        self.spanned = 0
        self.pickup_waits = array("d")
        self.pickups = 0  # pick-up tickets served
        self.returned_next_day = 0
        self.gave_up = 0
        self.hourly = hourly
        self.queued = 0
        self.last_at = 0.0
        self.hour_area = [0.0] * 24

    def waited(self, dossier: Any, ticket: Ticket, now: float) -> None:
        """A visit's wait ends now (called, or sent home): count its open minutes."""
        visit = dossier.visit_at
        wait = now - visit
        spanned = False
        if wait > 0.0:
            clock = visit % 1440.0
            for close in self.closes:  # the first closing after the visit, that day
                if clock < close:
                    break
            if now > visit - clock + close:  # past it: count open minutes (most waits are not)
                open_wait = self.calendar.working_minutes_between(visit, now)
                spanned = wait - open_wait > SPANNED_MINUTES
                wait = open_wait
        if ticket is RECEPTION:
            self.waits.append(wait)
            self.spanned += spanned
            dossier.wait += wait
        else:
            self.pickup_waits.append(wait)

    def queue_change(self, now: float, change: int) -> None:
        if self.hourly:
            self._advance(now)
        self.queued += change

    def _advance(self, now: float) -> None:
        """Add queue length x time to the hour-of-day buckets between the last change and now."""
        last, queued = self.last_at, self.queued
        if queued:
            area = self.hour_area
            while last < now:
                boundary = (last // 60.0 + 1.0) * 60.0
                end = boundary if boundary < now else now
                area[int(last // 60.0) % 24] += queued * (end - last)
                last = end
        self.last_at = now


def counter_services(scenario: OnestopScenario, runtime: Any, level: Level) -> tuple:
    """Service-time samplers by ``Ticket``: reception, pick-up, mail (None: no such work);
    ``runtime`` is ``onestop_build.Runtime``.

    Where the counter staff digitise (VNPost at the centre), they receive a walk-in's
    dossier and then scan it in the same sitting: one reception draw plus one
    digitisation draw, and a postal dossier is a digitisation draw of counter time.
    Why two draws rather than one longer service time: the clerk scans before calling
    the next ticket (Decree 107/2021: digitised at reception), so the queue waits for the
    scan; kept apart, ``[digitisation] time`` stays one lever for every level (faster
    scanning shortens the centre's counter wait) and the reception time keeps its meaning.
    """
    spec = scenario.sites[level]
    reception = runtime.sampler(f"service.{level.value}", spec.service)
    pickup = None
    if spec.pickup_service is not None:
        pickup = runtime.sampler(f"pickup_service.{level.value}", spec.pickup_service)
    if not spec.digitise_at_counter:
        return (reception, pickup, None)
    digitise = runtime.sampler("digitise", scenario.digitisation.time)
    return (_one_sitting(reception, digitise), pickup, digitise)


def _one_sitting(receive: Sampler, digitise: Sampler) -> Sampler:
    """Reception then scanning by the same clerk: the sum of one draw of each."""

    def service() -> float:
        return receive() + digitise()

    return service


__all__ = [
    "MAIL",
    "PICKUP",
    "RECEPTION",
    "CounterPool",
    "CounterSite",
    "Ticket",
    "counter_services",
]
