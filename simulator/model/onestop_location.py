"""Location independence at build time: post offices as reception sites, moved counters.

``[location_independence]`` (``LocationIndependence``) lets some walk-ins submit away
from the competent level's site (where they go: ``onestop_placement``). Here:

* *Post offices.* VNPost accepts dossiers at 17 post offices and 9 commune cultural
  post offices (DOMAIN.md). They are one site, ``post_offices`` (so metrics stay few),
  with one counter pool per office (its VNPost counter staff, who receive the dossier)
  and VNPost digitisation staff (the same people: one per counter), so the dossier is
  digitised there before the VNPost run takes it to the agency (``transfer_delay``).
* *Moved counters.* ``moved_counters`` takes counters from the provincial centre (one at
  a time from the sector with the most counters, ties: the first listed, never its
  last) and opens them at the district sections, so planners can move staff with the load.

Without ``[location_independence]`` (or with scope "none") nothing here changes a run.
"""

from __future__ import annotations

from typing import Any

from simulator.model.onestop_counters import CounterPool, CounterSite
from simulator.model.onestop_resources import FifoPool
from simulator.values.onestop_values import (
    POST_OFFICES,
    PROVINCIAL_CENTRE,
    Level,
    OnestopScenario,
    PostOffices,
)


def counter_counts(scenario: OnestopScenario) -> dict[str, list[int]]:
    """Counters of each site's pools: provincial by sector, else by section, after moves."""
    sites = scenario.sites
    moved = _moved(scenario)
    counts: dict[str, list[int]] = {}
    if Level.PROVINCIAL in sites:
        counts[PROVINCIAL_CENTRE] = _after_moves(
            list(sites[Level.PROVINCIAL].counters.values()), sum(moved.values())
        )
    for level in (Level.DISTRICT, Level.COMMUNE):
        if level not in sites:
            continue
        spec = sites[level]
        for district in scenario.districts:
            servers = spec.counters_by_district.get(district.name, sum(spec.counters.values()))
            if level is Level.DISTRICT:
                counts[district.name] = [servers + moved.get(district.name, 0)]
            elif scenario.tiers is not None:  # declared centres, each its own counters
                counts[district.communes_site] = [
                    s.counters for s in scenario.tiers.sites_of(district.name)
                ]
            else:
                counts[district.communes_site] = [servers] * district.communes
    return counts


def _moved(scenario: OnestopScenario) -> dict[str, int]:
    location = scenario.location_independence
    if location is None or Level.DISTRICT not in scenario.sites:
        return {}
    return location.moved_counters


def _after_moves(counters: list[int], moved: int) -> list[int]:
    """Counters by sector after ``moved`` leave, each from the sector with the most."""
    counters = list(counters)
    for _ in range(moved):
        most = max(range(len(counters)), key=lambda i: (counters[i], -i))
        if counters[most] <= 1:  # the parser allows only what the sectors can spare
            break
        counters[most] -= 1
    return counters


def post_office_trip_hours(scenario: OnestopScenario) -> dict[str, list[float]]:
    """One-way hours to the post offices (a citizen's nearest, the same in every district)."""
    offices = _post_offices(scenario)
    if offices is None:
        return {}
    return {POST_OFFICES: [offices.trip_hours] * len(scenario.districts)}


def _post_offices(scenario: OnestopScenario) -> PostOffices | None:
    location = scenario.location_independence
    return None if location is None else location.post_offices


def build_post_offices(resources: Any, scenario: OnestopScenario, runtime: Any) -> None:
    """The post office site: one counter pool per office, district by district, and the
    VNPost staff who digitise there (one per counter, pooled over the offices: a
    simplification, their digitisation load is light).

    ``resources`` and ``runtime`` are ``onestop_build``'s ``Resources`` and ``Runtime``.
    """
    offices = _post_offices(scenario)
    if offices is None:
        return
    service = runtime.sampler("service.post_office", offices.service)
    counters = CounterSite(POST_OFFICES, runtime.env, runtime.calendar)
    for district in scenario.districts:
        first, count = len(counters.pools), offices.offices[district.name]
        resources.post_offices.append((first, count))
        counters.pools.extend(
            CounterPool(
                counters,
                f"counters_{POST_OFFICES}.{first + i}",
                offices.counters,
                (service, None, None),  # reception only: results go back to the section
                runtime.received,
                runtime.digitised,
            )
            for i in range(count)
        )
    resources.counter_sites[POST_OFFICES] = counters
    resources.counter_pools[POST_OFFICES] = counters.pools
    staff = len(counters.pools) * offices.counters * scenario.digitisation.section_staff
    digitise = runtime.sampler("digitise", scenario.digitisation.time)
    resources.digitisers[POST_OFFICES] = FifoPool(
        "vnpost_" + POST_OFFICES,
        staff,
        runtime.calendar,
        runtime.horizon,
        digitise,
        runtime.digitised,
    )


__all__ = ["build_post_offices", "counter_counts", "post_office_trip_hours"]
