"""Returning results: a pick-up ticket at a counter, by post, or online.

When a dossier is closed in the information system its result goes back to the citizen:

* a walk-in fetches it at the counter that received it, unless it chose to have it sent
  by post (``reception.result_by_post_share``);
* an online dossier with a level-3 result (``reception.level3_share``) is fetched at a
  counter of its site; other online results are returned online;
* a postal dossier's result goes back by post (VNPost): no counter work.

A pick-up is a ticket in the same queue as reception (``Ticket.PICKUP``, served for
``pickup_service`` minutes), at sites that give that time; without it (older scenarios)
the visit is only counted for travel.

When (ASSUMPTION): the receipt slip names the appointment date, so the citizen comes on
that date, or on the day the result is closed if that is later (a late result: the
citizen was told to come back then); at a moment drawn uniformly over that day's open
minutes after the closing. A citizen who finds no result on the appointment date is not
modelled (one visit per result).

Draws: ``level3`` (as before, read only for results closed within the horizon, in
closing order), and new streams ``result_by_post``, ``pickup_time`` and
``pickup_section`` (the commune section of an online dossier, which never visited one),
so that older streams keep their order.
"""

from __future__ import annotations

import math
from typing import Any

from simulator.model.later import Later
from simulator.model.onestop_counters import PICKUP, CounterPool
from simulator.streams import Streams, uniform_sampler
from simulator.values.onestop_values import PROVINCIAL_CENTRE, Channel

WALKIN, ONLINE = Channel.WALKIN, Channel.ONLINE


class ResultDesk:
    """Decides how each result goes back and puts pick-up tickets in the counter queues."""

    def __init__(self, model: Any, streams: Streams) -> None:
        self.model = model
        self.env = model.env
        self.calendar = model.calendar
        reception = model.scenario.reception
        self.level3_share = reception.level3_share
        self.post_share = reception.result_by_post_share
        self.u_level3 = uniform_sampler(streams.generator("level3"))
        self.u_post = uniform_sampler(streams.generator("result_by_post"))
        self.u_time = uniform_sampler(streams.generator("pickup_time"))
        self.u_section = uniform_sampler(streams.generator("pickup_section"))
        self.by_post = 0  # results closed within the horizon and sent by post
        self.last_close = float(model.scenario.calendar.sessions[-1][1])

    def result_closed(self, dossier: Any, closed: float) -> bool:
        """The dossier was closed at ``closed``: whether its result is fetched at a counter.

        A fetched result closed within the horizon gets its pick-up ticket.
        """
        within = closed <= self.model.horizon
        channel = dossier.channel
        if channel is ONLINE:
            pickup = within and self.u_level3() < self.level3_share
        elif channel is WALKIN:
            pickup = self.u_post() >= self.post_share
        else:
            pickup = False
        if pickup and within:
            self._ticket(dossier, closed)
        elif within and channel is not ONLINE:
            self.by_post += 1
        return pickup

    def _ticket(self, dossier: Any, closed: float) -> None:
        pool = self._pool(dossier)
        if not pool.takes_pickups:
            return
        dossier.ticket = PICKUP
        dossier.counter = pool
        at = self.pickup_at(dossier, closed)
        Later(self.env, at - self.env.now, self._come_back, dossier)

    def _come_back(self, event: Any) -> None:
        dossier = event.value
        dossier.counter.hand_in(dossier, self.env.now)

    def _pool(self, dossier: Any) -> CounterPool:
        """The pool that received the walk-in; for others, their sector's or a section's."""
        if dossier.counter is not None:
            return dossier.counter
        resources = self.model.resources
        pools = resources.counter_pools[dossier.site]
        if dossier.site == PROVINCIAL_CENTRE:
            return pools[resources.sector_pool[dossier.route.spec.sector]]
        return pools[int(self.u_section() * len(pools))] if len(pools) > 1 else pools[0]

    def pickup_at(self, dossier: Any, closed: float) -> float:
        """A uniform open moment of the appointment day (or the closing day, if later)."""
        calendar = self.calendar
        start = closed
        due = dossier.deadline_at
        if due < math.inf and due - due % 1440.0 > start:  # 00:00 of the appointment day
            start = due - due % 1440.0
        start = calendar.next_open(start)
        close = start - start % 1440.0 + self.last_close  # that day's last closing
        left = calendar.working_minutes_between(start, close)
        return calendar.add_working_minutes(start, self.u_time() * left)

    def metrics(self) -> dict[str, float]:
        return {"results_by_post": float(self.by_post)}


__all__ = ["ResultDesk"]
