"""Requests for supplements (Decree 61/2018/NĐ-CP as amended by Decree 107/2021/NĐ-CP).

A dossier is asked for a supplement at most once (the Decree asks for one written list of
everything missing):

* *Online* dossiers at review, before acceptance: no deadline runs yet; the citizen
  uploads the supplement and the dossier goes back to review (``uploaded``).
* *Walk-in and postal* dossiers by the first agency, when its officer has worked on the
  dossier (that is when the agency checks it). The Decree allows the request within
  3 working days of receipt (``supplement_request_limit_minutes``); one made later is
  counted (``supplement_requests_over_limit``). A walk-in brings the supplement back to
  the counter pool it submitted at (a ticket, a wait, a visit), a postal dossier comes
  back by post (received on arrival); then it goes through reception again (digitised at
  digitising sites, transferred) to the first agency.

The clock, when the completed dossier is taken back in (``resume``): after a request in
time it restarts, as the Decree says ("the time limit is counted again from the start
once the complete dossier is received"). The Decree gives no rule for a request after
the 3 working days. We read the limit as what earns the agency a fresh start: after a
late request the clock only *pauses* while the dossier is with the citizen (the deadline
moves by those working minutes), so the agency does not win back the days it let pass
before asking; information systems that record a request as a pause (DOMAIN.md, Thanh
Hóa) count it this way too.
"""

from __future__ import annotations

import math
from typing import Any

from simulator.streams import Streams, uniform_sampler
from simulator.values.onestop_values import Channel, Processing

WALKIN, ONLINE = Channel.WALKIN, Channel.ONLINE


class SupplementDesk:
    """Asks for supplements, brings them back and moves the clock (see the module docstring)."""

    def __init__(self, model: Any, streams: Streams) -> None:
        self.model = model
        self.calendar = model.calendar
        delay = model.scenario.processing.supplement_delay_minutes
        # the streams of the first-stage request, as before online requests moved to review
        self.u_first_stage = uniform_sampler(streams.generator("supplement"))
        self.delay = delay.sampler(streams.generator("supplement_delay"))
        # new streams: online requests at review and the citizen's upload
        self.u_review = uniform_sampler(streams.generator("review_supplement"))
        self.upload_delay = delay.sampler(streams.generator("supplement_upload_delay"))

    def at_review(self, dossier: Any, at: float, processing: Processing) -> bool:
        """An online dossier's review ends at ``at``: is it asked for a supplement?"""
        if dossier.supplements or self.u_review() >= processing.supplement_share:
            return False
        self._ask(dossier, at, late=False)  # the review has its own 8-hour limit
        back = self.calendar.add_working_minutes(at, self.upload_delay())
        self.model._at(back, self._uploaded, dossier)
        return True

    def at_first_stage(self, dossier: Any, at: float, processing: Processing) -> bool:
        """The first agency checked a walk-in or postal dossier at ``at``: asked for one?"""
        if self.u_first_stage() >= processing.supplement_share:
            return False
        late = self._late(dossier, at, processing)
        self._ask(dossier, at, late)
        back = self.calendar.add_working_minutes(at, self.delay())
        self.model._at(back, self._brought if dossier.channel is WALKIN else self._posted, dossier)
        return True

    def _late(self, dossier: Any, at: float, processing: Processing) -> bool:
        waited = self.calendar.working_minutes_between(dossier.received_at, at)
        return waited > processing.supplement_request_limit_minutes

    def _ask(self, dossier: Any, at: float, late: bool) -> None:
        dossier.supplements += 1
        dossier.asked_at = at
        self.model.recorder.supplement_asked(late, at)
        if self.model.events is not None:
            self.model.events.supplement(dossier, at, returned=False)

    def _uploaded(self, dossier: Any) -> None:
        """The citizen uploads the supplement: back to review at its site."""
        now = self.model.env.now
        self._returned(dossier, now)
        dossier.resumed_at = now
        self.model.resources.review_pools[dossier.site][dossier.section].hand_in(dossier, now)

    def _brought(self, dossier: Any) -> None:
        """The walk-in brings the supplement back: a ticket at the pool it submitted at."""
        self._returned(dossier, self.model.env.now)
        dossier.counter.hand_in(dossier, self.model.env.now)

    def _posted(self, dossier: Any) -> None:
        """The supplement comes back by post: received on arrival."""
        self._returned(dossier, self.model.env.now)
        self.model._received(dossier, self.model.env.now)

    def _returned(self, dossier: Any, now: float) -> None:
        if self.model.events is not None:
            self.model.events.supplement(dossier, now, returned=True)

    def resume(self, dossier: Any, at: float) -> None:
        """The completed walk-in or postal dossier is received again at ``at``: the clock."""
        dossier.resumed_at = at
        dossier.first_deadline_at = dossier.deadline_at
        dossier.planned_at = math.nan  # a new deadline: so a new plan
        processing = self.model.rules_at(dossier.asked_at).processing
        if self._late(dossier, dossier.asked_at, processing):  # paused while with the citizen
            paused = self.calendar.working_minutes_between(dossier.asked_at, at)
            dossier.deadline_at = self.calendar.add_working_minutes(dossier.deadline_at, paused)
        else:  # restarted
            dossier.deadline_at = self.calendar.deadline(at, dossier.route.days)
