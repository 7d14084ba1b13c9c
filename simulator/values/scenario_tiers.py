"""Levels and sites as data: a scenario's administrative levels and commune-level centres.

Since 1/7/2025 Vietnam has two-tier local government: the district level is dissolved and
its procedures move to commune-level centres, and Kon Tum is part of Quảng Ngãi province,
whose centre is in Quảng Ngãi city (DOMAIN.md). A scenario may declare (all optional):

* ``levels``: ``["provincial", "district", "commune"]`` (the default, the 2022 system) or
  ``["provincial", "commune"]`` (two tiers);
* ``[[commune_sites]]``: the commune-level centres, each with ``name``, its former
  ``district`` (a ``[[districts]]`` name), ``population`` and ``trip_hours`` (one way,
  from its villages to the centre). They replace each district's ``communes``: a
  district's commune group holds these centres, a dossier's centre is drawn by their
  populations, and the trip to the group is their population-weighted mean;
* ``[provincial_centre]``: ``place`` (a label), ``distance_km`` by district (road km from
  the former district town to the centre, replacing the districts' ``distance_km``),
  ``travel_hours`` by district (one way, when published times beat km /
  ``mountain_road_kmh``) and ``branch``: the area's citizens use a branch in Kon Tum city
  instead (the districts' own ``distance_km``; reception and results there, processing at
  the provincial agencies).

Without any of these keys nothing here changes a scenario. With them, every commune
centre gets its district's commune counters and online reviewers (the old sections'
total: per-section count x the district's ``communes``) and, when the district level is
absent, the district section's too, split over the district's centres by population
with the largest remainder, at least one each (``apportion``). Without the district level
its procedure groups and agencies move to the commune level. Staff stay in their former
district: an agency's officers there in the 2022 layout are split over the district's
centres by population, at least one each (so a district with fewer officers than centres
gains some: the model needs an officer wherever a dossier is worked; ``centre_officers``).
``[moved_agencies.<agency>]`` may send an agency elsewhere instead, with ``level``
(``"provincial"``: one pool for the area, e.g. regional tax teams; ``"commune"``) and
``officers`` (default: its own). A moved agency keeps its district habits (the approval
and closing-session values of ``[processing]`` and ``[closing]`` for non-commune agencies,
``Agency.habits``), since the same officers do the work: the reform alone does not make
them close results faster. The district section's own reception values (service time,
digitisation) do not move: the centres keep the commune values.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from simulator.values.apportion import largest_remainder
from simulator.values.onestop_values import Agency, District, Level, OnestopScenario, SiteSpec
from simulator.values.validate import Table, identifier, number, string

LEVELS, SITES, CENTRE = "levels", "commune_sites", "provincial_centre"
MOVED = "moved_agencies"
TWO_TIERS = ["provincial", "commune"]
THREE_TIERS = ["provincial", "district", "commune"]
ALLOWED_LEVELS = '["provincial", "commune"] or ["provincial", "district", "commune"]'


@dataclass(frozen=True, kw_only=True)
class CommuneSite:
    """A commune-level centre (``xã``/``phường``) with the staff it receives."""

    name: str
    district: str  # the former district it lies in
    population: float  # people (an even share of the district's when not declared)
    trip_hours: float  # one way, from its villages to the centre
    counters: int  # reception counters, after any move from the district section
    reviewers: int  # officers reviewing online dossiers


@dataclass(frozen=True, kw_only=True)
class Tiers:
    """The declared levels and sites (``OnestopScenario.tiers``; None: the 2022 map)."""

    levels: tuple[Level, ...]
    sites: tuple[CommuneSite, ...]  # grouped by district, in the districts' order
    place: str  # where the provincial centre is (a label)
    branch: bool  # the area's citizens use a branch in Kon Tum city
    # commune-level agency -> officers at each centre (in ``sites`` order); an agency not
    # here is split over the centres by population as in 2022 (``model.onestop_build``)
    officers: dict[str, tuple[int, ...]]

    def sites_of(self, district: str) -> tuple[CommuneSite, ...]:
        return tuple(s for s in self.sites if s.district == district)


@dataclass(frozen=True, kw_only=True)
class _Centre:
    place: str
    distance_km: dict[str, float]  # empty: the districts' own distances
    travel_hours: dict[str, float]  # one way; empty: distance_km / mountain_road_kmh
    branch: bool


def apply_tiers(top: Table, values: OnestopScenario) -> OnestopScenario:
    """The scenario with its declared levels and sites applied (see the module docstring)."""
    if not any(top.has(key) for key in (LEVELS, SITES, CENTRE, MOVED)):
        return values
    levels = _levels(top)
    moved = Level.DISTRICT not in levels
    raw = _raw_sites(top, values)
    centre = _centre(top.table(CENTRE, {}), values.districts)
    sites = _staffed(values, raw, moved)
    declared = moved or top.has(SITES)  # else the 2022 sections stay as they are
    specs = {level: s for level, s in values.sites.items() if level in levels}
    if Level.COMMUNE not in specs:
        top.at(LEVELS).fail(top.raw(LEVELS, THREE_TIERS), "needs a [sites.commune] table")
    agencies, groups = values.agencies, values.groups
    if not moved and top.has(MOVED):
        top.at(MOVED).fail(top.raw(MOVED), 'needs levels = ["provincial", "commune"]')
    if moved:
        agencies = _moved_agencies(top, values)
        groups = tuple(_to_commune(g) for g in values.groups)
    moved_values = replace(values, agencies=agencies)
    officers = centre_officers(moved_values, values.agencies, sites) if declared else {}
    # an agency's officers are what the centres get (minimums included)
    agencies = tuple(
        replace(a, officers=sum(officers[a.name])) if a.name in officers else a for a in agencies
    )
    tiers = Tiers(
        levels=levels, sites=sites, place=centre.place, branch=centre.branch, officers=officers
    )
    districts = tuple(_district(values, d, tiers, centre) for d in values.districts)
    return replace(
        values, districts=districts, agencies=agencies, groups=groups, sites=specs, tiers=tiers
    )


def _levels(top: Table) -> tuple[Level, ...]:
    names = [string(v, at, THREE_TIERS) for v, at in top.items(LEVELS, THREE_TIERS)]
    if sorted(names) not in (sorted(TWO_TIERS), sorted(THREE_TIERS)):
        top.at(LEVELS).fail(names, f"must be {ALLOWED_LEVELS}")
    return tuple(level for level in Level if level.value in names)


def _raw_sites(top: Table, values: OnestopScenario) -> list[CommuneSite]:
    """The declared centres in district order, or one per commune section (evenly)."""
    if not top.has(SITES):
        trip = values.travel.commune_trip_hours
        return [
            _site(f"{d.name}_{i}", d.name, d.population / d.communes, trip)
            for d in values.districts
            for i in range(d.communes)
        ]
    names = [d.name for d in values.districts]
    sites = [_read_site(Table(item, at), names) for item, at in top.items(SITES, limit=10_000)]
    where = top.at(SITES)
    seen = [s.name for s in sites]
    for i, name in enumerate(seen):
        if seen.index(name) != i:
            where.child(i).child("name").fail(name, "names must be unique")
    for name in names:
        if name not in [s.district for s in sites]:
            where.fail(f"no site in {name}", "every district needs at least one commune site")
    return sorted(sites, key=lambda s: names.index(s.district))  # stable within a district


def _read_site(table: Table, districts: list[str]) -> CommuneSite:
    site = _site(
        identifier(table.raw("name"), table.at("name")),
        string(table.raw("district"), table.at("district"), districts),
        table.integer("population", min=1, max=100_000_000),
        table.number("trip_hours", min=0.0, max=24.0),
    )
    table.done()
    return site


def _site(name: str, district: str, population: float, trip_hours: float) -> CommuneSite:
    return CommuneSite(
        name=name,
        district=district,
        population=population,
        trip_hours=trip_hours,
        counters=0,
        reviewers=0,
    )


def _centre(table: Table, districts: tuple[District, ...]) -> _Centre:
    names = [d.name for d in districts]
    centre = _Centre(
        place=identifier(table.raw("place", "kon_tum_city"), table.at("place")),
        distance_km=_by_district(table, "distance_km", names),
        travel_hours=_by_district(table, "travel_hours", names),
        branch=table.boolean("branch", False),
    )
    table.done()
    return centre


def _by_district(table: Table, key: str, names: list[str]) -> dict[str, float]:
    """A number for every district (or none at all: an empty table)."""
    values = Table(table.raw(key, {}), table.at(key))
    numbers = {}
    for name in list(values.data):
        string(name, values.at(name), names)
        numbers[name] = number(values.raw(name), values.at(name), min=0.0, max=100_000.0)
    values.done()
    missing = [name for name in names if name not in numbers]
    if numbers and missing:
        table.at(key).fail(f"no {missing[0]}", "must give every district")
    return numbers


def _staffed(values: OnestopScenario, raw: list[CommuneSite], moved: bool) -> tuple:
    """Each centre's counters and reviewers: its district's, split by population."""
    staffed = []
    for district in values.districts:
        sites = [s for s in raw if s.district == district.name]
        counters = _old_total(values.sites.get(Level.COMMUNE), district, moved, values)
        weights = [float(s.population) for s in sites]
        counts = largest_remainder(max(counters[0], len(sites)), weights, minimum=1)
        reviewers = largest_remainder(max(counters[1], len(sites)), weights, minimum=1)
        staffed.extend(
            replace(s, counters=c, reviewers=r)
            for s, c, r in zip(sites, counts, reviewers, strict=True)
        )
    return tuple(staffed)


def _old_total(
    spec: SiteSpec | None, district: District, moved: bool, values: OnestopScenario
) -> tuple[int, int]:
    """The district's counters and reviewers before: its commune sections' (and its section's)."""
    counters = reviewers = 0
    if spec is not None:
        per = spec.counters_by_district.get(district.name, sum(spec.counters.values()))
        counters, reviewers = per * district.communes, spec.reviewers * district.communes
    section = values.sites.get(Level.DISTRICT)
    if moved and section is not None:
        counters += section.counters_by_district.get(district.name, sum(section.counters.values()))
        reviewers += section.reviewers
    return counters, reviewers


def _moved_agencies(top: Table, values: OnestopScenario) -> tuple:
    """District agencies move to the commune centres, or where ``[moved_agencies]`` says."""
    moves = top.table(MOVED, {})
    district = [a.name for a in values.agencies if a.level is Level.DISTRICT]
    for name in list(moves.data):
        string(name, moves.at(name), district)
    agencies = []
    for agency in values.agencies:
        if agency.level is Level.DISTRICT:
            level, officers = Level.COMMUNE, agency.officers
            if moves.has(agency.name):
                level, officers = _move(moves.table(agency.name), agency, len(values.districts))
            agency = replace(agency, level=level, officers=officers, habits=Level.DISTRICT)
        agencies.append(agency)
    moves.done()
    return tuple(agencies)


def _move(table: Table, agency: Agency, districts: int) -> tuple[Level, int]:
    """Where ``[moved_agencies.<name>]`` sends an agency: its level and officers (at least
    one per former district, whose staff stay in it)."""
    level = Level(table.string("level", "commune", choices=["provincial", "commune"]))
    officers = table.integer("officers", agency.officers, min=districts, max=100_000)
    table.done()
    return level, officers


def centre_officers(
    values: OnestopScenario, before: tuple[Agency, ...], sites: tuple[CommuneSite, ...]
) -> dict[str, tuple[int, ...]]:
    """Officers of each commune-level agency at each centre, by the agency's name.

    Staff stay in their former district: an agency's officers there in the 2022 layout
    (a district agency's population share of the total; a commune agency's share of each
    of the district's commune sections, ``model.onestop_build``) are split over the
    district's centres by population, at least one each.
    """
    districts = values.districts
    weights = [float(d.population) for d in districts]
    officers = {}
    for agency, was in zip(values.agencies, before, strict=True):
        if agency.level is not Level.COMMUNE:
            continue
        if was.level is Level.DISTRICT:
            shares = largest_remainder(agency.officers, weights, minimum=1)
        else:  # the 2022 commune sections' officers, added up by district
            shares = _commune_shares(agency.officers, districts)
        officers[agency.name] = tuple(
            count
            for district, share in zip(districts, shares, strict=True)
            for count in _split(share, [s for s in sites if s.district == district.name])
        )
    return officers


def _commune_shares(total: int, districts: tuple[District, ...]) -> list[int]:
    sections = [d.population / d.communes for d in districts for _ in range(d.communes)]
    parts, shares, first = largest_remainder(total, sections, minimum=1), [], 0
    for district in districts:
        shares.append(sum(parts[first : first + district.communes]))
        first += district.communes
    return shares


def _split(total: int, sites: list[CommuneSite]) -> list[int]:
    weights = [float(s.population) for s in sites]
    return largest_remainder(max(total, len(sites)), weights, minimum=1)


def _to_commune(group):
    return replace(group, level=Level.COMMUNE) if group.level is Level.DISTRICT else group


def _district(values: OnestopScenario, district: District, tiers: Tiers, centre: _Centre):
    """The district with its centres' count and the distance to the provincial centre."""
    km, hours = district.distance_km, district.travel_hours
    if centre.distance_km and not centre.branch:
        km = centre.distance_km[district.name]
        hours = km / values.travel.mountain_road_kmh
    if centre.travel_hours and not centre.branch:
        hours = centre.travel_hours[district.name]
    return replace(
        district, communes=len(tiers.sites_of(district.name)), distance_km=km, travel_hours=hours
    )


def commune_trip_hours(tiers: Tiers, district: str) -> float:
    """One way to a district's commune centres: their trips weighted by population."""
    sites = tiers.sites_of(district)
    people = sum(s.population for s in sites)
    return sum(s.trip_hours * s.population for s in sites) / people


__all__ = ["CommuneSite", "Tiers", "apply_tiers", "commune_trip_hours"]
