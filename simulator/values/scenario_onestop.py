"""Read a Kon Tum one-stop scenario (``kind = "onestop"``) into an ``OnestopScenario``.

Every table is read with ``Table`` so an unknown key is an error naming its key path;
shares are checked to sum to 1, route stages must name agencies, and every group's
level must have a site. The values are described in ``onestop_values``.

Durations given in working days or hours are converted here, and only here, into
working minutes (``scenario_rules.in_minutes``): the values and the model then work in minutes.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from simulator.values.calendar_table import check_reach, parse_calendar
from simulator.values.document import Document
from simulator.values.errors import Location
from simulator.values.limits import MAX_YEAR
from simulator.values.onestop_capacity import check_capacity
from simulator.values.onestop_trends import parse_changes, parse_trends
from simulator.values.onestop_values import (
    MINUTES_PER_HOUR,
    Agency,
    Arrivals,
    Channel,
    Digitisation,
    Discipline,
    District,
    Group,
    Level,
    OnestopScenario,
    Reception,
    SiteSpec,
    Travel,
    working_day_minutes_of,
)
from simulator.values.periods import add_months
from simulator.values.scenario_rules import (
    MAX_DAYS_STATUTORY,
    dist,
    optional_in_minutes,
    parse_rules,
)
from simulator.values.scenario_schedules import with_schedules
from simulator.values.scenario_tiers import apply_tiers
from simulator.values.site_levers import parse_appointment_share, parse_saturday
from simulator.values.validate import (
    MAX_COUNT,
    Table,
    identifier,
    number,
    output_name,
    probability,
    shares_sum_to_one,
    string,
)

MAX_HORIZON_DAYS = 3 * 366


def parse(document: Document) -> OnestopScenario:
    top = Table(document.data, document.where())
    top.raw("kind")
    name = output_name(top.raw("name", document.path.stem), top.at("name"))  # a folder name
    start, end, quarterly = _horizon(top.table("horizon"))
    calendar = _calendar(top, start, end)
    travel = _travel(top.table("travel"))
    districts = _districts(top, travel)
    agencies = _agencies(top, districts)
    sites = _sites(top.table("sites"), districts)
    day_minutes = working_day_minutes_of(calendar)
    groups = _groups(top, agencies, sites, day_minutes)
    values = OnestopScenario(
        name=name,
        description=str(top.raw("description", "")),
        start=start,
        end=end,
        calendar=calendar,
        arrivals=_arrivals(top.table("arrivals")),
        channels=_channels(top.table("channels")),
        districts=districts,
        travel=travel,
        sites=sites,
        reception=_reception(top.table("reception")),
        digitisation=_digitisation(top.table("digitisation"), sites),
        agencies=agencies,
        groups=groups,
        **parse_rules(top, groups, day_minutes, districts, sites.get(Level.PROVINCIAL)),
        source=str(document.path),
        digest=document.digest(),
        chain=document.chain,
        resolved=document.data,
        trends=parse_trends(top.table("trends", {}), _date),
        quarterly=quarterly,
    )
    return _completed(top, document, values, (start, end))


def _completed(top: Table, document: Document, values: OnestopScenario, horizon) -> OnestopScenario:
    """The parsed values with levels and sites as data, checked, with changes and schedules."""
    values = apply_tiers(top, values)  # levels and sites as data (two tiers since 1/7/2025)
    check_capacity(values, top.where)  # before the changes, which are checked when parsed
    values = replace(values, epochs=parse_changes(top, document, horizon, _date, parse))
    values = with_schedules(values, top)
    top.done()
    return values


def _calendar(top: Table, start: date, end: date):
    """The working calendar, checked to reach past the horizon (the model looks ahead)."""
    calendar = parse_calendar(top.table("calendar", {}), start)
    check_reach(calendar, end, top.table("calendar", {}))
    return calendar


def _date(table: Table, key: str) -> date:
    value = table.raw(key)
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value.strip())
        except ValueError:
            value = None
    if not isinstance(value, date) or hasattr(value, "hour"):
        table.at(key).fail(table.raw(key), "must be a date such as 2022-01-01")
    if value.year > MAX_YEAR:  # the model's calendar looks past it; Python stops at 9999
        table.at(key).fail(str(value), f"must be in year {MAX_YEAR} or earlier")
    return value


def _horizon(table: Table) -> tuple[date, date, bool]:
    """``start`` and ``end`` (inclusive), or ``quarters`` of three months (replacing an end)."""
    start = _date(table, "start")
    quarterly = table.has("quarters")
    if quarterly:  # an end inherited from a parent file (or the run) is replaced
        table.raw("end", None)
        end = add_months(start, 3 * table.integer("quarters", min=1, max=12)) - timedelta(days=1)
    else:
        end = _date(table, "end")
    if not start <= end or (end - start).days > MAX_HORIZON_DAYS:
        table.at("end").fail(end, f"must be on or after start ({start}), within 3 years")
    table.done()
    return start, end, quarterly


def _weights(table: Table, key: str, count: int) -> tuple[float, ...]:
    values = tuple(number(v, at, min=0.0) for v, at in table.items(key))
    if len(values) != count or not sum(values) > 0:
        table.at(key).fail(list(values), f"must list {count} weights >= 0 with a positive sum")
    return values


def _arrivals(table: Table) -> Arrivals:
    periods = []
    for item, at in table.items("day_weights", []):
        period = Table(item, at)
        first, last = _date(period, "from"), _date(period, "to")
        if last < first:
            period.at("to").fail(last, f"must be on or after from ({first})")
        periods.append((first, last, period.number("weight", min=0.0)))
        period.done()
    values = Arrivals(
        expected_new=table.number("expected_new", min=0.0, max=MAX_COUNT * 10),
        carried_over=table.integer("carried_over", 0, min=0, max=MAX_COUNT),
        carried_overdue_share=probability(
            table.raw("carried_overdue_share", 0.0), table.at("carried_overdue_share")
        ),
        inperson_hour_weights=_weights(table, "inperson_hour_weights", 24),
        online_hour_weights=_weights(table, "online_hour_weights", 24),
        weekday_weights=_weights(table, "weekday_weights", 7),
        online_weekday_weights=_weights(table, "online_weekday_weights", 7),
        day_weights=tuple(periods),
    )
    table.done()
    return values


def _shares(table: Table, names: list[str]) -> dict[str, float]:
    shares = {name: probability(table.raw(name), table.at(name)) for name in names}
    shares_sum_to_one(shares, table.where)
    table.done()
    return shares


def _channels(table: Table) -> dict[Channel, float]:
    shares = _shares(table, [c.key for c in Channel])
    return {Channel.from_key(key): share for key, share in shares.items()}


def _travel(table: Table) -> Travel:
    values = Travel(
        mountain_road_kmh=table.number("mountain_road_kmh", above=0.0),
        district_trip_hours=table.number("district_trip_hours", min=0.0),
        commune_trip_hours=table.number("commune_trip_hours", min=0.0),
    )
    table.done()
    return values


def _districts(top: Table, travel: Travel) -> tuple[District, ...]:
    districts = []
    for item, at in top.items("districts"):
        table = Table(item, at)
        name = _site_name(table)
        distance = table.number("distance_km", min=0.0)
        districts.append(
            District(
                name=name,
                population=table.integer("population", min=1, max=100_000_000),
                communes=table.integer("communes", min=1, max=1000),
                distance_km=distance,
                travel_hours=distance / travel.mountain_road_kmh,
            )
        )
        table.done()
    if not districts:
        top.at("districts").fail([], "needs at least one [[districts]] entry")
    _unique([d.name for d in districts], top.at("districts"))
    return tuple(districts)


def _site_name(table: Table) -> str:
    name = identifier(table.raw("name"), table.at("name"))
    if name == "provincial_centre":
        table.at("name").fail(name, "is the provincial centre's own name; choose another")
    return name


def _unique(names: list[str], where: Location) -> None:
    for i, name in enumerate(names):
        if names.index(name) != i:
            where.child(i).child("name").fail(name, "names must be unique")


def _sites(table: Table, districts: tuple[District, ...]) -> dict[Level, SiteSpec]:
    names = [d.name for d in districts]
    sites = {}
    for level in Level:
        if table.has(level.value):
            sites[level] = _site(table.table(level.value), names, level)
    if not sites:
        table.where.fail(dict(table.data), "needs at least one of provincial, district, commune")
    table.done()
    return sites


def _counts(table: Table, key: str, choices: list[str] | None) -> dict[str, int]:
    raw = Table(table.raw(key, {}), table.at(key))
    counts = {}
    for name in list(raw.data):
        if choices is not None:
            string(name, raw.at(name), choices)
        identifier(name, raw.at(name))  # a sector becomes part of a pool's (metric) name
        counts[name] = raw.integer(name, min=0, max=10_000)
    raw.done()
    return counts


def _site(table: Table, district_names: list[str], level: Level) -> SiteSpec:
    counters = _counts(table, "counters", None)
    if not counters or not any(counters.values()):
        table.at("counters").fail(table.raw("counters"), "needs at least one counter")
    values = SiteSpec(
        counters=counters,
        counters_by_district=_counts(table, "counters_by_district", district_names),
        service=dist(table, "service"),
        digitise=table.boolean("digitise", False),
        reviewers=table.integer("reviewers", min=1, max=10_000),
        electronic_transfer=table.boolean("electronic_transfer", False),
        electronic_processing=table.boolean("electronic_processing", False),
        appointment_share=parse_appointment_share(table),
        saturday=parse_saturday(table),
        digitise_at_counter=table.boolean("digitise_at_counter", False),
        pooled=table.boolean("pooled", False),
        pickup_service=dist(table, "pickup_service") if table.has("pickup_service") else None,
    )
    table.known("schedule")  # read by scenario_schedules, which needs the whole scenario
    if values.pooled and level is not Level.PROVINCIAL:
        table.at("pooled").fail(True, "is only for sites.provincial (its sector counters)")
    for key in ("electronic_transfer", "electronic_processing", "digitise_at_counter"):
        if getattr(values, key) and not values.digitise:
            table.at(key).fail(True, "needs digitise = true at the same site")
    table.done()
    return values


def _reception(table: Table) -> Reception:
    values = Reception(
        priority_share=probability(table.raw("priority_share"), table.at("priority_share")),
        give_up_share=probability(table.raw("give_up_share"), table.at("give_up_share")),
        review=dist(table, "review"),
        review_limit_minutes=MINUTES_PER_HOUR * table.number("review_limit_hours", 8.0, above=0.0),
        online_refused_share=probability(
            table.raw("online_refused_share"), table.at("online_refused_share")
        ),
        level3_share=probability(table.raw("level3_share"), table.at("level3_share")),
        result_by_post_share=probability(
            table.raw("result_by_post_share", 0.0), table.at("result_by_post_share")
        ),
    )
    table.done()
    return values


def _digitisation(table: Table, sites: dict[Level, SiteSpec]) -> Digitisation:
    """``staff`` is needed only where VNPost digitises behind the provincial counters."""
    provincial = sites.get(Level.PROVINCIAL)
    behind = provincial is not None and provincial.digitise and not provincial.digitise_at_counter
    values = Digitisation(
        staff=table.integer("staff", min=1, max=10_000) if behind or table.has("staff") else 0,
        section_staff=table.integer("section_staff", 1, min=1, max=10_000),
        time=dist(table, "time"),
    )
    table.done()
    return values


def _agencies(top: Table, districts: tuple[District, ...]) -> tuple[Agency, ...]:
    agencies = []
    for item, at in top.items("agencies"):
        table = Table(item, at)
        name = _site_name(table)
        level = Level(table.string("level", choices=[v.value for v in Level]))
        agencies.append(
            Agency(
                name=name,
                level=level,
                officers=_officers(table, level, districts),
                work=dist(table, "work"),
                discipline=Discipline(
                    table.string("discipline", "fifo", choices=[d.value for d in Discipline])
                ),
            )
        )
        table.known("schedule")  # read by scenario_schedules
        table.done()
    if not agencies:
        top.at("agencies").fail([], "needs at least one [[agencies]] entry")
    _unique([a.name for a in agencies], top.at("agencies"))
    return tuple(agencies)


def _officers(table: Table, level: Level, districts: tuple[District, ...]) -> int:
    """An agency's officers: at least one for each of its instances (``onestop_build``)."""
    if level is Level.PROVINCIAL:
        return table.integer("officers", min=1, max=100_000)
    instances = len(districts) if level is Level.DISTRICT else sum(d.communes for d in districts)
    officers = table.integer("officers", min=1, max=100_000)
    if officers < instances:
        where = "district" if level is Level.DISTRICT else "commune section"
        allowed = f"must be at least {instances}: one per {where}, the total split by population"
        table.at("officers").fail(officers, allowed)
    return officers


def _groups(
    top: Table, agencies: tuple[Agency, ...], sites: dict[Level, SiteSpec], day_minutes: float
) -> tuple:
    names = [a.name for a in agencies]
    groups = tuple(
        _group(Table(item, at), names, sites, day_minutes) for item, at in top.items("groups")
    )
    if not groups:
        top.at("groups").fail([], "needs at least one [[groups]] entry")
    _unique([g.name for g in groups], top.at("groups"))
    shares_sum_to_one({g.name: g.share for g in groups}, top.at("groups"))
    return groups


def _group(
    table: Table, agency_names: list[str], sites: dict[Level, SiteSpec], day_minutes: float
) -> Group:
    level = Level(table.string("level", choices=[v.value for v in Level]))
    if level not in sites:
        table.at("level").fail(level.value, f"has no [sites.{level.value}] table")
    sector = table.string("sector")
    if level is Level.PROVINCIAL and sector not in sites[level].counters:
        allowed = ", ".join(sites[level].counters)
        table.at("sector").fail(sector, f"must be a counter sector of sites.provincial: {allowed}")
    stages = tuple(string(v, w, agency_names) for v, w in table.items("stages"))
    if not stages:
        table.at("stages").fail([], "must list at least one agency")
    values = Group(
        name=_site_name(table),
        level=level,
        sector=sector,
        share=probability(table.raw("share"), table.at("share")),
        days=table.integer("days", min=0, max=MAX_DAYS_STATUTORY),
        stages=stages,
        pilot=table.boolean("pilot", False),
        online_fee_share=probability(
            table.raw("online_fee_share", 0.0), table.at("online_fee_share")
        ),
        lead_time_minutes=optional_in_minutes(table, "lead_time", day_minutes),
    )
    table.done()
    return values
