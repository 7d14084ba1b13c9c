"""The initial state: dossiers carried over from the previous period, already in progress.

Each starts at t = 0 in a stage chosen by the elapsed share of its statutory time, which
also sets its remaining days; the rest of that stage's lead time (or approval, and the
paced plan of its result) is left to run. A share of them (``arrivals.carried_overdue_share``)
is already past its deadline: its appointment date fell before the start, so it counts as late
when resolved, or as pending overdue at the end; its agency plans the result at once.
"""

from __future__ import annotations

import math
from typing import Any

from simulator.model.onestop_arrivals import draw_carried_over
from simulator.model.onestop_dossier import Dossier
from simulator.model.onestop_pacing import carried_lead


def start_carried_over(model: Any) -> None:
    """Put the scenario's carried-over dossiers into the model at t = 0."""
    carried = draw_carried_over(model.scenario, model.streams)
    calendar, start = model.calendar, model.scenario.start
    for group, district, channel, elapsed, overdue in zip(
        carried.groups,
        carried.districts,
        carried.channels,
        carried.elapsed,
        carried.overdue,
        strict=True,
    ):
        route = model.resources.routes[group]
        commune = model.placement.commune(district)
        dossier = Dossier(model.seq, route, channel, district, commune, math.nan)
        model.seq += 1
        dossier.carried = dossier.checked = True
        dossier.visits = 0  # submitted before the horizon: only the pick-up is counted
        remaining = max(1, math.ceil(route.days * (1.0 - elapsed)))
        dossier.deadline_at = calendar.close_of_day(calendar.add_working_days(start, remaining))
        if overdue:  # due before the start: anything closed from now on is late
            dossier.deadline_at = 0.0
        position = elapsed * route.n_stages
        dossier.stage = min(int(position), route.n_stages - 1)
        left = carried_lead(calendar, model.rules.first, dossier, position - dossier.stage)
        model.recorder.arrived(dossier, False)
        ready = calendar.add_working_minutes(0.0, left)
        if dossier.stage == route.n_stages - 1 and not math.isnan(dossier.planned_at):
            ready = max(ready, dossier.planned_at)
        model.after_lead(dossier, ready)
