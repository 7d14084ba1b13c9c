"""Building the resources of a one-stop model from its scenario.

Sites: ``provincial_centre`` (one counter pool per sector), one district section per
district (one pool; ``counters_by_district`` overrides the count) and one commune
group per district, ``<district>_communes``, holding one pool per commune section,
so that commune counters are not pooled across communes. Each site has its online
reviewers; sites with ``digitise`` have digitisation staff (VNPost at the provincial
centre). Agencies of district or commune level exist once per district, their
officers being the given total split by population share (at least one each).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from simulator.model.onestop_resources import CounterPool, CounterSite, EdfAgency, FifoPool
from simulator.values.onestop_values import PROVINCIAL_CENTRE, Agency, Discipline, Level


class Stage:
    """One agency instance on a route: a FIFO pool or an EDF agency, with its work sampler."""

    __slots__ = ("fifo", "edf", "work")

    def __init__(self, fifo: FifoPool | None, edf: EdfAgency | None, work: Callable[[], float]):
        self.fifo, self.edf, self.work = fifo, edf, work


class Route:
    """A procedure group at run time: its sites, stages and lead-time sampler per district."""

    __slots__ = ("index", "spec", "days", "sites", "stages", "lead", "n_stages")

    def __init__(
        self,
        index: int,
        spec: Any,
        sites: list[str],
        stages: list[list[Stage]],
        lead: Callable[[], float],
    ):
        self.index, self.spec, self.days = index, spec, spec.days
        self.sites, self.stages, self.lead = sites, stages, lead
        self.n_stages = len(spec.stages)


def site_names(model: Any, level: Level) -> list[str]:
    """The site of each district for a level (the same site for every district if provincial)."""
    districts = model.scenario.districts
    if level is Level.PROVINCIAL:
        return [PROVINCIAL_CENTRE] * len(districts)
    if level is Level.DISTRICT:
        return [d.name for d in districts]
    return [d.communes_site for d in districts]


def build_resources(model: Any) -> None:
    model.counter_sites = {}
    model.counter_pools = {}
    model.review_pools = {}
    model.digitisers = {}
    model.electronic_sites = set()
    model.sector_pool = {}
    for level, spec in model.scenario.sites.items():
        service = spec.service.sampler(model.streams.generator(f"service.{level.value}"))
        for index, site in enumerate(dict.fromkeys(site_names(model, level))):
            _build_site(model, level, spec, site, index, service)
    model.trip_hours = _trip_hours(model)
    # location independence saves a trip only to citizens living away from Kon Tum city
    model.remote_district = [d.distance_km > 0 for d in model.scenario.districts]
    model.agencies = _build_agencies(model)
    model.routes = [_build_route(model, i, g) for i, g in enumerate(model.scenario.groups)]


def _build_site(model: Any, level: Level, spec: Any, site: str, index: int, service: Any) -> None:
    counters = CounterSite(site, model.env, model.calendar, hourly=site == PROVINCIAL_CENTRE)
    district = model.scenario.districts[index]
    received = model._received
    if level is Level.PROVINCIAL:
        for sector, servers in spec.counters.items():
            model.sector_pool[sector] = len(counters.pools)
            counters.pools.append(CounterPool(counters, max(servers, 0), service, received))
    else:
        servers = spec.counters_by_district.get(district.name, sum(spec.counters.values()))
        sections = district.communes if level is Level.COMMUNE else 1
        counters.pools.extend(
            CounterPool(counters, servers, service, received) for _ in range(sections)
        )
    model.counter_sites[site] = counters
    model.counter_pools[site] = counters.pools
    model.review_pools[site] = FifoPool(
        f"reviewers_{site}", spec.reviewers, model.calendar, model.horizon
    )
    if spec.digitise:
        staff = model.scenario.digitisation
        # elsewhere staff sit with the counters: section_staff per counter of the site
        counters = sum(pool.servers for pool in counters.pools)
        servers = staff.staff if level is Level.PROVINCIAL else staff.section_staff * counters
        name = "vnpost_" + site if level is Level.PROVINCIAL else "digitisers_" + site
        model.digitisers[site] = FifoPool(name, servers, model.calendar, model.horizon)
        if spec.electronic_transfer:
            model.electronic_sites.add(site)


def _trip_hours(model: Any) -> dict[str, list[float]]:
    """One-way travel hours to each site, by the citizen's district.

    A citizen first reaches the district town (``district_trip_hours``); going to the
    provincial centre adds the road from the district town to Kon Tum city, so the trip
    is never shorter than the one to the citizen's own district section.
    """
    travel, districts = model.scenario.travel, model.scenario.districts
    hours = {PROVINCIAL_CENTRE: [travel.district_trip_hours + d.travel_hours for d in districts]}
    for d in districts:
        hours[d.name] = [travel.district_trip_hours] * len(districts)
        hours[d.communes_site] = [travel.commune_trip_hours] * len(districts)
    return hours


def _officers(total: int, populations: list[int]) -> list[int]:
    whole = sum(populations)
    return [max(1, round(total * p / whole)) for p in populations]


def _build_agencies(model: Any) -> dict[str, list]:
    """Each agency's instances: one (provincial) or one per district."""
    agencies = {}
    populations = [d.population for d in model.scenario.districts]
    for agency in model.scenario.agencies:
        work = agency.work.sampler(model.streams.generator(f"work.{agency.name}"))
        if agency.level is Level.PROVINCIAL:
            agencies[agency.name] = [_instance(model, agency, agency.name, agency.officers, work)]
        else:
            agencies[agency.name] = [
                _instance(model, agency, f"{agency.name}_{d.name}", officers, work)
                for d, officers in zip(
                    model.scenario.districts, _officers(agency.officers, populations), strict=True
                )
            ]
    return agencies


def _instance(model: Any, agency: Agency, name: str, officers: int, work: Any) -> Any:
    # a scenario-level [processing] discipline overrides each agency's own
    discipline = model.scenario.processing.discipline or agency.discipline
    if discipline is Discipline.EDF:
        edf = EdfAgency(
            name, officers, model.calendar, model.env, model.horizon, work, model._worked
        )
        return Stage(None, edf, work)
    return Stage(FifoPool(name, officers, model.calendar, model.horizon), None, work)


def _build_route(model: Any, index: int, group: Any) -> Any:
    by_name = {a.name: a for a in model.scenario.agencies}
    stages = []
    for district in range(len(model.scenario.districts)):
        route = []
        for name in group.stages:
            instances = model.agencies[name]
            provincial = by_name[name].level is Level.PROVINCIAL
            route.append(instances[0] if provincial else instances[district])
        stages.append(route)
    lead = group.lead_time.sampler(model.streams.generator(f"lead.{group.name}"))
    return Route(index, group, site_names(model, group.level), stages, lead)
