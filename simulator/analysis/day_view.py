"""One working day at one site, from the event log: who queued where, and which counter served whom.

The event log (``model.onestop_events``) has one row per step; a day at a site's counters
needs only a few of them: a citizen's ``take ticket`` opens a *visit*, ``called`` or
``sent home`` ends it; a counter is *busy* from ``called`` (or ``digitise start``, a
postal dossier scanned between tickets) to the step that ends that service (``reception
end``, ``picked up``, ``digitised``), on the counter number the row gives. Everything here
is in minutes since 00:00 of the scenario's start date, like the model.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

# columns of a model row (onestop_events.EVENT_FIELDS)
CASE, ACTIVITY, AT, RESOURCE, INSTANCE, SITE, CHANNEL, PRIORITY = range(8)
STARTS = {"called", "digitise start"}
ENDS = {"reception end", "picked up", "digitised"}


@dataclass(frozen=True, kw_only=True)
class Visit:
    """A citizen's ticket at a counter pool: queueing from ``ticket_at`` to ``left_at``."""

    case: int
    pool: str
    channel: str  # walkin, postal, online
    priority: bool
    pickup: bool  # came for a result (else to submit, or to bring a supplement)
    ticket_at: float
    left_at: float  # called, or sent home at closing; inf: still there at the day's end
    sent_home: bool
    wait_min: float  # open minutes waited when called (NaN if sent home or never called)


@dataclass(frozen=True, kw_only=True)
class Service:
    """A counter busy from ``start_at`` to ``end_at`` (inf: past the day's end)."""

    pool: str
    counter: int  # 1, 2, ... within its pool
    channel: str
    mail: bool  # a postal dossier scanned between tickets (nobody at the counter)
    start_at: float
    end_at: float


@dataclass(frozen=True, kw_only=True)
class DayView:
    site: str
    day_start: float  # 00:00 of the day
    pools: tuple[tuple[str, int], ...]  # counter pools of the site and their counters
    visits: tuple[Visit, ...]
    services: tuple[Service, ...]


def day_view(
    rows: Iterable[tuple],
    pools: Iterable[tuple[str, int]],
    day_start: float,
    closed: set[int],
    open_minutes: Callable[[float, float], float],
) -> DayView:
    """The visits and services of the day from ``rows`` (the site's counter rows, any order).

    ``closed``: cases closed before the day ends (their tickets are pick-ups);
    ``open_minutes(a, b)``: the site's open minutes between two times (a wait's length).
    """
    day = sorted((r for r in rows if day_start <= r[AT] < day_start + 1440.0), key=_order)
    pools = tuple(pools)
    site = next((r[SITE] for r in day), "")
    visits = _visits(day, closed, open_minutes)
    services = _services(day)
    sizes = {name: n for name, n in pools}
    for service in services:  # a dated change may have opened counters beyond the first count
        sizes[service.pool] = max(sizes.get(service.pool, 0), service.counter)
    return DayView(
        site=site,
        day_start=day_start,
        pools=tuple(sizes.items()),
        visits=tuple(visits),
        services=tuple(services),
    )


def _order(row: tuple) -> tuple:
    # at a tie a service ends before the next one starts on that counter (as in the model)
    return (row[AT], 0 if row[ACTIVITY] in ENDS else 1)


def _visits(day: list[tuple], closed: set[int], open_minutes) -> list[Visit]:
    queueing: dict[tuple[int, str], tuple] = {}
    visits = []
    for row in day:
        key = (row[CASE], row[RESOURCE])
        activity = row[ACTIVITY]
        if activity == "take ticket":
            queueing[key] = row
        elif activity in ("called", "sent home") and key in queueing:
            ticket = queueing.pop(key)
            called = activity == "called"
            wait = open_minutes(ticket[AT], row[AT]) if called else math.nan
            visits.append(_visit(ticket, row[AT], not called, wait, closed))
    visits.extend(_visit(t, math.inf, False, math.nan, closed) for t in queueing.values())
    return visits


def _visit(ticket: tuple, left_at: float, sent_home: bool, wait: float, closed) -> Visit:
    return Visit(
        case=ticket[CASE],
        pool=ticket[RESOURCE],
        channel=ticket[CHANNEL],
        priority=bool(ticket[PRIORITY]),
        pickup=ticket[CASE] in closed,
        ticket_at=ticket[AT],
        left_at=left_at,
        sent_home=sent_home,
        wait_min=wait,
    )


def _services(day: list[tuple]) -> list[Service]:
    busy: dict[tuple[str, int], tuple] = {}
    services = []
    for row in day:
        if row[INSTANCE] is None:  # not a counter's step
            continue
        key = (row[RESOURCE], int(row[INSTANCE]))
        if row[ACTIVITY] in STARTS:
            busy[key] = row
        elif row[ACTIVITY] in ENDS and key in busy:
            services.append(_service(busy.pop(key), row[AT]))
    services.extend(_service(start, math.inf) for start in busy.values())
    return services


def _service(start: tuple, end_at: float) -> Service:
    return Service(
        pool=start[RESOURCE],
        counter=int(start[INSTANCE]),
        channel=start[CHANNEL],
        mail=start[ACTIVITY] == "digitise start",
        start_at=start[AT],
        end_at=end_at,
    )


def queue_at(view: DayView, at: float) -> dict[str, list[Visit]]:
    """Who is queueing at ``at`` in each pool, in the order they will be called
    (the priority lane first, then by ticket)."""
    waiting: dict[str, list[Visit]] = {name: [] for name, _ in view.pools}
    for visit in view.visits:
        if visit.ticket_at <= at < visit.left_at:
            waiting.setdefault(visit.pool, []).append(visit)
    for queue in waiting.values():
        queue.sort(key=lambda v: (not v.priority, v.ticket_at))
    return waiting


def busy_at(view: DayView, at: float) -> dict[tuple[str, int], Service]:
    """The service on each busy counter at ``at``, by (pool, counter)."""
    return {(s.pool, s.counter): s for s in view.services if s.start_at <= at < s.end_at}


def mean_wait_by(view: DayView, at: float) -> tuple[float, int]:
    """The mean open-minute wait of the visits called by ``at``, and their number."""
    waits = [v.wait_min for v in view.visits if not v.sent_home and v.left_at <= at]
    return (sum(waits) / len(waits), len(waits)) if waits else (math.nan, 0)


def sent_home_by(view: DayView, at: float) -> list[Visit]:
    return [v for v in view.visits if v.sent_home and v.left_at <= at]


__all__ = [
    "DayView",
    "Service",
    "Visit",
    "busy_at",
    "day_view",
    "mean_wait_by",
    "queue_at",
    "sent_home_by",
]
