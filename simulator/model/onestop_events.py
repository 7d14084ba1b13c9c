"""The event log of a one-stop run: one row per step of a dossier, for animation and mining.

The model and its counters call an ``EventLog`` at each step when one is attached
(``model.events``, ``CounterPool.events``, ``Recorder.events``; all None otherwise, so a
run without an event log pays one ``is not None`` test per step). The log turns each step
into a row of ``EVENT_FIELDS`` and hands it to ``emit``.

Rows come in the order the model *decides* them, not in time order: staff pools and the
closing desk know an end time when the work is handed in, so a row may be emitted before
rows with earlier times (sort by time to replay). Rows after the horizon are not emitted:
they did not happen within the run.

What each activity means (``Activity``; the dossier's own channel says which occur):

* ``arrive``: a new dossier enters (walk-in at the door, postal at the site, online upload);
  dossiers carried over from the previous period have no arrival (they start mid-process).
* ``take ticket``: a citizen takes a ticket at a counter pool (to submit, to bring a
  supplement, to fetch a result; again at the next opening after being sent home).
* ``called`` and ``reception start``: the ticket is called to a counter (for a reception
  ticket both, at the same moment; a pick-up ticket is only ``called``).
* ``reception end``: the dossier is received: at the counter for walk-ins, on arrival by
  post, at the end of the review for online dossiers (accepted).
* ``digitise start`` (counter staff scanning a postal dossier between tickets) and
  ``digitised``: scanned, by the counter clerk in the sitting that received it, between
  tickets, or by digitisation staff behind the counters.
* ``transferred`` and ``stage start``: the dossier reaches the agency of its first stage
  (``transferred``, then ``stage start``) or of a later one (``stage start``);
  ``stage end``: the officer finished work on it (the leader's approval follows).
* ``supplement asked`` / ``supplement returned``: a request for a supplement and the
  citizen's answer (uploaded, brought to the counter, or posted).
* ``paper result``: the last stage's paper result is made; ``closed``: closed in the
  information system (resolved); ``picked up``: the result is handed over at a counter.
* ``sent home``: still queueing at the day's last closing; ``gave up``: one of them who does
  not come back; ``returned or withdrawn``: returned to the citizen, refused or withdrawn.

Resource and instance: the counter pool (``counters_<site>[.<sector or section>]``) and the
counter number within it, for counter steps; the reviewers for an accepted online dossier;
the agency for stage steps; the digitisation staff. The model does not follow individual
officers or counters: a counter's number is the lowest number free when the ticket is
called, kept until the service ends (so a counter is the k-th busy slot of its pool, and a
pool's numbers are 1..counters while its counters do not change). Other instances are
empty (None in a row: an empty CSV cell, a null in Parquet).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime, timedelta
from enum import Enum
from typing import Any

from simulator.model.onestop import OnestopModel
from simulator.model.onestop_counters import MAIL, PICKUP, RECEPTION
from simulator.model.onestop_outcomes import Outcome
from simulator.values.onestop_values import Channel

WALKIN, ONLINE = Channel.WALKIN, Channel.ONLINE

# a row as the model gives it: times in minutes since 00:00 of the start date
EVENT_FIELDS = (
    "dossier",
    "activity",
    "at",
    "resource",
    "instance",
    "site",
    "channel",
    "priority",
)
# a row in a file: the column names process-mining tools read without mapping (XES names, as
# pm4py expects them) for case, activity, timestamp and resource; the rest plain
EVENT_COLUMNS = (
    "case:concept:name",
    "concept:name",
    "time:timestamp",
    "org:resource",
    "resource_instance",
    "site",
    "channel",
    "priority",
)


class Activity(Enum):
    """A step of a dossier; the value is its name in the event log."""

    ARRIVE = "arrive"
    TAKE_TICKET = "take ticket"
    CALLED = "called"
    RECEPTION_START = "reception start"
    RECEPTION_END = "reception end"
    DIGITISE_START = "digitise start"
    DIGITISED = "digitised"
    TRANSFERRED = "transferred"
    STAGE_START = "stage start"
    STAGE_END = "stage end"
    SUPPLEMENT_ASKED = "supplement asked"
    SUPPLEMENT_RETURNED = "supplement returned"
    PAPER_RESULT = "paper result"
    CLOSED = "closed"
    PICKED_UP = "picked up"
    SENT_HOME = "sent home"
    GAVE_UP = "gave up"
    RETURNED = "returned or withdrawn"


A = Activity
# the activity that ends a dossier's counter service, by ticket
COUNTER_END = {RECEPTION: A.RECEPTION_END, PICKUP: A.PICKED_UP, MAIL: A.DIGITISED}
OUTCOME_ACTIVITY = {
    Outcome.ON_TIME: A.CLOSED,
    Outcome.LATE: A.CLOSED,
    Outcome.RETURNED: A.RETURNED,
    Outcome.GAVE_UP: A.GAVE_UP,
}


class EventLog:
    """Rows of ``EVENT_FIELDS`` for ``emit``; it keeps which counter serves whom."""

    def __init__(self, model: Any, emit: Callable[[tuple], None]) -> None:
        self.model = model
        self.emit = emit
        self.slots: dict[Any, list[bool]] = {}  # counter pool -> its counters, busy or not
        self.serving: dict[int, int] = {}  # dossier -> its counter's index, while served

    def _row(
        self, dossier: Any, activity: Activity, at: float, site: str, resource: str, n: Any = None
    ) -> None:
        if at <= self.model.horizon:
            channel = dossier.channel.key
            row = (dossier.seq, activity.value, at, resource, n, site, channel, dossier.priority)
            self.emit(row)

    # --- counters (onestop_counters.CounterPool) -----------------------------------------

    def ticket(self, pool: Any, dossier: Any, now: float) -> None:
        if dossier.ticket is not MAIL:
            self._row(dossier, A.TAKE_TICKET, now, pool.site.name, pool.name)

    def counter_start(self, pool: Any, dossier: Any, now: float) -> None:
        slots = self.slots.setdefault(pool, [])
        index = slots.index(False) if False in slots else len(slots)
        if index == len(slots):  # a counter not busy before: the next number
            slots.append(False)
        slots[index] = True
        self.serving[dossier.seq] = index
        site, number = pool.site.name, index + 1
        if dossier.ticket is MAIL:
            self._row(dossier, A.DIGITISE_START, now, site, pool.name, number)
            return
        self._row(dossier, A.CALLED, now, site, pool.name, number)
        if dossier.ticket is RECEPTION:
            self._row(dossier, A.RECEPTION_START, now, site, pool.name, number)

    def counter_end(self, pool: Any, dossier: Any, now: float) -> None:
        index = self.serving.pop(dossier.seq)
        self.slots[pool][index] = False
        site, number = pool.site.name, index + 1
        self._row(dossier, COUNTER_END[dossier.ticket], now, site, pool.name, number)
        if dossier.ticket is RECEPTION and site in self.model.resources.counter_digitisers:
            self._row(dossier, A.DIGITISED, now, site, pool.name, number)  # the same sitting

    def sent_home(self, pool: Any, dossier: Any, now: float) -> None:
        self._row(dossier, A.SENT_HOME, now, pool.site.name, pool.name)

    # --- the model's steps ----------------------------------------------------------------

    def arrived(self, dossier: Any) -> None:
        if not dossier.carried:
            self._row(dossier, A.ARRIVE, dossier.arrived_at, dossier.site, "")

    def received(self, dossier: Any, at: float) -> None:
        """Received by post or after review (walk-ins: at their counter, ``counter_end``)."""
        if dossier.channel is WALKIN:
            return
        resource = "post"
        if dossier.channel is ONLINE:
            resource = self.model.resources.review_pools[dossier.site][dossier.section].name
        self._row(dossier, A.RECEPTION_END, at, dossier.site, resource)

    def digitised(self, dossier: Any, at: float) -> None:
        """By digitisation staff (scanned at a counter: ``counter_end``)."""
        if dossier.ticket is not MAIL:
            pool = self.model.resources.digitisers.get(dossier.site)
            self._row(dossier, A.DIGITISED, at, dossier.site, "" if pool is None else pool.name)

    def stage_start(self, dossier: Any) -> None:
        now = self.model.env.now
        agency = dossier.route.stages[dossier.commune][dossier.stage].resource.name
        if dossier.stage == 0:
            self._row(dossier, A.TRANSFERRED, now, dossier.site, agency)
        self._row(dossier, A.STAGE_START, now, dossier.site, agency)

    def stage_end(self, dossier: Any, at: float) -> None:
        agency = dossier.route.stages[dossier.commune][dossier.stage].resource.name
        self._row(dossier, A.STAGE_END, at, dossier.site, agency)

    def paper_result(self, dossier: Any, at: float) -> None:
        agency = dossier.route.stages[dossier.commune][-1].resource.name
        self._row(dossier, A.PAPER_RESULT, at, dossier.site, agency)

    def supplement(self, dossier: Any, at: float, returned: bool) -> None:
        activity = A.SUPPLEMENT_RETURNED if returned else A.SUPPLEMENT_ASKED
        self._row(dossier, activity, at, dossier.site, "")

    def finished(self, dossier: Any, outcome: Outcome, at: float) -> None:
        """An outcome (``Recorder.finish``): closed, gave up, or returned or withdrawn."""
        activity = OUTCOME_ACTIVITY.get(outcome)
        if activity is not None:
            self._row(dossier, activity, at, dossier.site, "")


def attach(model: Any, emit: Callable[[tuple], None]) -> EventLog:
    """Give the model, its recorder and its counters an event log that calls ``emit``."""
    log = EventLog(model, emit)
    model.events = model.recorder.events = log
    for site in model.resources.counter_sites.values():
        for pool in site.pools:
            pool.events = log
    return log


def file_row(row: tuple, start: datetime) -> tuple:
    """A row of ``EVENT_COLUMNS``: the time as a date-time (to the millisecond) from ``start``."""
    at = (start + timedelta(minutes=row[2])).isoformat(timespec="milliseconds")
    return (row[0], row[1], at, *row[3:])


def day_end(scenario: Any, day: Any) -> float:
    """Minutes from the start date to 24:00 of ``day``."""
    return float(((day - scenario.start).days + 1) * 1440)


def events_model(
    scenario: Any,
    streams: Any,
    emit: Callable[[tuple], None],
    trace: Callable[[tuple], None] | None = None,
    until: float = math.inf,
) -> OnestopModel:
    """A model of one replication with an event log (``emit`` takes rows of ``EVENT_FIELDS``),
    ready to ``run``.

    ``until``: stop there (minutes) rather than at the horizon: the arrivals are still
    drawn over the whole horizon, so a day keeps the volume it has in the full run.
    """
    model = OnestopModel(scenario, streams, trace)
    if until < model.horizon:  # cut: the metrics by quarter need the whole horizon
        model.horizon = until
        model.recorder.quarters = None
    attach(model, emit)
    return model


__all__ = [
    "EVENT_COLUMNS",
    "EVENT_FIELDS",
    "Activity",
    "EventLog",
    "attach",
    "day_end",
    "events_model",
    "file_row",
]
