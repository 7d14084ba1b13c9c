"""Where shift schedules attach to a one-stop scenario, and staff by band for planners.

``[sites.<level>.schedule.<pool>]`` schedules a site level's counter pool (a key of its
``counters``; at the district level also a district of ``counters_by_district``, whose
section then follows its own schedule) or its online ``reviewers``; an agency's
``schedule`` its officers (for a district or commune agency a provincial total, split
by population like ``officers``, so each band needs one officer per instance at least).
VNPost staff at the provincial centre are its sector counters. The band format and
its checks are in ``values.schedules``; the mechanism is ``model.onestop_shifts``.

``pool_staff`` lists every schedulable pool with its plain count and schedule, and the
``--set`` key paths of both, for staffing searches and their figures.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from simulator.values.calendar import WEEKDAYS
from simulator.values.errors import Location
from simulator.values.onestop_values import Agency, Level, OnestopScenario, SiteSpec
from simulator.values.schedules import Band, Hours, Schedule, parse_schedule, staffed_somewhere
from simulator.values.validate import Table

REVIEWERS = "reviewers"
NOBODY = "leaves nobody on duty at any open time of the week, so work would never start"
# commune-level centres declared as data (``scenario_tiers``) have different counts each: a band's
# count would have to be split by centre, which schedules do not do yet
DECLARED = "schedules of commune-level pools are not supported with declared commune sites yet"


def with_schedules(values: OnestopScenario, top: Table) -> OnestopScenario:
    """The scenario with the schedules of its sites and agencies attached (validated)."""
    calendar = values.calendar
    hours = Hours(workdays=calendar.workdays, sessions=calendar.sessions)
    raw_sites = top.data.get("sites", {})
    _refuse_unplaced(values, raw_sites, top)
    sites = dict(values.sites)
    for level, spec in values.sites.items():
        raw = raw_sites.get(level.value, {}).get("schedule")
        if raw is not None:
            where = top.at("sites").child(level.value).child("schedule")
            sites[level] = _site_schedules(raw, where, spec, level, hours)
    raw_agencies = top.data.get("agencies", [])
    agencies = tuple(
        _agency_schedule(raw, top.at("agencies").child(i), agency, values, hours)
        for i, (raw, agency) in enumerate(zip(raw_agencies, values.agencies, strict=True))
    )
    scheduled = replace(values, sites=sites, agencies=agencies)
    if values.epochs and pool_staff(scheduled, only_scheduled=True):
        allowed = "cannot be combined with shift schedules yet (drop one of them)"
        top.at("changes").fail(f"{len(values.epochs)} dated changes", allowed)
    return scheduled


def _refuse_unplaced(values: OnestopScenario, raw_sites: dict, top: Table) -> None:
    """Schedules the scenario's sites cannot honour: of a level it does not have (two tiers),
    or of commune-level centres declared as data, whose counts differ by centre (not yet)."""
    for name, raw in raw_sites.items():
        if not isinstance(raw, dict) or "schedule" not in raw:
            continue
        where = top.at("sites").child(name).child("schedule")
        if not any(level.value == name for level in values.sites):
            where.fail(dict(raw["schedule"]), f"no {name} level in this scenario's levels")
        if values.tiers is not None and name == Level.COMMUNE.value:
            where.fail(dict(raw["schedule"]), DECLARED)


def _site_schedules(
    raw: Any, where: Location, spec: SiteSpec, level: Level, hours: Hours
) -> SiteSpec:
    table = Table(raw, where)
    pools = _pool_names(spec, level)
    saturday = spec.saturday  # counters open then too, reviewers keep the calendar's hours
    counters_open = replace(hours, saturday=(saturday.opens, saturday.closes) if saturday else None)
    schedules = {}
    for name in list(table.data):
        if name not in pools:
            allowed = "unknown pool; allowed here: " + ", ".join(pools)
            if name in spec.counters:  # a sector of pooled counters, or of a section's pool
                allowed = "these counters form one pool here; schedule them as one is not supported"
            table.at(name).fail(table.data[name], allowed)
        on_duty = hours if name == REVIEWERS else counters_open
        schedule = parse_schedule(table.raw(name), table.at(name), on_duty)
        plain = _plain_count(spec, name)
        if not staffed_somewhere(schedule, hours if name == REVIEWERS else counters_open, plain):
            table.at(name).fail(dict(table.data[name]), NOBODY)
        schedules[name] = schedule
    table.done()
    return replace(spec, schedules=schedules)


def _plain_count(spec: SiteSpec, name: str) -> int:
    """A pool's count outside its bands."""
    if name == REVIEWERS:
        return spec.reviewers
    return spec.counters_by_district.get(name, spec.counters.get(name, 0))


def _pool_names(spec: SiteSpec, level: Level) -> list[str]:
    """Schedulable pools of a site level: its counter pools, then ``reviewers``."""
    if level is Level.PROVINCIAL and spec.pooled:
        counters: list[str] = []  # one pooled queue: scheduling it by sector is not supported
    elif level is Level.PROVINCIAL or len(spec.counters) == 1:
        counters = list(spec.counters)
    else:  # a section's counters are one pool whatever their keys: no single key names it
        counters = []
    return [*counters, *spec.counters_by_district, REVIEWERS]


def _agency_schedule(
    raw: dict, where: Location, agency: Agency, values: OnestopScenario, hours: Hours
) -> Agency:
    if "schedule" not in raw:
        return agency
    if values.tiers is not None and agency.level is not Level.PROVINCIAL:
        where.child("schedule").fail(dict(raw["schedule"]), DECLARED)
    least = 0
    if agency.level is Level.DISTRICT:
        least = len(values.districts)  # one officer per instance, as for ``officers``
    elif agency.level is Level.COMMUNE:
        least = sum(d.communes for d in values.districts)
    schedule = parse_schedule(raw["schedule"], where.child("schedule"), hours, least)
    if not staffed_somewhere(schedule, hours, agency.officers):
        where.child("schedule").fail(dict(raw["schedule"]), NOBODY)
    return replace(agency, schedule=schedule)


@dataclass(frozen=True, kw_only=True)
class PoolStaff:
    """A schedulable pool: its plain count, its schedule (None: the plain count all day)
    and the ``--set`` key paths that change them."""

    owner: str  # "sites.provincial", "agencies[3]"
    pool: str  # a counters key, a district, "reviewers" or an agency's name
    plain: int
    plain_key: str  # e.g. "sites.provincial.counters.transport"
    schedule: Schedule | None

    @property
    def schedule_key(self) -> str:
        """The key path of the pool's schedule table."""
        if self.owner.startswith("agencies"):
            return f"{self.owner}.schedule"
        return f"{self.owner}.schedule.{self.pool}"

    def band_key(self, band: Band) -> str:
        """The key path of one band's staff count, e.g. ``...schedule.transport.07:00-09:00``."""
        return f"{self.schedule_key}.{band.key}"

    def staff_minutes(self, weekday: str | int, sessions: tuple[tuple[int, int], ...]) -> int:
        """Staff x open minutes of a weekday (the staff-hours a rota costs, in minutes)."""
        day = WEEKDAYS.index(weekday) if isinstance(weekday, str) else weekday
        if self.schedule is None:
            return self.plain * sum(closes - opens for opens, closes in sessions)
        clocks, staff = self.schedule.steps(day, self.plain)
        ends = (*clocks[1:], 24 * 60)
        return sum(
            count * max(0, min(end, closes) - max(start, opens))
            for start, end, count in zip(clocks, ends, staff, strict=True)
            for opens, closes in sessions
        )

    def staff_by_hour(self, weekday: str | int = "mon") -> list[int]:
        """Staff on duty at the start of each clock hour of a weekday (0..23)."""
        day = WEEKDAYS.index(weekday) if isinstance(weekday, str) else weekday
        if self.schedule is None:
            return [self.plain] * 24
        return [self.schedule.staff_at(day, 60 * hour, self.plain) for hour in range(24)]


def pool_staff(scenario: OnestopScenario, only_scheduled: bool = False) -> tuple[PoolStaff, ...]:
    """Every schedulable pool of the scenario (or only those with a schedule), in file order."""
    pools = []
    for level, spec in scenario.sites.items():
        owner = f"sites.{level.value}"
        for name in _pool_names(spec, level):
            if name == REVIEWERS:
                plain, key = spec.reviewers, f"{owner}.reviewers"
            elif name in spec.counters_by_district:
                plain = spec.counters_by_district[name]
                key = f"{owner}.counters_by_district.{name}"
            else:
                plain, key = spec.counters[name], f"{owner}.counters.{name}"
            schedule = spec.schedules.get(name)
            pools.append(
                PoolStaff(owner=owner, pool=name, plain=plain, plain_key=key, schedule=schedule)
            )
    for i, agency in enumerate(scenario.agencies):
        owner = f"agencies[{i}]"
        pools.append(
            PoolStaff(
                owner=owner,
                pool=agency.name,
                plain=agency.officers,
                plain_key=f"{owner}.officers",
                schedule=agency.schedule,
            )
        )
    return tuple(p for p in pools if p.schedule is not None or not only_scheduled)


__all__ = ["PoolStaff", "pool_staff", "with_schedules"]
