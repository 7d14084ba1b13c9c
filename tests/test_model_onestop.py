"""The Kon Tum one-stop model: small deterministic stories, then the calibrated baseline.

Stories use tests/data/onestop_small.toml (deterministic times, no random arrivals)
and add dossiers one by one with ``OnestopModel.submit``. Times are minutes from
00:00 of the start date, Monday 10 January 2022; the office opens 07:00-11:30 and
13:30-17:00. Statistical checks allow 4 standard errors (stated in each test).
"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
import simpy
from stories import edited_scenario, run_dossiers

from simulator.execution.executors import Executor
from simulator.execution.experiment import run_experiment
from simulator.model.onestop import TRACE_COLUMNS, simulate
from simulator.model.onestop_arrivals import draw_new_dossiers, slots
from simulator.model.onestop_build import Runtime, build_resources
from simulator.model.onestop_resources import EdfAgency, FifoPool, StaffResource
from simulator.streams import Streams
from simulator.values.calendar import WorkingCalendar
from simulator.values.onestop_values import Channel
from simulator.values.scenario import load_scenario

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "tests" / "data" / "onestop_small.toml"
BASELINE = ROOT / "scenarios" / "baseline_q1_2022.toml"
Z_LIMIT = 4.0


_scenario = edited_scenario


_run = run_dossiers  # tests/stories.py: metrics, rows by seq, calendar


def _t(calendar: WorkingCalendar, day: date, clock: str) -> float:
    return calendar.at(day, clock)


MONDAY = date(2022, 1, 10)
MON = 0.0  # 00:00 Monday 10 January


def test_walkin_queuing_at_closing_time_returns_next_day(write_scenario):
    """Three walk-ins at 16:45 at one 10-minute counter: the third comes back next morning."""
    scenario = _scenario(write_scenario)
    at = MON + 16 * 60 + 45
    group = ("provincial_permit", "walkin", "kon_tum_city")
    metrics, rows, calendar = _run(scenario, [(at, *group), (at, *group), (at, *group)])
    assert metrics["walkins_returned_next_day"] == 1
    assert metrics["walkins_gave_up"] == 0
    assert rows[1]["received_at"] == pytest.approx(_t(calendar, MONDAY, "17:05"))
    assert rows[2]["received_at"] == pytest.approx(_t(calendar, date(2022, 1, 11), "07:10"))
    # its two visits: 15 minutes until closing, then none the next morning
    assert rows[2]["counter_wait_min"] == pytest.approx(15.0)


def test_walkin_giving_up_at_closing_time_is_counted(write_scenario):
    """With give_up_share = 1 the walk-in still queuing at closing never comes back."""
    scenario = _scenario(write_scenario, ("give_up_share = 0.0", "give_up_share = 1.0"))
    at = MON + 16 * 60 + 50
    group = ("provincial_permit", "walkin", "kon_tum_city")
    metrics, rows, _ = _run(scenario, [(at, *group), (at, *group)])
    assert metrics["walkins_gave_up"] == 1
    assert metrics["arrivals"] == 1
    assert rows[1]["outcome"] == "gave_up"


def test_lunch_break_pauses_the_counter_queue(write_scenario):
    """A walk-in queuing at 11:25 behind another is served when the counter reopens at 13:30."""
    scenario = _scenario(write_scenario)
    at = MON + 11 * 60 + 25
    group = ("provincial_permit", "walkin", "kon_tum_city")
    _, rows, calendar = _run(scenario, [(at, *group), (at, *group)])
    assert rows[1]["received_at"] == pytest.approx(_t(calendar, MONDAY, "13:40"))


def test_friday_afternoon_deadline_skips_the_weekend(write_scenario):
    """A 3-day dossier received on Friday 14:00 is due on Wednesday 17:00, and is on time."""
    scenario = _scenario(write_scenario)
    friday = date(2022, 1, 14)
    at = _t(WorkingCalendar(scenario.calendar), friday, "14:00")
    metrics, rows, calendar = _run(scenario, [(at, "provincial_permit", "postal", "dak_glei")])
    assert rows[0]["deadline_at"] == _t(calendar, date(2022, 1, 19), "17:00")
    # work 14:00-15:00 Friday, one working day's lead time: paper done Monday 15:00
    assert rows[0]["paper_done_at"] == pytest.approx(_t(calendar, date(2022, 1, 17), "15:00"))
    assert rows[0]["outcome"] == "resolved_on_time"
    assert metrics["on_time_rate"] == 1.0


def test_dossier_received_just_before_tet(write_scenario):
    """Received Friday 28/1/2022 at 10:00, a 3-day dossier is due 9/2 (Tết 31/1-4/2 skipped)."""
    scenario = _scenario(write_scenario, ("end = 2022-01-28", "end = 2022-02-28"))
    calendar = WorkingCalendar(scenario.calendar)
    at = _t(calendar, date(2022, 1, 28), "10:00")
    _, rows, _ = _run(scenario, [(at, "provincial_permit", "postal", "kon_tum_city")])
    assert rows[0]["deadline_at"] == _t(calendar, date(2022, 2, 9), "17:00")
    # work 10:00-11:00, lead one working day: the paper is done after Tết, Monday 7/2 11:00
    assert rows[0]["paper_done_at"] == pytest.approx(_t(calendar, date(2022, 2, 7), "11:00"))


def test_lien_thong_route_across_levels(write_scenario):
    """A district dossier goes to the district office, then the provincial department."""
    scenario = _scenario(write_scenario)
    at = MON + 8 * 60
    metrics, rows, calendar = _run(scenario, [(at, "cross_level", "postal", "dak_glei")])
    row = rows[0]
    assert row["site"] == "dak_glei"
    # district office 08:00-09:00, lead 1 day -> Tue 09:00, transfer 2 h -> 11:00 at the
    # department, work 11:00-11:30 + 13:30-14:00, lead 1 day -> Wed 14:00
    assert row["paper_done_at"] == pytest.approx(_t(calendar, date(2022, 1, 12), "14:00"))
    assert row["deadline_at"] == _t(calendar, date(2022, 1, 24), "17:00")
    assert row["outcome"] == "resolved_on_time"
    assert metrics["utilisation.dept"] > 0 and metrics["utilisation.district_office"] > 0


def test_closing_lag_makes_an_on_time_dossier_late(write_scenario):
    """Paper done Tuesday 09:00 (due 17:00), closed a working day later: late by closing lag."""
    scenario = _scenario(
        write_scenario,
        ("days = 3", "days = 1"),
        ("closing_lag_share = 0.0", "closing_lag_share = 1.0"),
    )
    metrics, rows, calendar = _run(
        scenario, [(MON + 480, "provincial_permit", "postal", "dak_glei")]
    )
    row = rows[0]
    assert row["paper_done_at"] == pytest.approx(_t(calendar, date(2022, 1, 11), "09:00"))
    assert row["closed_at"] == pytest.approx(_t(calendar, date(2022, 1, 12), "09:00"))
    assert row["outcome"] == "resolved_late"
    assert metrics["resolved_late"] == 1
    assert metrics["late_due_to_closing_lag"] == 1


def _edf_story(write_scenario, discipline: str):
    """P1 busy Tue 10:30-11:30; X (due 24/1) arrives 11:00, P2 (due 14/1) 11:10."""
    scenario = _scenario(
        write_scenario, ("officers = 1\n", f'officers = 1\ndiscipline = "{discipline}"\n')
    )
    tue = 1440.0
    dossiers = [
        (MON + 8 * 60, "cross_level", "postal", "dak_glei"),  # reaches the department Tue 11:00
        (tue + 10 * 60 + 30, "provincial_permit", "postal", "dak_glei"),
        (tue + 11 * 60 + 10, "provincial_permit", "postal", "dak_glei"),
    ]
    _, rows, _ = _run(scenario, dossiers)
    return rows[0]["paper_done_at"], rows[2]["paper_done_at"]


def test_edf_serves_the_earlier_deadline_first_fifo_the_earlier_arrival(write_scenario):
    """Waiting at the department: FIFO takes X (came first), EDF takes P2 (due sooner)."""
    x_fifo, p2_fifo = _edf_story(write_scenario, "fifo")
    x_edf, p2_edf = _edf_story(write_scenario, "edf")
    assert x_fifo < p2_fifo
    assert p2_edf < x_edf


def test_online_dossier_waits_for_review_overnight(write_scenario):
    """Submitted online at 22:00, it is accepted at 07:30 next day, within 8 working hours."""
    scenario = _scenario(write_scenario)
    metrics, rows, calendar = _run(
        scenario, [(MON + 22 * 60, "provincial_permit", "online", "kon_tum_city")]
    )
    assert rows[0]["received_at"] == pytest.approx(_t(calendar, date(2022, 1, 11), "07:30"))
    assert metrics["online_review_within_8h_share"] == 1.0
    assert metrics["online_share"] == 1.0


def test_in_person_slots_are_closed_during_tet():
    """No walk-in or postal arrival slot falls in Tết; online slots continue."""
    scenario = load_scenario(BASELINE)
    calendar = WorkingCalendar(scenario.calendar)
    tet = (calendar.at(date(2022, 1, 29)), calendar.at(date(2022, 2, 7)))
    inperson = slots(scenario, calendar, online=False)
    online = slots(scenario, calendar, online=True)
    assert not np.any((inperson[:, 0] >= tet[0]) & (inperson[:, 0] < tet[1]))
    assert np.any((online[:, 0] >= tet[0]) & (online[:, 0] < tet[1]))


def test_poisson_arrivals_match_the_expected_count(write_scenario):
    """Over 5 replications the mean count is 2,000 within 4 Poisson standard errors."""
    scenario = _scenario(write_scenario, ("expected_new = 0", "expected_new = 2000"))
    counts = [simulate(scenario, Streams(7, r))["arrivals"] for r in range(5)]
    assert abs(np.mean(counts) - 2000) <= Z_LIMIT * math.sqrt(2000 / 5)


def test_carried_over_dossiers_are_handled_and_traced(write_scenario):
    """Carried-over dossiers count in handled and leave one trace row each."""
    scenario = _scenario(write_scenario, ("carried_over = 0", "carried_over = 50"))
    rows = []
    metrics = simulate(scenario, Streams(3, 0), trace=rows.append)
    assert metrics["carried_over"] == 50 and metrics["handled"] == 50
    assert len(rows) == 50 and all(row[1] for row in rows)
    resolved = metrics["resolved"] + metrics["pending_within_deadline"] + metrics["pending_overdue"]
    assert resolved + metrics["returned_or_withdrawn"] == 50


def test_carried_over_dossiers_past_their_deadline_are_late_or_pending_overdue(write_scenario):
    """With carried_overdue_share = 1 no carried-over dossier ends on time or within deadline."""
    edit = ("carried_over = 0", "carried_over = 50\ncarried_overdue_share = 1.0")
    metrics = simulate(_scenario(write_scenario, edit), Streams(3, 0))
    assert metrics["resolved_on_time"] == 0 and metrics["pending_within_deadline"] == 0
    late = metrics["resolved_late"] + metrics["pending_overdue"]
    assert late > 0 and late + metrics["returned_or_withdrawn"] == 50
    on_time = simulate(
        _scenario(write_scenario, ("carried_over = 0", "carried_over = 50")), Streams(3, 0)
    )
    assert on_time["resolved_on_time"] > 0  # the default: none overdue at the start


def test_a_zero_carried_overdue_share_changes_nothing(write_scenario):
    """carried_overdue_share = 0 gives the same run as leaving the key out (the default)."""
    without = _scenario(write_scenario, ("carried_over = 0", "carried_over = 50"))
    edit = ("carried_over = 0", "carried_over = 50\ncarried_overdue_share = 0.0")
    assert simulate(_scenario(write_scenario, edit), Streams(3, 0)) == simulate(
        without, Streams(3, 0)
    )


def test_trace_rows_have_the_declared_columns(write_scenario):
    """Each trace row has one value per TRACE_COLUMNS entry."""
    scenario = _scenario(write_scenario, ("expected_new = 0", "expected_new = 200"))
    rows = []
    metrics = simulate(scenario, Streams(3, 0), trace=rows.append)
    assert len(rows) == metrics["handled"] + metrics["walkins_gave_up"]
    assert {len(row) for row in rows} == {len(TRACE_COLUMNS)}


def test_trace_rows_name_the_channel_and_arrivals_carry_channel_members(write_scenario):
    """New dossiers come with ``Channel`` members; a trace row gives the channel's key."""
    scenario = _scenario(write_scenario, ("expected_new = 0", "expected_new = 200"))
    calendar = WorkingCalendar(scenario.calendar)
    new = draw_new_dossiers(scenario, calendar, Streams(3, 0))
    assert new.channels and all(type(c) is Channel for c in new.channels)
    rows = []
    simulate(scenario, Streams(3, 0), trace=rows.append)
    column = TRACE_COLUMNS.index("channel")
    assert {row[column] for row in rows} <= {"walkin", "postal", "online"}


def _runtime(scenario, done: list) -> Runtime:
    """A Runtime on a fresh clock whose every step appends (dossier, time) to ``done``."""

    def step(dossier, at):
        done.append((dossier, at))

    return Runtime(
        env=simpy.Environment(),
        calendar=WorkingCalendar(scenario.calendar),
        horizon=19 * 1440.0,
        streams=Streams(1, 0),
        received=step,
        reviewed=step,
        digitised=step,
        worked=step,
    )


def test_resources_are_built_from_values_without_a_model():
    """build_resources needs only values and a Runtime; every resource is a StaffResource."""
    scenario = load_scenario(SMALL)
    resources = build_resources(scenario, _runtime(scenario, []))
    communes = ["kon_tum_city_communes", "dak_glei_communes"]
    sites = {"provincial_centre", "kon_tum_city", "dak_glei", *communes}
    assert set(resources.counter_sites) == set(resources.review_pools) == sites
    assert [len(resources.counter_pools[site]) for site in communes] == [2, 2]
    assert len(resources.routes) == 2 and resources.remote_district == [False, True]
    stages = [stage.resource for stages in resources.agencies.values() for stage in stages]
    assert [r.name for r in stages] == [
        "dept",
        "district_office_kon_tum_city",
        "district_office_dak_glei",
    ]
    pools = [p for site in sites for p in resources.counter_pools[site]]
    reviewers = [pool for pools in resources.review_pools.values() for pool in pools]
    everything = [*stages, *pools, *reviewers]
    assert all(isinstance(r, StaffResource) for r in everything)


class _Hours:
    """A calendar where every minute is working time."""

    @staticmethod
    def add_working_minutes(t: float, minutes: float) -> float:
        return t + minutes


def test_fifo_hands_back_at_once_edf_when_the_officer_finishes():
    """A FIFO pool calls done on hand-in with the end time; EDF at the end, by deadline."""
    done = []
    fifo = FifoPool("f", 1, _Hours(), 1e9, lambda: 30.0, lambda d, at: done.append((d, at)))
    fifo.hand_in("a", 0.0)
    fifo.hand_in("b", 10.0)
    assert done == [("a", 30.0), ("b", 60.0)]
    env, done = simpy.Environment(), []
    edf = EdfAgency("e", 1, _Hours(), env, 1e9, lambda: 30.0, lambda d, at: done.append((d, at)))
    x, y, z = (
        SimpleNamespace(name=n, deadline_at=t) for n, t in (("x", 9), ("y", 200), ("z", 100))
    )
    for dossier in (x, y, z):
        edf.hand_in(dossier, 0.0)
    assert done == []
    env.run()
    assert [(d.name, at) for d, at in done] == [("x", 30.0), ("z", 60.0), ("y", 90.0)]
    assert (edf.jobs, edf.busy_minutes) == (3, 90.0)


def test_an_entry_goes_first_in_both_disciplines_and_its_time_is_made_up():
    """A busy officer pauses for a 5-minute entry: it is done at once, the queue starts 5 later."""
    done = []
    fifo = FifoPool("f", 1, _Hours(), 1e9, lambda: 30.0, lambda d, at: done.append((d, at)))
    fifo.hand_in("a", 0.0)
    fifo.hand_in_work("entry", 10.0, 5.0, lambda d, at: done.append((d, at)))
    fifo.hand_in("b", 10.0)
    assert done == [("a", 30.0), ("entry", 15.0), ("b", 65.0)]
    env, done = simpy.Environment(), []
    edf = EdfAgency("e", 1, _Hours(), env, 1e9, lambda: 30.0, lambda d, at: done.append((d, at)))
    x, y = (SimpleNamespace(name=n, deadline_at=t) for n, t in (("x", 9), ("y", 200)))
    edf.hand_in(x, 0.0)
    edf.hand_in(y, 0.0)
    env.run(until=10.0)
    edf.hand_in_work("entry", 10.0, 5.0, lambda d, at: done.append((d, at)))
    env.run()
    named = [(getattr(d, "name", d), at) for d, at in done]
    assert named == [("entry", 15.0), ("x", 30.0), ("y", 65.0)]


def test_level3_results_are_picked_up_at_a_counter(write_scenario):
    """With level3_share = 1 an online dossier's result is fetched at a counter: one visit."""
    dossier = (_t(WorkingCalendar(load_scenario(SMALL).calendar), MONDAY, "08:00"),)
    dossier += ("provincial_permit", "online", "kon_tum_city")
    for share, visits in ((0.0, 0), (1.0, 1)):
        edit = ("level3_share = 0.0", f"level3_share = {share}")
        metrics, rows, _ = _run(_scenario(write_scenario, edit), [dossier])
        assert rows[0]["outcome"] == "resolved_on_time"
        assert metrics["online_results_at_counter"] == visits
        assert metrics["visits_per_dossier"] == visits


# The calibration check: 10 replications of the baseline (seed 20220331) against the
# report. Measured CIs (mean ± 95% half-width) and how far each lies inside its band:
#   handled                 77,234 ± 134   (band 76,516-78,062: 584 / 694 inside)
#   online_share            7.862% ± 0.074 (band 7.576-8.176%: 0.21 / 0.24 points inside)
#   resolved                69,280 ± 139   (band 67,243-71,403: 1,898 / 1,984 inside)
#   on_time_rate            93.80% ± 0.14  (band 92.82-94.82%: 0.85 / 0.88 points inside)
#   pending_within_deadline  6,858 ± 42    (band 6,199-7,577: 617 / 677 inside)
# The report's figures with the calibration issue's bands (tighter than the model issue's).
TARGETS = {
    "handled": (77289, 0.005 * 77289),
    "online": (6087, 0.02 * 6087),
    "online_share": (6087 / 77289, 0.003),
    "resolved": (69323, 0.01 * 69323),
    "on_time_rate": (65039 / 69323, 0.003),
    "resolved_late": (4284, 0.05 * 4284),
    "pending_within_deadline": (6888, 0.05 * 6888),
}


@pytest.mark.slow
def test_baseline_reproduces_the_q1_2022_report():
    """Each target's 95% CI over 20 replications lies inside the report's band."""
    result = run_experiment(
        load_scenario(BASELINE), reps=20, seed=20220331, executor=Executor.pool(2)
    )
    summary = result.summary()
    for name, (target, band) in TARGETS.items():
        s = summary[name]
        assert target - band <= s.ci95_low and s.ci95_high <= target + band, (name, s)


def test_onestop_figures_are_drawn_from_results(write_scenario, tmp_path):
    """Two replications of a small run give the four PNG figures."""
    from simulator.output.plots_onestop import onestop_figures

    scenario = _scenario(write_scenario, ("expected_new = 0", "expected_new = 300"))
    result = run_experiment(scenario, reps=2, seed=5)
    files = onestop_figures(result, tmp_path)
    assert len(files) == 4
    assert all(path.stat().st_size > 1000 for path in files)


class _HoursUntil(_Hours):
    """Every minute is working time, and working time between two times is their gap."""

    @staticmethod
    def working_minutes_between(t0: float, t1: float) -> float:
        return t1 - t0


def test_work_running_past_the_horizon_counts_only_its_minutes_inside():
    """Two 80-minute jobs with the horizon at 100: busy 100 minutes, not 160 (utilisation 1)."""
    fifo = FifoPool("f", 1, _HoursUntil(), 100.0, lambda: 80.0, lambda d, at: None)
    fifo.hand_in("a", 0.0)
    fifo.hand_in("b", 10.0)
    env = simpy.Environment()
    edf = EdfAgency("e", 1, _HoursUntil(), env, 100.0, lambda: 80.0, lambda d, at: None)
    for name in ("x", "y"):
        edf.hand_in(SimpleNamespace(name=name, deadline_at=0.0), 0.0)
    env.run()
    assert (fifo.jobs, fifo.busy_minutes) == (2, 100.0)
    assert (edf.jobs, edf.busy_minutes) == (2, 100.0)


def test_utilisation_is_at_most_one_with_a_one_minute_session(write_scenario):
    """Counters open one minute a day: service past the closing time is not open capacity."""
    tiny = ROOT / "tests" / "data" / "tiny_onestop.toml"
    text = f'extends = "{tiny.as_posix()}"\nname = "one_minute"\n'
    text += '[calendar]\nsessions = [["07:00", "07:01"]]\n'
    metrics = simulate(load_scenario(write_scenario(text)), Streams(1, 0))
    busy = {k: v for k, v in metrics.items() if k.startswith("utilisation.") and v == v}
    assert len(busy) > 10 and max(busy.values()) <= 1.0, max(busy.items(), key=lambda kv: kv[1])
