"""Levels and sites as data (values.scenario_tiers): two tiers since 1/7/2025, stories and checks.

Stories use tests/data/onestop_small.toml (deterministic times; Monday 10 January 2022,
open 07:00-11:30 and 13:30-17:00) made two-tier: no district level, commune centres
declared for both districts, the provincial centre far away.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from stories import edited_scenario, run_dossiers

from simulator.model.onestop import simulate
from simulator.model.onestop_location import counter_counts
from simulator.streams import Streams
from simulator.values.errors import ScenarioError
from simulator.values.onestop_values import Level
from simulator.values.scenario import load_scenario

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
MON_0800 = 8 * 60.0

TWO_TIERS = ('name = "small"', 'name = "small"\nlevels = ["provincial", "commune"]')
CENTRES = """
[provincial_centre]
place = "far_city"
distance_km = { kon_tum_city = 160, dak_glei = 200 }

[[commune_sites]]
name = "big_ward"
district = "kon_tum_city"
population = 90
trip_hours = 0.25

[[commune_sites]]
name = "small_commune"
district = "kon_tum_city"
population = 10
trip_hours = 1.25

[[commune_sites]]
name = "glei"
district = "dak_glei"
population = 100
trip_hours = 0.5
"""
FIVE_OFFICERS = (
    'name = "district_office"\nlevel = "district"\nofficers = 2',
    'name = "district_office"\nlevel = "district"\nofficers = 5',
)


def _two_tier(write_scenario, *edits, extra: str = ""):
    """The small scenario with two tiers and three commune centres (district officers: 5)."""
    return edited_scenario(write_scenario, TWO_TIERS, FIVE_OFFICERS, *edits, extra=CENTRES + extra)


def test_district_procedure_is_served_at_the_commune_centre(write_scenario):
    """Without the district level a district procedure is received and worked at the commune."""
    scenario = _two_tier(write_scenario)
    metrics, rows, _ = run_dossiers(scenario, [(MON_0800, "cross_level", "walkin", "dak_glei")])
    assert rows[0]["site"] == "dak_glei_communes"
    assert rows[0]["outcome"] == "resolved_on_time"
    assert "counter_wait_mean_min.dak_glei" not in metrics  # no district section any more
    assert metrics["utilisation.district_office"] > 0


def test_district_level_moves_groups_agencies_and_counters(write_scenario):
    """Groups and agencies move to the commune level; counters are split by population."""
    scenario = _two_tier(write_scenario)
    assert Level.DISTRICT not in scenario.sites
    assert {g.name: g.level for g in scenario.groups}["cross_level"] is Level.COMMUNE
    moved = {a.name: a for a in scenario.agencies}["district_office"]
    assert moved.level is Level.COMMUNE
    assert moved.habits_level is Level.DISTRICT  # the same officers keep their habits
    # kon_tum_city: 2 commune counters + 1 district counter over 90 and 10 people
    counts = counter_counts(scenario)
    assert counts["kon_tum_city_communes"] == [2, 1]
    assert counts["dak_glei_communes"] == [3]
    assert [d.communes for d in scenario.districts] == [2, 1]
    # officers stay in their district: 3 of 5 in kon_tum_city (equal populations, the tie to
    # the first), split 2 and 1 over its centres by population; 2 in dak_glei's one centre
    assert scenario.tiers.officers["district_office"] == (2, 1, 2)


def test_far_provincial_centre_lengthens_the_trip(write_scenario):
    """A provincial walk-in travels to the provincial centre's place; the branch brings it home."""
    dossier = [(MON_0800, "provincial_permit", "walkin", "kon_tum_city")]
    far, _, _ = run_dossiers(_two_tier(write_scenario), dossier)
    with_branch = CENTRES.replace('place = "far_city"', 'place = "far_city"\nbranch = true')
    scenario = edited_scenario(write_scenario, TWO_TIERS, FIVE_OFFICERS, extra=with_branch)
    branch, _, _ = run_dossiers(scenario, dossier)
    visits = far["visits_per_dossier.kon_tum_city"]
    assert visits >= 2  # to submit and to pick up the result
    # one way: 0.5 h to the district town, then 160 km at 40 km/h; Kon Tum city is 0 km away
    assert far["travel_hours_per_dossier.kon_tum_city"] == pytest.approx(2 * visits * 4.5)
    assert branch["travel_hours_per_dossier.kon_tum_city"] == pytest.approx(2 * visits * 0.5)
    assert far["travel_hours_per_citizen.kon_tum_city"] == pytest.approx(2 * visits * 4.5 / 100)


def test_commune_trip_is_the_centres_population_weighted_trip(write_scenario):
    """A commune walk-in's trip is the mean of its district's centres' trips by population."""
    scenario = _two_tier(write_scenario)
    metrics, rows, _ = run_dossiers(scenario, [(MON_0800, "cross_level", "walkin", "kon_tum_city")])
    visits = metrics["visits_per_dossier.kon_tum_city"]
    weighted = 0.9 * 0.25 + 0.1 * 1.25
    assert metrics["travel_hours_per_dossier.kon_tum_city"] == pytest.approx(2 * visits * weighted)


def test_late_rate_by_district_counts_each_districts_dossiers(write_scenario):
    """The late rate by district divides each district's late by its resolved dossiers."""
    scenario = _two_tier(write_scenario)
    dossiers = [(MON_0800, "provincial_permit", "postal", "dak_glei")]
    metrics, rows, _ = run_dossiers(scenario, dossiers)
    assert metrics["late_rate.dak_glei"] == (rows[0]["outcome"] == "resolved_late")
    assert math.isnan(metrics["late_rate.kon_tum_city"])  # nothing resolved there


def test_moved_agency_can_become_one_provincial_pool(write_scenario):
    """``[moved_agencies]`` sends a district agency to one area-wide pool instead."""
    extra = '\n[moved_agencies]\ndistrict_office = { level = "provincial" }\n'
    scenario = edited_scenario(write_scenario, TWO_TIERS, extra=CENTRES + extra)  # 2 officers
    assert {a.name: a.level for a in scenario.agencies}["district_office"] is Level.PROVINCIAL


@pytest.mark.parametrize(
    ("extra", "key", "allowed"),
    [
        ('levels = ["provincial", "county"]\n', "levels[1]", "must be one of"),
        ('levels = ["provincial", "district"]\n', "levels", "must be"),
        (
            "[provincial_centre]\ntravel_hours = { dak_glei = 1 }\n",
            "provincial_centre.travel_hours",
            "every district",
        ),
        (
            "[provincial_centre]\ndistance_km = { kon_tum_city = 1 }\n",
            "provincial_centre.distance_km",
            "every district",
        ),
        (
            '[[commune_sites]]\nname = "a"\ndistrict = "kon_tum_city"\npopulation = 1\n'
            "trip_hours = 0.1\n",
            "commune_sites",
            "every district needs at least one commune site",
        ),
        (
            '[[commune_sites]]\nname = "a"\ndistrict = "nowhere"\npopulation = 1\n'
            "trip_hours = 0.1\n",
            "commune_sites[0].district",
            "must be one of",
        ),
        (
            '[moved_agencies]\ndistrict_office = { level = "provincial" }\n',
            "moved_agencies",
            "needs levels",
        ),
    ],
)
def test_bad_level_and_site_declarations_name_their_key(write_scenario, extra, key, allowed):
    """A bad declaration of levels or sites is an error naming its key path."""
    top, tables = (extra, "") if extra.startswith("levels") else ("", extra)
    with pytest.raises(ScenarioError) as error:
        edited_scenario(write_scenario, ('name = "small"', 'name = "small"\n' + top), extra=tables)
    assert error.value.key == key
    assert allowed in error.value.allowed


def test_declaring_the_2022_levels_changes_no_metric(write_scenario):
    """The baseline with its three levels declared runs exactly as the baseline (January)."""
    january = "\n[horizon]\nstart = 2022-01-01\nend = 2022-01-31\n"
    base = write_scenario(f'extends = "{SCENARIOS / "baseline_q1_2022.toml"}"' + january, "a.toml")
    tiers = write_scenario(f'extends = "{SCENARIOS / "three_tier_2022.toml"}"' + january, "b.toml")
    before = simulate(load_scenario(base), Streams(1, 0))
    after = simulate(load_scenario(tiers), Streams(1, 0))
    assert set(before) < set(after)
    assert "travel_hours_per_citizen.dak_glei" in after
    same = [name for name in before if not math.isnan(before[name])]
    assert {n: after[n] for n in same} == {n: before[n] for n in same}


def test_two_tier_2025_loads_with_its_centres():
    """The shipped two-tier scenario has no district level and the provincial centre far away."""
    scenario = load_scenario(SCENARIOS / "two_tier_2025.toml")
    assert Level.DISTRICT not in scenario.sites
    assert scenario.tiers.place == "quang_ngai_city"
    assert all(d.distance_km > 100 for d in scenario.districts)
    assert sum(d.communes for d in scenario.districts) == len(scenario.tiers.sites)


def test_location_independent_walkin_submits_at_its_commune_centre(write_scenario):
    """Without district sections a walk-in submitting near home uses its commune centre."""
    extra = """
[location_independence]
scope = "all"
uptake = 1.0
transfer_delay = { dist = "deterministic", value = 8 }
"""
    scenario = _two_tier(write_scenario, extra=extra)
    dossier = [(MON_0800, "provincial_permit", "walkin", "dak_glei")]
    metrics, rows, _ = run_dossiers(scenario, dossier)
    assert rows[0]["site"] == "dak_glei_communes"
    visits = metrics["visits_per_dossier.dak_glei"]
    # the trip to dak_glei's only centre (0.5 h), not to the far provincial centre
    assert metrics["travel_hours_per_dossier.dak_glei"] == pytest.approx(2 * visits * 0.5)
