"""Building the resources of a one-stop model from its scenario values.

Sites: ``provincial_centre`` (one counter pool per sector), one district section per
district (one pool; ``counters_by_district`` overrides the count) and one commune
group per district, ``<district>_communes``, holding one *section* per commune: its
own counter pool and online reviewers, so that nothing is pooled across communes (the
group is only a label, under which metrics aggregate its communes). With location
independence, a district's post offices (``onestop_location``) and counters moved from
the provincial centre to district sections. At a site with ``digitise`` either the
counter staff scan in the same sitting (``digitise_at_counter``: VNPost at the provincial
centre, who receive, digitise and return results there) or digitisation staff work behind
the counters (a FIFO pool). District agencies exist once per district,
commune agencies once per commune section (numbered across the province: a dossier's
``commune``); their officers are the given total split by population share, one each
at least, with the largest remainder (``apportion``), so they add up to the total exactly.

``build_resources`` needs no model, only a ``Runtime`` (the clock, the calendar, the
streams and the model's next steps), so dated changes (``onestop_epochs``) build the
resources of each epoch's values with it and compare staff counts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import simpy

from simulator.model.onestop_counters import CounterPool, CounterSite, counter_services
from simulator.model.onestop_location import (
    build_post_offices,
    counter_counts,
    post_office_trip_hours,
)
from simulator.model.onestop_resources import (
    Done,
    EdfAgency,
    FifoPool,
    Sampler,
    StaffResource,
)
from simulator.streams import Streams
from simulator.values.apportion import largest_remainder
from simulator.values.calendar import WorkingCalendar
from simulator.values.distributions import Distribution
from simulator.values.onestop_values import (
    COMMUNES_SUFFIX,
    POST_OFFICES,
    PROVINCIAL_CENTRE,
    Agency,
    Discipline,
    Group,
    Level,
    OnestopScenario,
    SiteSpec,
)
from simulator.values.scenario_tiers import commune_trip_hours

Share = Callable[[float], float]  # share -> that share of the next draw


@dataclass(frozen=True, kw_only=True)
class Runtime:
    """What resources share with the run: clock, calendar, streams and the model's next steps.

    Each step is called with (dossier, time) when a resource is through with a dossier.
    Samplers are made once per stream name (``sampler``): a stream read ahead by two
    samplers would hand out other numbers, and an epoch's resources (``onestop_epochs``)
    reuse the run's samplers, so building them draws nothing. (Dated changes never
    change a distribution, so one sampler per stream also fits every epoch.)
    """

    env: simpy.Environment
    calendar: WorkingCalendar
    horizon: float
    streams: Streams
    received: Done  # a walk-in was served at a counter
    reviewed: Done  # an online dossier's review ended
    digitised: Done  # digitisation staff finished a dossier
    worked: Done  # an officer finished the dossier's current stage
    # stream -> (sampler, share of the next draw), filled by ``sampler_and_share``
    samplers: dict[str, tuple[Sampler, Share]] = field(default_factory=dict)

    def sampler(self, stream: str, dist: Distribution) -> Sampler:
        """The one sampler of ``dist`` reading the named stream."""
        return self.sampler_and_share(stream, dist)[0]

    def sampler_and_share(self, stream: str, dist: Distribution) -> tuple[Sampler, Share]:
        """The sampler and share function (``Distribution.sampler_and_share``) of a stream."""
        if stream not in self.samplers:
            self.samplers[stream] = dist.sampler_and_share(self.streams.generator(stream))
        return self.samplers[stream]


class Stage:
    """One agency instance on a route: a cell holding its resource.

    The cell lets a dated change (``onestop_epochs``) swap the resource under every route
    that uses it.
    """

    __slots__ = ("resource",)

    def __init__(self, resource: StaffResource):
        self.resource = resource


class Route:
    """A procedure group at run time: its sites by district, its stages by commune section
    (numbered across the province: a commune's own commune agency, its district's district
    agencies, the provincial ones) and its lead-time sampler."""

    __slots__ = (
        "index",
        "spec",
        "days",
        "sites",
        "stages",
        "lead",
        "lead_share",
        "n_stages",
        "commune_stage",
    )

    def __init__(
        self,
        index: int,
        spec: Group,
        sites: list[str],
        stages: list[list[Stage]],
        lead: tuple[Sampler, Share] | tuple[None, None],
        commune_stage: list[bool],
    ):
        self.index, self.spec, self.days = index, spec, spec.days
        self.sites, self.stages = sites, stages
        # working minutes of a lead time; a share of one (for dossiers carried over)
        self.lead, self.lead_share = lead  # None, None: a paced scenario ([processing])
        self.n_stages = len(spec.stages)
        self.commune_stage = commune_stage  # whether each stage's agency is a commune one


@dataclass(frozen=True, kw_only=True)
class Resources:
    """Everything a run moves dossiers through, by site, agency and route.

    Frozen fixes the set of attributes, not their contents: the build fills the dicts and
    lists, dated changes (``onestop_epochs``) replace pools in them before the run and
    switch digitisation sites in and out during it.
    """

    counter_sites: dict[str, CounterSite]
    counter_pools: dict[str, list[CounterPool]]  # a site's pools (commune sites: by section)
    sector_pool: dict[str, int]  # sector -> its pool at the provincial centre
    review_pools: dict[str, list[StaffResource]]  # a site's reviewers, by section
    digitisers: dict[str, StaffResource]  # only sites that digitise behind the counters (now)
    counter_digitisers: set[str]  # sites whose counter staff digitise (not dated)
    electronic_sites: set[str]  # digitising sites that transfer electronically (now)
    agencies: dict[str, list[Stage]]  # one instance, one per district or one per commune
    routes: list[Route]  # by group
    trip_hours: dict[str, list[float]]  # one way to a site, by the citizen's district
    # location independence saves a trip only to citizens living away from Kon Tum city
    remote_district: list[bool]
    first_commune: list[int]  # by district: the number of its first commune section
    post_offices: list[tuple[int, int]]  # by district: (first, count) of its post office pools


def digitiser_name(site: str, level: Level) -> str:
    """The name of a site's digitisation staff in metrics (VNPost at the provincial centre)."""
    return "vnpost_" + site if level is Level.PROVINCIAL else "digitisers_" + site


def site_names(scenario: OnestopScenario, level: Level) -> list[str]:
    """The site of each district for a level (the same site for every district if provincial)."""
    districts = scenario.districts
    if level is Level.PROVINCIAL:
        return [PROVINCIAL_CENTRE] * len(districts)
    if level is Level.DISTRICT:
        return [d.name for d in districts]
    return [d.communes_site for d in districts]


def site_levels(scenario: OnestopScenario) -> dict[str, Level]:
    """The level of every site; post offices send digitised dossiers on to provincial agencies
    (or on the pilot's district ones: the rule of the provincial centre, which also digitises)."""
    levels = {site: level for level in scenario.sites for site in site_names(scenario, level)}
    levels[POST_OFFICES] = Level.PROVINCIAL
    return levels


def build_resources(scenario: OnestopScenario, runtime: Runtime) -> Resources:
    """The resources of the scenario's values (before any dated change)."""
    resources = Resources(
        counter_sites={},
        counter_pools={},
        sector_pool={},
        review_pools={},
        digitisers={},
        counter_digitisers=set(),
        electronic_sites=set(),
        agencies={},
        routes=[],
        trip_hours=_trip_hours(scenario),
        remote_district=[d.distance_km > 0 for d in scenario.districts],
        first_commune=first_communes(scenario),
        post_offices=[],
    )
    counters = counter_counts(scenario)
    for level, spec in scenario.sites.items():
        for site in dict.fromkeys(site_names(scenario, level)):
            _build_counters(resources, scenario, runtime, level, site, counters[site])
            _build_staff(resources, scenario, runtime, level, spec, site)
    build_post_offices(resources, scenario, runtime)
    resources.agencies.update(_build_agencies(scenario, runtime))
    resources.routes.extend(
        _build_route(scenario, runtime, resources.agencies, i, g)
        for i, g in enumerate(scenario.groups)
    )
    return resources


def _build_counters(
    resources: Resources,
    scenario: OnestopScenario,
    runtime: Runtime,
    level: Level,
    site: str,
    counts: list[int],
) -> None:
    """The site's counter pools: by sector (or pooled) at the centre, else per section."""
    spec = scenario.sites[level]
    services = counter_services(scenario, runtime, level)
    counters = CounterSite(site, runtime.env, runtime.calendar, hourly=site == PROVINCIAL_CENTRE)
    served = (runtime.received, runtime.digitised)  # reception, mail (onestop_counters)
    if level is Level.PROVINCIAL and spec.pooled:  # take a number, any counter
        resources.sector_pool.update(dict.fromkeys(spec.counters, 0))
        servers = sum(max(n, 0) for n in counts)
        counters.pools.append(CounterPool(counters, f"counters_{site}", servers, services, *served))
    elif level is Level.PROVINCIAL:
        for sector, servers in zip(spec.counters, counts, strict=True):
            resources.sector_pool[sector] = len(counters.pools)
            name = f"counters_{site}.{sector}"
            counters.pools.append(CounterPool(counters, name, max(servers, 0), services, *served))
    else:
        counters.pools.extend(
            CounterPool(counters, f"counters_{site}.{i}", servers, services, *served)
            for i, servers in enumerate(counts)
        )
    resources.counter_sites[site] = counters
    resources.counter_pools[site] = counters.pools


def _build_staff(
    resources: Resources,
    scenario: OnestopScenario,
    runtime: Runtime,
    level: Level,
    spec: SiteSpec,
    site: str,
) -> None:
    """The site's online reviewers and, if it digitises, its digitisation staff."""
    calendar, horizon = runtime.calendar, runtime.horizon
    review = runtime.sampler("review", scenario.reception.review)
    sections = range(len(resources.counter_pools[site]) if level is Level.COMMUNE else 1)
    reviewers = [spec.reviewers] * len(sections)
    if level is Level.COMMUNE and scenario.tiers is not None:  # each centre its own
        reviewers = [s.reviewers for s in scenario.tiers.sites_of(site[: -len(COMMUNES_SUFFIX)])]
    resources.review_pools[site] = [
        FifoPool(f"reviewers_{site}", count, calendar, horizon, review, runtime.reviewed)
        for count in reviewers
    ]
    if not spec.digitise:
        return
    if spec.digitise_at_counter:  # the counter staff scan as they receive (``_services``)
        resources.counter_digitisers.add(site)
        if spec.electronic_transfer:
            resources.electronic_sites.add(site)
        return
    staff = scenario.digitisation
    # elsewhere staff sit with the counters: section_staff per counter of the site
    counters = sum(pool.servers for pool in resources.counter_pools[site])
    servers = staff.staff if level is Level.PROVINCIAL else staff.section_staff * counters
    name = digitiser_name(site, level)
    digitise = runtime.sampler("digitise", staff.time)
    resources.digitisers[site] = FifoPool(
        name, servers, calendar, horizon, digitise, runtime.digitised
    )
    if spec.electronic_transfer:
        resources.electronic_sites.add(site)


def _trip_hours(scenario: OnestopScenario) -> dict[str, list[float]]:
    """One-way travel hours to each site, by the citizen's district.

    A citizen first reaches the district town (``district_trip_hours``); going to the
    provincial centre adds the road from the district town to Kon Tum city, so the trip
    is never shorter than the one to the citizen's own district section.
    """
    travel, districts = scenario.travel, scenario.districts
    hours = {PROVINCIAL_CENTRE: [travel.district_trip_hours + d.travel_hours for d in districts]}
    for d in districts:
        hours[d.name] = [travel.district_trip_hours] * len(districts)
        commune = travel.commune_trip_hours
        if scenario.tiers is not None:  # declared centres: their population-weighted trip
            commune = commune_trip_hours(scenario.tiers, d.name)
        hours[d.communes_site] = [commune] * len(districts)
    hours.update(post_office_trip_hours(scenario))
    return hours


def first_communes(scenario: OnestopScenario) -> list[int]:
    """The number of each district's first commune section (communes numbered in order)."""
    firsts, count = [], 0
    for district in scenario.districts:
        firsts.append(count)
        count += district.communes
    return firsts


def _instances(scenario: OnestopScenario, agency: Agency) -> list[tuple[str, int]]:
    """An agency's instances (name, officers): one, one per district or one per commune.

    A commune section's population is its district's shared evenly between its communes
    (no commune populations are published in DOMAIN.md).
    """
    districts = scenario.districts
    if agency.level is Level.PROVINCIAL:
        return [(agency.name, agency.officers)]
    if agency.level is Level.DISTRICT:
        names = [f"{agency.name}_{d.name}" for d in districts]
        weights = [float(d.population) for d in districts]
    elif scenario.tiers is not None:  # declared centres: officers stay in their district
        names = [f"{agency.name}_{s.name}" for s in scenario.tiers.sites]
        if agency.name in scenario.tiers.officers:
            return list(zip(names, scenario.tiers.officers[agency.name], strict=True))
        weights = [float(s.population) for s in scenario.tiers.sites]
    else:
        names = [f"{agency.name}_{d.name}_{i}" for d in districts for i in range(d.communes)]
        weights = [d.population / d.communes for d in districts for _ in range(d.communes)]
    officers = largest_remainder(agency.officers, weights, minimum=1)
    return list(zip(names, officers, strict=True))


def _build_agencies(scenario: OnestopScenario, runtime: Runtime) -> dict[str, list[Stage]]:
    """Each agency's instances: one (provincial), one per district or one per commune."""
    agencies = {}
    for agency in scenario.agencies:
        work = runtime.sampler(f"work.{agency.name}", agency.work)
        instances = _instances(scenario, agency)
        agencies[agency.name] = [
            Stage(_instance(scenario, runtime, agency, name, count, work))
            for name, count in instances
        ]
    return agencies


def _instance(
    scenario: OnestopScenario,
    runtime: Runtime,
    agency: Agency,
    name: str,
    officers: int,
    work: Sampler,
) -> StaffResource:
    # a scenario-level [processing] discipline overrides each agency's own
    discipline = scenario.processing.discipline or agency.discipline
    env, calendar, horizon, worked = runtime.env, runtime.calendar, runtime.horizon, runtime.worked
    if discipline is Discipline.EDF:
        return EdfAgency(name, officers, calendar, env, horizon, work, worked)
    return FifoPool(name, officers, calendar, horizon, work, worked)


def _build_route(
    scenario: OnestopScenario,
    runtime: Runtime,
    agencies: dict[str, list[Stage]],
    index: int,
    group: Group,
) -> Route:
    by_name = {a.name: a for a in scenario.agencies}
    # each stage's instances and level, looked up once for all the communes
    chosen = [(agencies[name], by_name[name].level) for name in group.stages]
    stages = []
    for district, spec in enumerate(scenario.districts):
        for _ in range(spec.communes):
            at = {Level.PROVINCIAL: 0, Level.DISTRICT: district, Level.COMMUNE: len(stages)}
            stages.append([instances[at[level]] for instances, level in chosen])
    lead = (
        runtime.sampler_and_share(f"lead.{group.name}", group.lead_time_minutes)
        if group.lead_time_minutes is not None
        else (None, None)
    )
    # commune approval and closing habits (a moved agency keeps its former level's)
    commune = [by_name[name].habits_level is Level.COMMUNE for name in group.stages]
    return Route(index, group, site_names(scenario, group.level), stages, lead, commune)


__all__ = ["Resources", "Route", "Runtime", "Stage", "build_resources", "site_names"]
