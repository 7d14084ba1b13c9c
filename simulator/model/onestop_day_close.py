"""The daily closing of the counters: at each working day's last closing time, everyone
still queuing is sent home (``CounterPool.close_day``); a walk-in who came to submit may
give up (``reception.give_up_share``, stream ``give_up``), and one who gave up on bringing
a supplement withdraws a dossier already handled."""

from __future__ import annotations

from typing import Any

import simpy

from simulator.model.onestop_outcomes import GAVE_UP, RETURNED


class DayClose:
    """One SimPy timeout per working day, at its last closing, made one after the other."""

    def __init__(self, model: Any) -> None:
        self.model = model
        self.closings = [model.calendar.close_of_day(day) for day in model.working_days()]
        self.closings.reverse()

    def start(self) -> None:
        self._next()

    def _next(self) -> None:
        if self.closings:
            env = self.model.env
            env.timeout(self.closings.pop() - env.now).callbacks.append(self._close)

    def _close(self, _event: simpy.Event) -> None:
        model = self.model
        for site in model.resources.counter_sites.values():
            send_home(model, site, model.env.now)
        self._next()


def send_home(model: Any, site: Any, now: float) -> None:
    """A site's counters close for the day (a weekday's last session or a Saturday's): its
    queues go home; a walk-in who gives up is recorded, as withdrawn if they were bringing a
    supplement for a dossier already handled."""
    give_up = model.scenario.reception.give_up_share
    u = model.u_give_up
    for pool in site.pools:
        for dossier in pool.close_day(now, lambda: u() < give_up):
            outcome = RETURNED if dossier.supplements else GAVE_UP
            site.gave_up += outcome is GAVE_UP
            model.recorder.finish(dossier, outcome, now)
