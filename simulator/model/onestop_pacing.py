"""Pacing: when a stage's work is signed off, and when the paper result is planned.

After an officer's work each stage waits for the leader's approval and signature
(``commune_approval`` at commune agencies). Agencies pace their work to the appointment
date, since the citizen comes back on it: the last stage's paper result is planned a
drawn margin of working time before the deadline, never before receipt. Scenarios
without pacing use each group's lead time instead (``Route.lead``).
"""

from __future__ import annotations

import math
from typing import Any

from simulator.model.onestop_rules import Rules
from simulator.values.calendar import WorkingCalendar


def approval_minutes(dossier: Any, rules: Rules) -> float:
    """Working minutes until the leader signs off the dossier's current stage (written out
    in ``OnestopModel._worked``, a hot path: change both together)."""
    commune = dossier.route.commune_stage[dossier.stage]
    return rules.commune_approval() if commune else rules.approval()


def planned_at(calendar: WorkingCalendar, dossier: Any, rules: Rules) -> float:
    """When the agency plans the paper result (drawn once per receipt, then kept)."""
    if math.isnan(dossier.planned_at):
        planned = calendar.subtract_working_minutes(dossier.deadline_at, rules.margin())
        received = dossier.received_at  # max(planned, received), without the call
        dossier.planned_at = received if received > planned else planned
    return dossier.planned_at


def carried_lead(calendar: WorkingCalendar, rules: Rules, dossier: Any, done: float) -> float:
    """Working minutes left of a carried-over dossier's current stage, ``done`` of it past.

    Without pacing, a share of a lead-time draw (rounded as before the scenario's working
    days became minutes: see Distribution.sampler_and_share). With pacing, its result is
    planned a margin before its deadline (at the start at the earliest) and the rest of
    its approval is left.
    """
    if not rules.processing.paced:
        return dossier.route.lead_share(1.0 - done)
    dossier.received_at = 0.0  # received before the start; only the plan needs a time
    planned_at(calendar, dossier, rules)
    dossier.received_at = math.nan
    return approval_minutes(dossier, rules) * (1.0 - done)
