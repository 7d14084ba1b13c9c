"""Catalogue rows: the citizen's view by (former) district, for scenarios with declared levels.

A scenario that declares its levels or commune-level centres (``scenario_tiers``: the
two-tier system since 1/7/2025) reports these for each district of ``[[districts]]`` —
after 1/7/2025 the *former* districts, the unit citizens still recognise and the one the
2022 figures use. Waits at a district's commune centres are the per-site wait metrics of
``<district>_communes``; visits per dossier by district are in ``metrics_service``.
"""

from __future__ import annotations

from simulator.values.metric_types import MetricFamily, Unit
from simulator.values.metric_types import MetricKind as Kind

BY_DISTRICT = (
    MetricFamily(
        pattern="travel_hours_per_citizen.<district>",
        unit=Unit.HOURS,
        kind=Kind.MEAN,
        label_en="Travel hours per inhabitant",
        label_vi="Số giờ đi lại trên mỗi người dân",
        description="Round-trip hours the district's citizens spend travelling to counters over "
        "the horizon, divided by the district's population (scenarios with declared levels "
        "or commune centres).",
    ),
    MetricFamily(
        pattern="travel_hours_per_dossier.<district>",
        unit=Unit.HOURS,
        kind=Kind.MEAN,
        label_en="Travel hours per dossier",
        label_vi="Số giờ đi lại mỗi hồ sơ",
        description="Round-trip travel hours per dossier of the district's citizens, every "
        "channel counted (postal and online dossiers mostly travel nothing).",
    ),
    MetricFamily(
        pattern="late_rate.<district>",
        unit=Unit.SHARE,
        kind=Kind.SHARE,
        label_en="Late rate",
        label_vi="Tỷ lệ trễ hạn",
        description="Share of the district's citizens' resolved dossiers closed after their "
        "appointment date, whatever level handled them.",
    ),
)

__all__ = ["BY_DISTRICT"]
