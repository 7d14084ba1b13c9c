"""A dossier's running state in the one-stop model, and its row in a trace.

The model moves ``Dossier`` objects (one per dossier, slots for speed) through its
resources; the recorder reduces them to metrics and, when a trace is asked for, writes
one row of ``TRACE_COLUMNS`` per dossier at its outcome (``trace_row``).
"""

from __future__ import annotations

import math

from simulator.model.onestop_build import Route
from simulator.model.onestop_counters import Ticket
from simulator.values.onestop_values import Channel, OnestopScenario

TRACE_COLUMNS = (
    "dossier",
    "carried_over",
    "channel",
    "site",
    "group",
    "district",
    "outcome",
    "arrived_at",
    "received_at",
    "deadline_at",
    "paper_done_at",
    "closed_at",
    "counter_wait_min",
    "supplements",
)


class Dossier:
    """One dossier's running state (times in minutes; NaN until known)."""

    __slots__ = (
        "seq",
        "route",
        "channel",
        "district",
        "commune",
        "section",
        "trip_from",
        "site",
        "carried",
        "priority",
        "visit_at",
        "arrived_at",
        "received_at",
        "deadline_at",
        "paper_done_at",
        "closed_at",
        "stage",
        "checked",
        "supplements",
        "wait",
        "visits",
        "remote",
        "entry_due",
        "planned_at",
        "asked_at",
        "resumed_at",
        "first_deadline_at",
        "ticket",
        "counter",
    )

    def __init__(
        self, seq: int, route: Route, channel: Channel, district: int, commune: int, at: float
    ):
        self.seq = seq
        self.route = route
        self.channel = channel
        self.district = district
        self.commune = commune  # its commune section, numbered across the province
        self.section = 0  # its counter pool or reviewers at a site of sections (``Placement``)
        self.trip_from = district  # where the citizen travels from (away: Kon Tum city)
        self.site = route.sites[district]
        self.carried = False
        self.priority = False
        self.visit_at = at
        self.arrived_at = at
        # first received (an online dossier: accepted); a supplement does not move it
        self.received_at = math.nan
        self.deadline_at = math.inf  # not yet received
        self.paper_done_at = math.nan
        self.closed_at = math.nan
        self.stage = 0
        self.checked = False
        self.supplements = 0
        self.wait = 0.0
        self.visits = 1  # counter visits to submit (a send-home at closing adds one)
        self.remote = False  # submitted away from its level's site, location-independently
        self.entry_due = False  # its result waits for an officer to enter it in the system
        self.planned_at = math.nan  # when its paper result is planned (pacing); NaN: not yet
        # a supplement (at most one, Decree 61/2018): asked at, taken back in at (the counter
        # or the post received it, or it was uploaded), and the deadline in force before it
        self.asked_at = math.inf
        self.resumed_at = math.inf
        self.first_deadline_at = math.nan
        self.ticket = Ticket.RECEPTION  # what it is at a counter for (onestop_counters)
        # the counter pool that received it (a walk-in): a supplement and the result come back there
        self.counter = None


def trace_row(scenario: OnestopScenario, dossier: Dossier, outcome: str) -> tuple:
    """The dossier's row of ``TRACE_COLUMNS`` with its outcome (an ``Outcome`` value)."""
    return (
        dossier.seq,
        dossier.carried,
        dossier.channel.key,
        dossier.site,
        dossier.route.spec.name,
        scenario.districts[dossier.district].name,
        outcome,
        dossier.arrived_at,
        dossier.received_at,
        dossier.deadline_at,
        dossier.paper_done_at,
        dossier.closed_at,
        dossier.wait,
        dossier.supplements,
    )


__all__ = ["TRACE_COLUMNS", "Dossier", "trace_row"]
