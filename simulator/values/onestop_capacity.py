"""Every flow of a one-stop scenario has someone to serve it: checked when the file is read.

A dossier that reaches a pool with no staff never leaves it: walk-ins at a counter pool
with 0 counters queue until they give up at closing time (so they silently drop out of
``arrivals``), postal dossiers at a section whose digitisation staff is 0 wait for ever.
That is never what a planner means, so it is a load-time error (exit 2) naming the key
that holds the 0, rather than an outcome. The flows checked:

* walk-ins of each group (share > 0): the counter pool of its sector at the provincial
  centre, or the section counters of every district (``counters_by_district`` overrides)
  at a district or commune site;
* location-independent walk-ins (``[location_independence]``): a ``[sites.district]``
  table, with counters in every district away from Kon Tum city;
* postal and walk-in dossiers at a non-provincial site that digitises: its staff is
  ``section_staff`` per counter, so the same counters are needed.

Online reviewers, agency officers and digitisation staff are integers >= 1 where they are
read (``scenario_onestop``), so they need no flow check here. Dated changes (``[[changes]]``)
parse each epoch's values with the same parser, so a change that sets a used pool to 0
from a date fails here too, and the error names the change.
"""

from __future__ import annotations

from simulator.values.errors import Location
from simulator.values.onestop_values import Channel, Level, OnestopScenario, Scope, SiteSpec

NEEDS_COUNTER = "a sector with walk-in groups needs at least 1 counter"
NEEDS_SECTION = "a {level} site with {what} needs at least 1 counter in every district"


def check_capacity(values: OnestopScenario, where: Location) -> None:
    """Fail (ScenarioError at the key holding the 0) if a used pool has no staff."""
    walkin = values.channels[Channel.WALKIN] > 0
    postal = values.channels[Channel.POSTAL] > 0
    used = [g for g in values.groups if g.share > 0]
    sites = where.child("sites")
    for level, spec in values.sites.items():
        groups = [g for g in used if g.level is level]
        if not groups:
            continue
        at = sites.child(level.value)
        if level is Level.PROVINCIAL:
            if walkin:
                _sectors(spec, {g.sector for g in groups}, at)
            continue
        what = _needs_counters(spec, walkin, postal)
        if what:
            _every_district(values, spec, at, NEEDS_SECTION.format(level=level.value, what=what))
    _location_independence(values, walkin, where)


def _needs_counters(spec: SiteSpec, walkin: bool, postal: bool) -> str:
    """Why a district or commune site needs counters ("" if it does not)."""
    if walkin:
        return "walk-in groups"
    if spec.digitise and postal:
        return "digitised postal dossiers (section_staff per counter)"
    return ""


def _sectors(spec: SiteSpec, sectors: set[str], at: Location) -> None:
    for sector in sorted(sectors):
        if spec.counters.get(sector, 0) < 1:
            at.child("counters").child(sector).fail(spec.counters.get(sector, 0), NEEDS_COUNTER)


def _every_district(values: OnestopScenario, spec: SiteSpec, at: Location, allowed: str) -> None:
    section = sum(spec.counters.values())
    if section < 1:
        at.child("counters").fail(dict(spec.counters), allowed)
    for district in values.districts:
        count = spec.counters_by_district.get(district.name, section)
        if count < 1:
            at.child("counters_by_district").child(district.name).fail(count, allowed)


def _location_independence(values: OnestopScenario, walkin: bool, where: Location) -> None:
    """Walk-ins submitting at their district section need that section's counters."""
    location = values.location_independence
    if location is None or not walkin or location.uptake <= 0:
        return
    provincial = [g for g in values.groups if g.share > 0 and g.level is Level.PROVINCIAL]
    if location.scope is Scope.PILOT:
        provincial = [g for g in provincial if g.pilot and location.pilot_share > 0]
    if not provincial or not any(d.distance_km > 0 for d in values.districts):
        return
    spec = values.sites.get(Level.DISTRICT)
    if spec is None and values.tiers is not None:  # two tiers: at the commune centres
        return
    scope = where.child("location_independence").child("scope")
    if spec is None:
        scope.fail(location.scope.value, "needs a [sites.district] table to receive walk-ins")
    section = sum(spec.counters.values())
    at = where.child("sites").child("district")
    for district in values.districts:
        count = spec.counters_by_district.get(district.name, section)
        if district.distance_km > 0 and count < 1:
            at.child("counters_by_district").child(district.name).fail(
                count,
                "a district section receiving location-independent walk-ins needs "
                "at least 1 counter",
            )
