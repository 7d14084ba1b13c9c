"""Where a dossier is submitted: its commune section, and location-independent choices.

*Commune.* Every new or carried-over dossier belongs to one commune section of its
district, drawn uniformly (stream ``commune_section``; no commune populations are
published for 2022, and the sections of a district serve similar numbers of villages),
or, when the scenario declares its commune centres (``scenario_tiers``), by their
populations (the same single draw). Without the district level a location-independent
walk-in submits at its own commune centre instead of the district section. A commune
group's dossier queues at that commune's counter or reviewers and is worked by that
commune's officer (``Route.stages`` by commune); a district group with a commune stage
(first land certificates) is confirmed by the citizen's own commune.

*Location independence* (``LocationIndependence``, walk-ins only; one draw from each of
``location``, ``location_point`` and ``location_away`` per walk-in, whatever happens, so
scenarios stay on common random numbers). A provincial walk-in of a district away from
Kon Tum city whose procedure is in scope submits with probability ``uptake`` at its
district section or at the post office serving its commune (by the ``submit_at``
shares). A walk-in of a pilot district group from such a district who is in Kon Tum
city (``away_share``) submits a pilot procedure there (``district_pilot_share``): at a
Kon Tum city post office (the ``post_office`` share) or at the provincial centre, not
back home. Either way the dossier is ``remote``: it reaches its agency
``transfer_delay`` later, and the result is returned where it was submitted.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Any

from simulator.model.onestop_counters import CounterPool
from simulator.streams import Streams, uniform_sampler
from simulator.values.onestop_values import (
    POST_OFFICES,
    PROVINCIAL_CENTRE,
    Level,
    OnestopScenario,
    ReceptionPoint,
    Scope,
)

COMMUNE, DISTRICT = Level.COMMUNE, Level.DISTRICT


class Placement:
    """Draws each dossier's commune and, for walk-ins, where it is submitted."""

    def __init__(self, scenario: OnestopScenario, resources: Any, streams: Streams) -> None:
        self.resources = resources
        self.communes = [d.communes for d in scenario.districts]
        self.district_sites = [d.name for d in scenario.districts]
        # without the district level a walk-in submitting near home goes to its commune centre
        self.near_commune = Level.DISTRICT not in scenario.sites
        self.commune_sites = [d.communes_site for d in scenario.districts]
        if scenario.tiers is not None:  # declared centres: drawn by their populations
            self.bounds = [_bounds(scenario.tiers.sites_of(d.name)) for d in scenario.districts]
            self.commune = self._commune_by_population
        self.u_commune = uniform_sampler(streams.generator("commune_section"))
        # the district where citizens away from home are: Kon Tum city (distance 0)
        self.capital = next((i for i, d in enumerate(scenario.districts) if d.distance_km == 0), 0)
        self.location = location = scenario.location_independence
        if location is not None:
            self.u_location = uniform_sampler(streams.generator("location"))
            self.u_point = uniform_sampler(streams.generator("location_point"))
            self.u_away = uniform_sampler(streams.generator("location_away"))
            self.post_share = location.submit_at.get(ReceptionPoint.POST_OFFICE, 0.0)

    def commune(self, district: int, local: int | None = None) -> int:
        """A commune section of the district, numbered across the province (drawn always)."""
        u = self.u_commune()
        if local is None:
            local = int(u * self.communes[district])
        return self.resources.first_commune[district] + local

    def _commune_by_population(self, district: int, local: int | None = None) -> int:
        """``commune`` with the district's centres drawn by population (the same one draw)."""
        u = self.u_commune()
        if local is None:
            bounds = self.bounds[district]
            local = min(bisect_right(bounds, u), len(bounds) - 1)
        return self.resources.first_commune[district] + local

    def section(self, dossier: Any) -> int:
        """The dossier's section at its own level's site: its commune's, or the only one."""
        if dossier.route.spec.level is COMMUNE:
            return dossier.commune - self.resources.first_commune[dossier.district]
        return 0

    def choose(self, dossier: Any) -> None:
        """Location independence for a walk-in (see the module docstring)."""
        location = self.location
        u, point, away = self.u_location(), self.u_point(), self.u_away()
        if not self.resources.remote_district[dossier.district]:
            return
        spec = dossier.route.spec
        if dossier.site == PROVINCIAL_CENTRE:
            share = location.uptake
            if location.scope is Scope.PILOT:
                share *= location.pilot_share if spec.pilot else 0.0
            if u < share:
                self._submit_away(dossier, point < self.post_share, dossier.district)
        elif (
            spec.level is DISTRICT
            and spec.pilot
            and away < location.away_share  # in Kon Tum city, away from home
            and u < location.district_pilot_share  # and the procedure is one of the pilot's
        ):
            self._submit_away(dossier, point < self.post_share, self.capital)

    def _submit_away(self, dossier: Any, post_office: bool, where: int) -> None:
        """Submitted in district ``where``: at a post office, or at its site of the level
        above (the provincial centre for a district procedure, else the district section)."""
        dossier.remote = True
        dossier.trip_from = where
        if post_office:
            first, count = self.resources.post_offices[where]
            local = dossier.commune - self.resources.first_commune[dossier.district]
            dossier.site = POST_OFFICES
            dossier.section = first + local * count // self.communes[dossier.district]
        elif where == dossier.district and self.near_commune:
            dossier.site = self.commune_sites[where]
            dossier.section = dossier.commune - self.resources.first_commune[where]
        elif where == dossier.district:
            dossier.site = self.district_sites[where]
            dossier.section = 0
        else:
            dossier.site = PROVINCIAL_CENTRE
            dossier.section = 0

    def counter_pool(self, dossier: Any) -> CounterPool:
        """A walk-in's pool: its sector's at the provincial centre, else its section's."""
        pools = self.resources.counter_pools[dossier.site]
        if dossier.site != PROVINCIAL_CENTRE:
            return pools[dossier.section]
        sectors = self.resources.sector_pool
        sector = dossier.route.spec.sector
        # a district procedure submitted at the centre goes to the matching sector, or "other"
        return pools[sectors[sector] if sector in sectors else sectors.get("other", 0)]


def _bounds(sites: tuple) -> list[float]:
    """Cumulative population shares of a district's centres (the last one is 1)."""
    total, running, bounds = sum(s.population for s in sites), 0, []
    for site in sites:
        running += site.population
        bounds.append(running / total)
    return bounds


__all__ = ["Placement"]
