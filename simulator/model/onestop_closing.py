"""Closing: recording each result in the information system, as work somebody does.

The Q1/2022 report says the 4,284 late dossiers were late "mainly because the closing
action in the system was not done in time compared with the paper file". Under Decree
61/2018 (amended by Decree 107/2021) a dossier's processing is tracked in the province's
information system from receipt to the returned result. A dossier
counts as resolved when it is closed in the system, so a paper result made on time but
entered after the appointment date is late. Who closes, and when (``Closing``):

* A result made on the electronic file — an online dossier, or a digitised one at a site
  whose agencies process on the electronic file (``electronic_processing``; Decree
  45/2020 makes electronic results valid, Decree 107/2021 and Directive 02/CT-TTg make
  digitisation and processing on the digitised file the rule) — is recorded as it is
  made, unless the result is signed on paper and must be scanned and uploaded.
* Every other result is *entered* by the officer of the last agency on the route who made
  it. Each officer enters the results they made in sessions of their own: on each working
  day, at the start of the last open hour, with probability 1 / ``session_every_days``.
  An entry is ``entry`` working minutes of officer time that goes before the officer's
  queued dossier work (it is short, and it is what the session is for): the result is
  closed ``entry`` minutes into the session, and the officer's next dossier starts that
  much later, so entries take processing capacity. (Sessions per officer, not per
  office: one office skipping a day does not hold back every result it made.)
* With ``reminder_days`` the system reminds the officer of a result not yet entered that
  many working days before its deadline, and the officer enters it at once.

Every rule is read from the values in force when it applies, so all of them can change
from a date (``[[changes]]``). Draws come from named streams: one ``closing.signed``
draw per result and one ``closing.session`` draw per agency and working day, whatever
happens, so scenarios that differ only in these rules stay on common random numbers.
"""

from __future__ import annotations

import heapq
from typing import Any

import simpy

from simulator.model.later import Later
from simulator.streams import Streams, uniform_sampler
from simulator.values.onestop_values import Channel, Closing, Level

SESSION_BEFORE_CLOSE_MIN = 60.0
ONLINE = Channel.ONLINE  # entry sessions start at the last open hour of the day


class ClosingDesk:
    """Closes dossiers in the system: at once, or through officers' entry sessions."""

    def __init__(self, model: Any, streams: Streams) -> None:
        self.model = model
        self.u_signed = uniform_sampler(streams.generator("closing.signed"))
        self.u_session = uniform_sampler(streams.generator("closing.session"))
        self.u_officer = uniform_sampler(streams.generator("closing.officer"))
        # every officer of every agency instance once, in a fixed order: (stage, commune?)
        self.desks = [
            (stage, agency.habits_level is Level.COMMUNE)
            for agency in model.scenario.agencies
            for stage in model.resources.agencies[agency.name]
            for _officer in range(_officers(stage))
        ]
        # results waiting for an entry, per officer of each stage (by the stage's id): a heap
        # of (made at, order made, dossier), so a session takes the results made by then
        # without going through those computed ahead of time, which wait (most of them)
        self.made = 0
        self.waiting: dict[int, list[list[tuple[float, int, Any]]]] = {
            id(stage): [[] for _ in range(_officers(stage))]
            for stage, _ in dict.fromkeys(self.desks)
        }
        self.rules_at = model.rules_at
        self.one_rules = model.one_rules  # the only rules, or None (see OnestopModel)
        # whether each site's results are electronic, per rules (a hot look-up: by object
        # and name, not by Level, whose Enum hash is slow)
        self.electronic_site = {
            rules: {site: rules.electronic[level] for site, level in model.site_level.items()}
            for rules in model.rules.rules
        }
        self.entries = 0
        self._sessions = self._session_times()

    # --- results -------------------------------------------------------------------------

    def result_made(self, dossier: Any, at: float) -> None:
        """The paper (or electronic) result of ``dossier`` exists from ``at``."""
        rules = self.one_rules or self.rules_at(at)
        closing = rules.closing
        signed_on_paper = self.u_signed() < closing.paper_signed_share
        # an online dossier's result is electronic; others' where their site's is, by the rules
        electronic = dossier.channel is ONLINE or self.electronic_site[rules][dossier.site]
        if electronic and not signed_on_paper:
            self.model.closed(dossier, at, at_once=True)
            return
        route = dossier.route
        stage = route.stages[dossier.commune][-1]
        every = (
            closing.commune_session_every_days
            if route.commune_stage[-1]
            else closing.session_every_days
        )
        if every == 0.0:
            self.model.closed(dossier, at, at_once=True)
            return
        officers = self.waiting[id(stage)]
        self.made += 1
        heapq.heappush(officers[int(self.u_officer() * len(officers))], (at, self.made, dossier))
        dossier.entry_due = True
        if closing.reminder_minutes is not None:
            self._remind(dossier, stage, at, closing.reminder_minutes)

    def _remind(self, dossier: Any, stage: Any, at: float, before: float) -> None:
        """The system reminds the officer ``before`` working minutes ahead of the deadline."""
        remind_at = self.model.calendar.subtract_working_minutes(dossier.deadline_at, before)
        now = self.model.env.now
        delay = max(remind_at, at, now) - now
        # a Later: env.timeout's event (same time, priority and id) without a closure per result
        Later(self.model.env, delay, self._reminded, (dossier, stage))

    def _reminded(self, event: simpy.Event) -> None:
        dossier, stage = event.value
        if dossier.entry_due:  # most are entered by then: nothing to do
            self._enter(stage, dossier, self.model.env.now)

    # --- entry sessions ------------------------------------------------------------------

    def _session_times(self) -> list[float]:
        """The start of the last open hour of every working day of the horizon, reversed."""
        model = self.model
        times = [
            model.calendar.close_of_day(day) - SESSION_BEFORE_CLOSE_MIN
            for day in model.working_days()
        ]
        times.reverse()
        return times

    def start(self) -> None:
        self._next_session()

    def _next_session(self) -> None:
        if self._sessions:
            at = self._sessions.pop()
            self.model.env.timeout(at - self.model.env.now).callbacks.append(self._session)

    def _session(self, _event: simpy.Event) -> None:
        now = self.model.env.now
        closing: Closing = self.model.rules_at(now).closing
        officer, previous = 0, None
        for stage, commune in self.desks:
            officer = officer + 1 if stage is previous else 0
            previous = stage
            every = closing.commune_session_every_days if commune else closing.session_every_days
            if self.u_session() * every < 1.0:
                self._enter_waiting(stage, officer, now)
        self._next_session()

    def _enter_waiting(self, stage: Any, officer: int, now: float) -> None:
        waiting = self.waiting[id(stage)][officer]
        due = []
        while waiting and waiting[0][0] <= now:  # results computed ahead of time wait
            _at, order, dossier = heapq.heappop(waiting)
            due.append((order, dossier))
        due.sort()  # entered in the order they were made (orders differ: no dossier compared)
        for _order, dossier in due:
            if dossier.entry_due:  # not entered already after a reminder
                self._enter(stage, dossier, now)

    def _enter(self, stage: Any, dossier: Any, now: float) -> None:
        dossier.entry_due = False
        self.entries += 1
        work = (self.one_rules or self.rules_at(now)).entry()
        stage.resource.hand_in_work(dossier, now, work, self._entered)

    def _entered(self, dossier: Any, at: float) -> None:
        self.model.closed(dossier, at, at_once=False)


def _officers(stage: Any) -> int:
    """Officers of an agency instance who enter results (its mean staff, at least one)."""
    return max(1, round(stage.resource.servers))
