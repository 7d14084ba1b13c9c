"""Shift schedules in scenario files: what is accepted, what is refused, and staff by band."""

from __future__ import annotations

import pytest
from stories import ROOT, SMALL, edited_scenario

from simulator.execution.batch_plan import load_with_sets
from simulator.values.errors import ScenarioError
from simulator.values.onestop_values import Level
from simulator.values.scenario import load_scenario
from simulator.values.scenario_schedules import pool_staff

PROVINCIAL = "[sites.provincial.schedule.general]\n"
REVIEWERS = "[sites.provincial.schedule]\nreviewers = "


def test_a_schedule_is_read_with_its_bands_days_and_staff(write_scenario):
    """Bands for every working day and for Fridays only; staff outside them is the plain count."""
    scenario = edited_scenario(
        write_scenario, extra=PROVINCIAL + '"07:00-09:00" = 3\n"fri 13:30-17:00" = 0\n'
    )
    schedule = scenario.sites[Level.PROVINCIAL].schedules["general"]
    assert [band.key for band in schedule.bands] == ["07:00-09:00", "fri 13:30-17:00"]
    assert schedule.staff_at(0, 8 * 60, plain=1) == 3  # Monday 08:00
    assert schedule.staff_at(0, 14 * 60, plain=1) == 1  # Monday afternoon: the plain count
    assert schedule.staff_at(4, 14 * 60, plain=1) == 0  # Friday afternoon


@pytest.mark.parametrize(
    ("extra", "key", "allowed"),
    [
        (PROVINCIAL + '"06:00-09:00" = 2\n', "general.06:00-09:00", "inside the opening hours"),
        (PROVINCIAL + '"16:00-18:00" = 2\n', "general.16:00-18:00", "inside the opening hours"),
        (PROVINCIAL + '"9-10" = 2\n', "general.9-10", "HH:MM-HH:MM"),
        (PROVINCIAL + '"xmas 09:00-10:00" = 2\n', "general.xmas 09:00-10:00", "HH:MM-HH:MM"),
        (PROVINCIAL + '"10:00-09:00" = 2\n', "general.10:00-09:00", "must end after it starts"),
        (PROVINCIAL + '"sat 08:00-10:00" = 2\n', "general.sat 08:00-10:00", "(closed)"),
        (PROVINCIAL + '"09:00-10:00" = -1\n', "general.09:00-10:00", ">= 0"),
        (PROVINCIAL + '"09:00-10:00" = 1.5\n', "general.09:00-10:00", "whole number"),
        (
            PROVINCIAL + '"09:00-11:00" = 2\n"mon 10:00-10:30" = 3\n',
            "general.mon 10:00-10:30",
            "overlaps the band '09:00-11:00'",
        ),
        ("[sites.provincial.schedule.land]\n", "land", "unknown pool"),
        (REVIEWERS + '{ "07:00-17:00" = 0 }\n', "reviewers", "nobody on duty"),
        (PROVINCIAL + '"07:00-17:00" = 0\n', "general", "nobody on duty"),
    ],
)
def test_a_bad_schedule_is_refused_naming_its_key(write_scenario, extra, key, allowed):
    """Each bad band or pool gives one line naming its key path and what is allowed."""
    with pytest.raises(ScenarioError) as error:
        edited_scenario(write_scenario, extra=extra)
    assert error.value.key == f"sites.provincial.schedule.{key}"
    assert allowed in error.value.allowed


def test_pooled_counters_cannot_be_scheduled_by_sector(write_scenario):
    """With one pooled queue at the centre, a sector's rota has no pool of its own: refused."""
    with pytest.raises(ScenarioError) as error:
        edited_scenario(
            write_scenario,
            ("reviewers = 1\n", "reviewers = 1\npooled = true\n"),
            extra=PROVINCIAL + '"07:00-09:00" = 2\n',
        )
    assert error.value.key == "sites.provincial.schedule.general"
    assert "one pool here" in error.value.allowed


def test_a_saturday_band_is_allowed_where_the_counters_open_on_saturday(write_scenario):
    """With a Saturday session the counters may have a Saturday band inside it."""
    saturday = 'saturday = { opens = "07:30", closes = "11:30", walkin_share = 0.1 }\n'
    scenario = edited_scenario(
        write_scenario,
        ("reviewers = 1\n", "reviewers = 1\n" + saturday),
        extra=PROVINCIAL + '"sat 07:30-09:00" = 2\n',
    )
    assert scenario.sites[Level.PROVINCIAL].schedules["general"].bands[0].days == {5}


def test_a_district_agency_band_needs_an_officer_per_district(write_scenario):
    """Like officers, a district agency's band count is a total with one per district at least."""
    officers = "officers = 2\n"
    with pytest.raises(ScenarioError) as error:
        edited_scenario(write_scenario, (officers, officers + 'schedule = { "07:00-09:00" = 1 }\n'))
    assert error.value.key == "agencies[1].schedule.07:00-09:00"
    assert ">= 2" in error.value.allowed


def test_schedules_and_dated_changes_are_not_combined(write_scenario):
    """A scenario with [[changes]] cannot also have a schedule (v1): one line naming changes."""
    changes = '[[changes]]\nfrom = 2022-01-17\nset = { "sites.provincial.reviewers" = 2 }\n'
    with pytest.raises(ScenarioError) as error:
        edited_scenario(write_scenario, extra=PROVINCIAL + '"07:00-09:00" = 2\n' + changes)
    assert error.value.key == "changes"


def test_a_band_can_be_set_and_added_from_the_command_line(write_scenario):
    """--set addresses a band by its key: an existing one changes, a new one is added."""
    path = write_scenario(SMALL.read_text() + PROVINCIAL + '"07:00-09:00" = 2\n')
    scenario = load_with_sets(
        path,
        [
            "sites.provincial.schedule.general.07:00-09:00=4",
            "sites.provincial.schedule.general.fri 13:30-17:00=0",
            "agencies[0].schedule={ '07:00-11:30' = 2 }",
        ],
    )
    (general, dept) = pool_staff(scenario, only_scheduled=True)
    assert [(b.key, b.staff) for b in general.schedule.bands] == [
        ("07:00-09:00", 4),
        ("fri 13:30-17:00", 0),
    ]
    assert general.band_key(general.schedule.bands[0]) == (
        "sites.provincial.schedule.general.07:00-09:00"
    )
    assert dept.plain_key == "agencies[0].officers"
    assert dept.staff_by_hour("mon")[6:13] == [1, 2, 2, 2, 2, 2, 1]


def test_every_schedulable_pool_is_listed_with_its_plain_count(write_scenario):
    """Counters and reviewers of each level, then the agencies; none scheduled by default."""
    pools = pool_staff(edited_scenario(write_scenario))
    assert [(p.owner, p.pool, p.plain) for p in pools] == [
        ("sites.provincial", "general", 1),
        ("sites.provincial", "reviewers", 1),
        ("sites.district", "section", 1),
        ("sites.district", "reviewers", 1),
        ("sites.commune", "commune", 1),
        ("sites.commune", "reviewers", 1),
        ("agencies[0]", "dept", 1),
        ("agencies[1]", "district_office", 2),
    ]
    assert all(p.schedule is None for p in pools)


def test_the_morning_peak_rota_keeps_each_sectors_clerk_hours():
    """scenarios/morning_peak_rota.toml moves clerks between hours, never adds any: each
    sector's clerk-minutes over a weekday's open minutes equal the baseline count's."""
    scenario = load_scenario(ROOT / "scenarios" / "morning_peak_rota.toml")
    sessions = scenario.calendar.sessions
    pools = pool_staff(scenario, only_scheduled=True)
    assert {p.pool for p in pools} == set(scenario.sites[Level.PROVINCIAL].counters)
    for pool in pools:
        for weekday in range(5):
            minutes = [
                pool.schedule.staff_at(weekday, minute, pool.plain)
                for opens, closes in sessions
                for minute in range(opens, closes)
            ]
            assert sum(minutes) == pool.plain * len(minutes), (pool.pool, weekday)
            assert pool.staff_minutes(weekday, sessions) == sum(minutes)
        assert max(pool.staff_by_hour("mon")) > pool.plain  # more at the peak


TWO_TIER = f'extends = "{(ROOT / "scenarios" / "two_tier_2025.toml").as_posix()}"\nname = "t"\n'


@pytest.mark.parametrize(
    ("extra", "key", "allowed"),
    [
        (
            '[sites.district.schedule.section]\n"07:00-09:00" = 1\n',
            "sites.district.schedule",
            "no district level",
        ),
        (
            '[sites.commune.schedule.commune]\n"07:00-09:00" = 1\n',
            "sites.commune.schedule",
            "declared commune sites",
        ),
    ],
)
def test_two_tier_sites_refuse_schedules_they_cannot_honour(write_scenario, extra, key, allowed):
    """Two tiers: a district schedule has no level to attach to, and the declared commune
    centres' counts differ by centre, which a band's single count cannot split (yet)."""
    with pytest.raises(ScenarioError) as error:
        load_scenario(write_scenario(TWO_TIER + extra))
    assert error.value.key == key
    assert allowed in error.value.allowed
