"""The citizen's side of a one-stop run: counter visits and travel hours, by district.

A visit is one trip to the dossier's site and back (``Resources.trip_hours``: one way, by
site and the district the citizen travels from: their own, or Kon Tum city for a citizen
away from home who submits there, ``onestop_placement``). A walk-in visits to submit
(once more each time it is sent home at closing), once for each supplement it brings,
and once to pick up its result; a carried-over walk-in only for the result (it was
submitted before the horizon). Postal dossiers make no visit; an online dossier one,
when its level-3 result is picked up at a counter. Citizens who gave up are not counted.
"""

from __future__ import annotations

from typing import Any

from simulator.values.onestop_values import Channel, OnestopScenario

WALKIN = Channel.WALKIN


class CitizenTrips:
    """Streams visits and round-trip hours per district (see the module docstring)."""

    def __init__(self, scenario: OnestopScenario, trip_hours: dict[str, list[float]]) -> None:
        self.trip_hours = trip_hours  # one way, by site and the citizen's district
        self.names = [d.name for d in scenario.districts]
        count = len(self.names)
        self.visits = [0] * count
        self.dossiers = [0] * count
        self.hours = [0.0] * count
        self.walkin_hours = 0.0
        self.walkins = 0

    def add(self, dossier: Any, pickup: bool) -> None:
        """Count a dossier once, at its outcome; ``pickup``: its result is fetched at a counter."""
        visits = int(pickup)
        if dossier.channel is WALKIN:
            visits += dossier.visits + dossier.supplements
        district = dossier.district
        hours = 2.0 * visits * self.trip_hours[dossier.site][dossier.trip_from]
        self.visits[district] += visits
        self.dossiers[district] += 1
        self.hours[district] += hours
        if dossier.channel is WALKIN:
            self.walkin_hours += hours
            self.walkins += 1

    def metrics(self) -> dict[str, float]:
        values = {
            "travel_hours_per_walkin": _ratio(self.walkin_hours, self.walkins),
            "travel_hours_total": float(sum(self.hours)),
            "visits_per_dossier": _ratio(sum(self.visits), sum(self.dossiers)),
        }
        for i, name in enumerate(self.names):
            values[f"travel_hours_total.{name}"] = self.hours[i]
        for i, name in enumerate(self.names):
            values[f"visits_per_dossier.{name}"] = _ratio(self.visits[i], self.dossiers[i])
        return values


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else float("nan")
