"""Metrics by (former) district for scenarios that declare their levels or sites.

After 1/7/2025 a citizen of Đắk Glei deals with a commune centre and a provincial centre
far away (``values.scenario_tiers``); what changed for them is read by the district they
live in: travel per inhabitant and per dossier (from ``CitizenTrips``) and the late rate
of their resolved dossiers. Only scenarios with ``tiers`` report these, so the 2022
scenarios' summaries keep their exact set of metrics.
"""

from __future__ import annotations

import math
from typing import Any

from simulator.model.onestop_citizen import CitizenTrips
from simulator.values.onestop_values import OnestopScenario


class DistrictBook:
    """Counts resolved and late dossiers by the citizen's district."""

    def __init__(self, scenario: OnestopScenario) -> None:
        self.names = [d.name for d in scenario.districts]
        self.population = [d.population for d in scenario.districts]
        self.resolved = [0] * len(self.names)
        self.late = [0] * len(self.names)

    def add(self, dossier: Any, late: bool) -> None:
        """A resolved dossier of the district's citizens; ``late``: closed after its deadline."""
        self.resolved[dossier.district] += 1
        self.late[dossier.district] += late

    def metrics(self, trips: CitizenTrips) -> dict[str, float]:
        values = {}
        for i, name in enumerate(self.names):
            values[f"travel_hours_per_citizen.{name}"] = trips.hours[i] / self.population[i]
            values[f"travel_hours_per_dossier.{name}"] = _ratio(trips.hours[i], trips.dossiers[i])
            values[f"late_rate.{name}"] = _ratio(self.late[i], self.resolved[i])
        return values


def district_book(scenario: OnestopScenario) -> DistrictBook | None:
    """A book for a scenario with declared levels or sites, else None (nothing is counted)."""
    return DistrictBook(scenario) if scenario.tiers is not None else None


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else math.nan


__all__ = ["DistrictBook", "district_book"]
