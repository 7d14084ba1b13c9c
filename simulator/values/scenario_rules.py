"""Reading what happens to a dossier after reception: ``[processing]``, ``[closing]`` and
``[location_independence]`` of a one-stop scenario (``scenario_onestop`` reads the rest).

Durations given in working days or hours become working minutes here, once.
"""

from __future__ import annotations

from typing import Any

from simulator.values.distributions import Distribution, parse_distribution
from simulator.values.onestop_values import (
    MINUTES_PER_HOUR,
    Closing,
    Discipline,
    Group,
    LocationIndependence,
    Processing,
    Scope,
)
from simulator.values.validate import MISSING, Table, probability

MAX_DAYS_STATUTORY = 365


def parse_rules(top: Table, groups: tuple[Group, ...], day_minutes: float) -> dict[str, Any]:
    """What happens to a dossier after reception: processing, closing, location independence."""
    processing = _processing(top.table("processing"), day_minutes)
    if not processing.paced:  # without pacing every group needs its own lead time
        for i, group in enumerate(groups):
            if group.lead_time_minutes is None:
                allowed = "is required unless [processing] gives approval and margin"
                top.at("groups").child(i).child("lead_time").fail(None, allowed)
    return {
        "processing": processing,
        "closing": _closing(top, day_minutes),
        "location_independence": _location_independence(top),
    }


def dist(table: Table, key: str) -> Distribution:
    return parse_distribution(table.raw(key), table.at(key))


def in_minutes(table: Table, key: str, minutes_per_unit: float) -> Distribution:
    """A distribution given in working days or hours, drawing working minutes."""
    return dist(table, key).scaled(minutes_per_unit)


def _processing(table: Table, day_minutes: float) -> Processing:
    def share(key: str) -> float:
        return probability(table.raw(key), table.at(key))

    values = Processing(
        transfer_delay_minutes=in_minutes(table, "transfer_delay", MINUTES_PER_HOUR),
        supplement_share=share("supplement_share"),
        supplement_delay_minutes=in_minutes(table, "supplement_delay", day_minutes),
        returned_share=share("returned_share"),
        supplement_request_limit_minutes=day_minutes
        * table.number("supplement_request_limit_days", 3.0, above=0.0, max=MAX_DAYS_STATUTORY),
        closing_lag_share=share("closing_lag_share") if table.has("closing_lag_share") else 0.0,
        closing_lag_minutes=optional_in_minutes(table, "closing_lag", day_minutes),
        discipline=_discipline(table) if table.has("discipline") else None,
        approval_minutes=optional_in_minutes(table, "approval", day_minutes),
        commune_approval_minutes=optional_in_minutes(table, "commune_approval", day_minutes),
        margin_minutes=optional_in_minutes(table, "margin", day_minutes),
    )
    if values.closing_lag_share > 0 and values.closing_lag_minutes is None:
        table.at("closing_lag").fail(None, "is required when closing_lag_share > 0")
    if (values.approval_minutes is None) != (values.margin_minutes is None):
        table.at("margin").fail(table.raw("margin", None), "give approval and margin together")
    table.done()
    return values


def optional_in_minutes(table: Table, key: str, minutes_per_unit: float) -> Distribution | None:
    return in_minutes(table, key, minutes_per_unit) if table.has(key) else None


def _closing(top: Table, day_minutes: float) -> Closing | None:
    """The optional ``[closing]`` table (see ``onestop_values.Closing``)."""
    if not top.has("closing"):
        return None
    table = top.table("closing")
    reminder = (
        table.number("reminder_days", min=0.0, max=MAX_DAYS_STATUTORY)
        if table.has("reminder_days")
        else None
    )
    values = Closing(
        entry_minutes=dist(table, "entry"),
        session_every_days=_every(table, "session_every_days"),
        # 0: results are recorded as they are handed over (no separate session)
        commune_session_every_days=_every(table, "commune_session_every_days", 1.0),
        paper_signed_share=probability(
            table.raw("paper_signed_share"), table.at("paper_signed_share")
        ),
        reminder_minutes=None if reminder is None else reminder * day_minutes,
    )
    table.done()
    return values


def _every(table: Table, key: str, default: Any = MISSING) -> float:
    """Mean working days between entry sessions: 0 is "entered as made", and any value up
    to 1 is one session every working day (so a screening or a fit may cross 1 freely)."""
    return table.number(key, default, min=0.0, max=1000.0)


def _discipline(table: Table) -> Discipline:
    return Discipline(table.string("discipline", choices=[d.value for d in Discipline]))


def _location_independence(top: Table) -> LocationIndependence | None:
    """The optional ``[location_independence]`` table; None when absent or scope "none"."""
    if not top.has("location_independence"):
        return None
    table = top.table("location_independence")
    scope = Scope(table.string("scope", choices=[s.value for s in Scope]))
    values = LocationIndependence(
        scope=scope,
        uptake=probability(table.raw("uptake", 0.0), table.at("uptake")),
        pilot_share=probability(table.raw("pilot_share", 1.0), table.at("pilot_share")),
        transfer_delay_minutes=in_minutes(table, "transfer_delay", MINUTES_PER_HOUR),
    )
    table.done()
    return None if scope is Scope.NONE else values
