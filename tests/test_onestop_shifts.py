"""Shift schedules in the model: stories of a change of shift, with exact times.

Stories use tests/data/onestop_small.toml (deterministic times: 10 minutes at a counter,
30 to review an online dossier, 60 of an officer's work) and add dossiers with
``OnestopModel.submit``. Times are minutes from 00:00 of Monday 10 January 2022; the
office opens 07:00-11:30 and 13:30-17:00.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from types import SimpleNamespace

import pytest
import simpy
from stories import ROOT, edited_scenario, run_dossiers

from simulator.execution.compare import run_comparison
from simulator.execution.executors import Executor
from simulator.model.onestop import OnestopModel
from simulator.model.onestop_resources import EdfAgency
from simulator.model.onestop_shifts import ScheduledFifoPool, ShiftChanger, StaffClock
from simulator.streams import Streams
from simulator.values.calendar import CalendarSpec, WorkingCalendar
from simulator.values.scenario import load_scenario
from simulator.values.schedules import Band, Schedule

MONDAY = date(2022, 1, 10)
WALKIN = "provincial_permit", "walkin", "kon_tum_city"
ONLINE = "provincial_permit", "online", "kon_tum_city"


def _clock(text: str) -> float:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def test_a_counter_whose_shift_ends_finishes_its_walkin_and_takes_no_other(write_scenario):
    """Two counters until 08:00, one until 09:00: the second serves its walk-in to 08:05,
    then stays closed; at 09:00 it reopens and takes the waiting walk-in at once."""
    scenario = edited_scenario(
        write_scenario,
        ("counters = { general = 1 }", "counters = { general = 2 }"),
        extra='[sites.provincial.schedule.general]\n"08:00-09:00" = 1\n',
    )
    arrivals = ["07:55", "07:55", "07:55", "08:06", "08:50", "08:51", "08:52"]
    _, rows, calendar = run_dossiers(scenario, [(_clock(a), *WALKIN) for a in arrivals])
    received = [row["received_at"] - calendar.at(MONDAY) for row in rows]
    # 07:55 two start; the third waits until both end at 08:05 and only one is on duty
    # 08:06 waits for that one (08:15); 08:50 starts at once; 08:51 and 08:52 wait until
    # 09:00, when the second counter reopens and the 08:50 walk-in is served: both start
    expected = ["08:05", "08:05", "08:15", "08:25", "09:00", "09:10", "09:10"]
    assert received == pytest.approx([_clock(e) for e in expected])


def test_without_the_schedule_the_second_counter_serves_all_morning(write_scenario):
    """The same walk-ins with two counters all day: no one waits for a shift."""
    scenario = edited_scenario(
        write_scenario, ("counters = { general = 1 }", "counters = { general = 2 }")
    )
    arrivals = ["07:55", "07:55", "07:55", "08:06", "08:50", "08:51", "08:52"]
    _, rows, calendar = run_dossiers(scenario, [(_clock(a), *WALKIN) for a in arrivals])
    received = [row["received_at"] - calendar.at(MONDAY) for row in rows]
    expected = ["08:05", "08:05", "08:15", "08:16", "09:00", "09:01", "09:10"]
    assert received == pytest.approx([_clock(e) for e in expected])


def test_a_reviewer_whose_shift_ends_finishes_the_review_in_hand(write_scenario):
    """Two reviewers 07:00-07:15, then one: three online dossiers from the night are
    reviewed 07:00-07:30 by both (the second past its shift), the third 07:30-08:00."""
    scenario = edited_scenario(
        write_scenario, extra='[sites.provincial.schedule]\nreviewers = { "07:00-07:15" = 2 }\n'
    )
    _, rows, calendar = run_dossiers(scenario, [(_clock("06:00"), *ONLINE)] * 3)
    received = [row["received_at"] - calendar.at(MONDAY) for row in rows]
    assert received == pytest.approx([_clock(t) for t in ("07:30", "07:30", "08:00")])


def test_a_reviewer_coming_on_duty_starts_on_the_waiting_dossiers_at_once(write_scenario):
    """One reviewer, two from 08:10: of three dossiers at 08:00 the second starts at 08:10."""
    scenario = edited_scenario(
        write_scenario, extra='[sites.provincial.schedule]\nreviewers = { "08:10-09:00" = 2 }\n'
    )
    _, rows, calendar = run_dossiers(scenario, [(_clock("08:00"), *ONLINE)] * 3)
    received = [row["received_at"] - calendar.at(MONDAY) for row in rows]
    assert received == pytest.approx([_clock(t) for t in ("08:30", "08:40", "09:00")])


def test_a_scheduled_agency_works_only_with_the_officers_on_duty(write_scenario):
    """The department has no officer 07:00-09:00 (one otherwise): an online dossier that
    reaches it at 07:30, after its review, is worked 09:00-10:00, not 07:30-08:30."""
    plain = run_dossiers(edited_scenario(write_scenario), [(_clock("06:00"), *ONLINE)])[1]
    scheduled = edited_scenario(
        write_scenario,
        (
            'work = { dist = "deterministic", value = 60 }\n',
            'work = { dist = "deterministic", value = 60 }\nschedule = { "07:00-09:00" = 0 }\n',
        ),
    )
    rows = run_dossiers(scheduled, [(_clock("06:00"), *ONLINE)])[1]
    assert rows[0]["paper_done_at"] - plain[0]["paper_done_at"] == pytest.approx(90)


def test_an_edf_agency_follows_its_schedule_too(write_scenario):
    """The same story under earliest deadline first (officers resized by events)."""
    work = 'work = { dist = "deterministic", value = 60 }\n'
    edf = work + 'discipline = "edf"\n'
    plain = run_dossiers(
        edited_scenario(write_scenario, (work, edf)), [(_clock("06:00"), *ONLINE)]
    )[1]
    scheduled = edited_scenario(write_scenario, (work, edf + 'schedule = { "07:00-09:00" = 0 }\n'))
    rows = run_dossiers(scheduled, [(_clock("06:00"), *ONLINE)])[1]
    assert rows[0]["paper_done_at"] - plain[0]["paper_done_at"] == pytest.approx(90)


def _clock_of(bands: list[tuple[str, int, int, int]], plain: int) -> StaffClock:
    """A StaffClock starting on a Monday from (days, opens, closes, staff) bands."""
    schedule = Schedule(
        bands=tuple(
            Band(key="", days=frozenset(days), opens=o, closes=c, staff=s)
            for days, o, c, s in bands
        )
    )
    return StaffClock(schedule, plain, first_weekday=0)


def test_the_staff_clock_steps_at_band_edges_and_skips_days_without_bands():
    """Friday-only band: Monday's next change is Friday 13:30, then back to plain at 17:00."""
    clock = _clock_of([((4,), 810, 1020, 5)], plain=7)
    assert clock.staff_at(0.0) == 7
    assert clock.next_change(0.0) == (4 * 1440 + 810, 5)
    assert clock.staff_at(4 * 1440 + 900) == 5
    assert clock.next_change(4 * 1440 + 900) == (4 * 1440 + 1020, 7)
    assert _clock_of([((0,), 420, 480, 7)], plain=7).next_change(0.0)[0] == float("inf")


def test_a_scheduled_pools_mean_staff_weights_each_band_by_its_open_minutes(write_scenario):
    """Two reviewers for 60 of a day's 480 open minutes, one otherwise: 1 + 60/480 a day."""
    scenario = edited_scenario(
        write_scenario, extra='[sites.provincial.schedule]\nreviewers = { "07:00-08:00" = 2 }\n'
    )
    model = OnestopModel(scenario, Streams(1, 0))
    pool = model.resources.review_pools["provincial_centre"][0]
    assert isinstance(pool, ScheduledFifoPool)
    assert pool.servers == pytest.approx(1 + 60 / 480)


@pytest.mark.slow
def test_the_morning_peak_rota_cuts_long_waits_at_the_provincial_centre():
    """January, 4 paired replications: the same clerk-hours moved to the peak give fewer
    walk-ins waiting over 30 minutes (paired 95% CI below 0) at the same utilisation (its
    paired 95% CI within one point of zero)."""
    scenarios = ROOT / "scenarios"
    comparison = run_comparison(
        _january(load_scenario(scenarios / "baseline_q1_2022.toml")),
        [_january(load_scenario(scenarios / "morning_peak_rota.toml"))],
        reps=4,
        seed=1,
        executor=Executor.pool(1),
    )
    differences = comparison.differences(comparison.alternatives[0])
    waits = differences["share_wait_over_30min.provincial_centre"]
    assert waits.significant and waits.diff_ci95_high < 0
    busy = differences["utilisation.counters_provincial_centre"]
    # the same clerk-minutes of capacity: equivalence within one point of utilisation, the
    # paired 95% interval of the difference inside +-0.01 (a stated margin, not a seed's output)
    assert busy.diff_ci95_low > -0.01 and busy.diff_ci95_high < 0.01


def _january(scenario):
    """The scenario cut to 1-28 January 2022 with the volume of its 19 working days (of 58)."""
    arrivals = replace(scenario.arrivals, expected_new=scenario.arrivals.expected_new * 19 / 58)
    return replace(scenario, end=date(2022, 1, 28), arrivals=arrivals)


def test_a_district_of_counters_by_district_follows_its_own_rota_only(write_scenario):
    """The `section` rota staffs Kon Tum city's section; Đắk Glei, with its own count, keeps
    it unless it has its own rota (mean counters over the open minutes show which applies)."""
    section = "counters = { section = 1 }\n"
    by_district = section + "counters_by_district = { dak_glei = 2 }\n"
    section_rota = '[sites.district.schedule]\nsection = { "07:00-08:00" = 2 }\n'
    own_rota = section_rota + 'dak_glei = { "07:00-08:00" = 0 }\n'

    def mean_counters(extra: str) -> list[float]:
        scenario = edited_scenario(write_scenario, (section, by_district), extra=extra)
        pools = OnestopModel(scenario, Streams(1, 0)).resources.counter_pools
        return [pools[site][0].servers for site in ("kon_tum_city", "dak_glei")]

    assert mean_counters(section_rota) == pytest.approx([1 + 60 / 480, 2])
    assert mean_counters(own_rota) == pytest.approx([1 + 60 / 480, 2 - 2 * 60 / 480])


def _edf_story(ahead: bool) -> list[float]:
    """One EDF officer, none on duty 07:00-09:00; a dossier of 60 minutes handed in at 06:00
    on Monday 10 January 2022: when is it done (minutes after midnight)?"""
    env = simpy.Environment()
    calendar = WorkingCalendar(CalendarSpec(start=MONDAY, country=None))
    finished: list[float] = []
    agency = EdfAgency(
        "dept", 1, calendar, env, 1440.0, lambda: 60.0, lambda _d, at: finished.append(at)
    )
    band = Band(key="07:00-09:00", days=frozenset(range(5)), opens=420, closes=540, staff=0)
    runtime = SimpleNamespace(env=env, calendar=calendar, horizon=1440.0)
    ShiftChanger(agency, StaffClock(Schedule(bands=(band,)), 1, 0), runtime, ahead=ahead)
    dossier = SimpleNamespace(deadline_at=2880.0)
    env.timeout(360.0).callbacks.append(lambda _event: agency.hand_in(dossier, env.now))
    env.run(until=1440.0)
    return finished


def test_an_edf_officer_off_duty_at_the_opening_takes_no_dossier_overnight():
    """The change at 07:00 is made at the closing before it: the 06:00 dossier waits for the
    officer who comes on at 09:00 and is done at 10:00; changed at 07:00 itself, the officer
    free at 06:00 would have taken it and worked it 07:00-08:00, off duty."""
    assert _edf_story(ahead=True) == [600.0]
    assert _edf_story(ahead=False) == [480.0]
