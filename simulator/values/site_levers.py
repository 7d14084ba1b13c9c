"""Reception levers of a site level: booked appointments and a Saturday morning session.

Two optional keys of ``[sites.<level>]`` (the mechanisms are in ``model.onestop_bookings``
and ``model.onestop_site_hours``):

* ``appointment_share``: the share of the level's walk-ins who book a slot. A booked
  walk-in comes at its slot (slots are offered evenly over the day's open hours) and is
  called ahead of the ticket queue, in the lane of the priority walk-ins.
* ``saturday = { opens = "07:30", closes = "11:30", walkin_share = 0.1 }``: the level's
  sites also open on Saturday mornings (not on public holidays), and that share of the
  level's weekday walk-ins comes on the nearest Saturday instead. Only the counters open:
  the agencies' working calendar, and so every statutory deadline, is unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time
from typing import Any

from simulator.values.calendar import MINUTES_PER_DAY, clock_minutes
from simulator.values.errors import Location
from simulator.values.validate import Table, probability

CLOCK = 'must be a clock time "HH:MM"'


@dataclass(frozen=True, kw_only=True)
class SaturdaySession:
    """A Saturday morning session of a site level's counters."""

    opens: int  # minutes after midnight
    closes: int
    walkin_share: float  # of the level's weekday walk-ins, who come on Saturday instead


def parse_appointment_share(table: Table) -> float:
    """``appointment_share`` (0 when absent)."""
    return probability(table.raw("appointment_share", 0.0), table.at("appointment_share"))


def parse_saturday(table: Table) -> SaturdaySession | None:
    """``saturday = { opens, closes, walkin_share }``, or None when absent."""
    if not table.has("saturday"):
        return None
    raw = table.raw("saturday")
    where = table.at("saturday")
    if not isinstance(raw, dict):
        where.fail(raw, 'must be a table { opens = "07:30", closes = "11:30", walkin_share = 0.1 }')
    session = Table(raw, where)
    opens = _clock(session.raw("opens"), session.at("opens"))
    closes = _clock(session.raw("closes"), session.at("closes"))
    if closes <= opens:
        session.at("closes").fail(session.raw("closes"), "must be after opens")
    values = SaturdaySession(
        opens=opens,
        closes=closes,
        walkin_share=probability(session.raw("walkin_share"), session.at("walkin_share")),
    )
    session.done()
    return values


def _clock(value: Any, where: Location) -> int:
    if not isinstance(value, (str, time)):
        where.fail(value, CLOCK)
    try:
        minutes = clock_minutes(value)
    except ValueError:
        where.fail(value, CLOCK)
    if not 0 <= minutes < MINUTES_PER_DAY:
        where.fail(value, CLOCK)
    return minutes
