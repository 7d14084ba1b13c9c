"""Levers planners pull: one deterministic story per lever, then the shipped lever files.

Stories use tests/data/onestop_small.toml (deterministic times, one counter and one
reviewer at the provincial centre, 10-minute service, 30-minute review) and add dossiers
with ``OnestopModel.submit``. Times are minutes from 00:00 of Monday 10 January 2022; the
office opens 07:00-11:30 and 13:30-17:00.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from stories import edited_scenario, run_dossiers

from simulator.values.errors import ScenarioError
from simulator.values.onestop_values import Channel, Level
from simulator.values.scenario import load_scenario

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "tests" / "data" / "onestop_small.toml"
SCENARIOS = ROOT / "scenarios"
PROVINCIAL = "[sites.provincial]\ncounters = { general = 1 }\n"
PACED = (
    "returned_share = 0.0",
    'returned_share = 0.0\napproval = { dist = "deterministic", value = 0.5 }\n'
    'margin = { dist = "deterministic", value = 10 }',  # longer than any statutory time
)


_scenario, _run = edited_scenario, run_dossiers


def _at(calendar, day: int, clock: str) -> float:
    return calendar.at(date(2022, 1, day), clock)


def test_staff_moved_to_review_trade_counter_waits_for_review_time(write_scenario):
    """One counter to review: the second walk-in waits 10 min, both online start at once."""
    before = _scenario(
        write_scenario, (PROVINCIAL, "[sites.provincial]\ncounters = { general = 2 }\n")
    )
    after = _scenario(write_scenario, ("reviewers = 1", "reviewers = 2"))
    dossiers = [
        (8 * 60, "provincial_permit", channel, "kon_tum_city")
        for channel in ("walkin", "walkin", "online", "online")
    ]
    _, rows, calendar = _run(before, dossiers)
    assert [r["counter_wait_min"] for r in rows[:2]] == [0.0, 0.0]
    assert [r["received_at"] for r in rows[2:]] == [
        _at(calendar, 10, "08:30"),
        _at(calendar, 10, "09:00"),
    ]
    _, rows, calendar = _run(after, dossiers)
    assert [r["counter_wait_min"] for r in rows[:2]] == [0.0, 10.0]
    assert [r["received_at"] for r in rows[2:]] == [_at(calendar, 10, "08:30")] * 2


def test_a_dated_move_to_review_acts_from_its_date(write_scenario):
    """Reviewers 1 -> 2 from Wednesday: Monday's pair is reviewed in turn, Wednesday's at once."""
    change = '\n[[changes]]\nfrom = 2022-01-12\nset = { "sites.provincial.reviewers" = 2 }\n'
    scenario = _scenario(write_scenario, extra=change)
    monday, wednesday = 8 * 60, 2 * 1440 + 8 * 60
    dossiers = [
        (t, "provincial_permit", "online", "kon_tum_city")
        for t in (monday, monday, wednesday, wednesday)
    ]
    _, rows, calendar = _run(scenario, dossiers)
    assert [r["received_at"] for r in rows] == [
        _at(calendar, 10, "08:30"),
        _at(calendar, 10, "09:00"),
        _at(calendar, 12, "08:30"),
        _at(calendar, 12, "08:30"),
    ]


def test_more_land_officers_take_queued_dossiers_at_once(write_scenario):
    """Department officers 1 -> 2 from a date: two dossiers arriving together finish together."""
    change = '\n[[changes]]\nfrom = 2022-01-11\nset = { "agencies[0].officers" = 2 }\n'
    postal = [(2 * 1440 + 8 * 60, "provincial_permit", "postal", "kon_tum_city")] * 2
    _, before, _ = _run(_scenario(write_scenario), postal)
    _, after, _ = _run(_scenario(write_scenario, extra=change), postal)
    assert before[1]["paper_done_at"] - before[0]["paper_done_at"] == pytest.approx(60.0)
    assert after[1]["paper_done_at"] == after[0]["paper_done_at"]


def test_e_signature_makes_the_result_ready_after_a_shorter_approval(write_scenario):
    """Approval half a day -> an hour: with no plan to wait for, it is 180 minutes sooner."""
    quick = (PACED[0], PACED[1].replace("value = 0.5", "value = 0.125"))
    postal = [(8 * 60, "provincial_permit", "postal", "kon_tum_city")]
    _, paper, calendar = _run(_scenario(write_scenario, PACED), postal)
    _, signed, _ = _run(_scenario(write_scenario, quick), postal)
    # received 08:00, work to 09:00, then 240 working minutes (over lunch) or 60
    assert paper[0]["paper_done_at"] == pytest.approx(_at(calendar, 10, "15:00"))
    assert signed[0]["paper_done_at"] == pytest.approx(_at(calendar, 10, "10:00"))


def test_a_saturday_walkin_is_served_on_saturday_with_its_deadline_from_monday(write_scenario):
    """With a Saturday session the walk-in is served at 08:00 Saturday; its deadline is Monday's."""
    saturday = 'saturday = { opens = "07:30", closes = "11:30", walkin_share = 0.0 }\n'
    opened = _scenario(write_scenario, (PROVINCIAL, PROVINCIAL + saturday))
    walkin = [(5 * 1440 + 8 * 60, "provincial_permit", "walkin", "kon_tum_city")]
    _, rows, calendar = _run(opened, walkin)
    assert rows[0]["received_at"] == pytest.approx(_at(calendar, 15, "08:10"))
    assert rows[0]["counter_wait_min"] == 0.0
    assert rows[0]["deadline_at"] == calendar.deadline(_at(calendar, 17, "07:00"), 3)
    _, closed, _ = _run(_scenario(write_scenario), walkin)
    assert closed[0]["received_at"] > _at(calendar, 17, "07:00")  # without: not before Monday


def test_the_saturday_queue_goes_home_at_closing_and_comes_back_on_monday(write_scenario):
    """Two walk-ins at 11:25 on Saturday, one counter: the second is sent home and served Monday."""
    saturday = 'saturday = { opens = "07:30", closes = "11:30", walkin_share = 0.0 }\n'
    opened = _scenario(write_scenario, (PROVINCIAL, PROVINCIAL + saturday))
    walkins = [(5 * 1440 + 11 * 60 + 25, "provincial_permit", "walkin", "kon_tum_city")] * 2
    metrics, rows, calendar = _run(opened, walkins)
    assert rows[0]["received_at"] == pytest.approx(_at(calendar, 15, "11:35"))
    assert rows[1]["received_at"] == pytest.approx(_at(calendar, 17, "07:10"))
    assert metrics["visits_per_dossier"] > 2.0  # the second came back: one more visit


def test_booked_walkins_are_levelled_over_the_day_and_wait_less(write_scenario):
    """All walk-ins at 09:00-10:00 on one counter; booking them all spreads them and cuts waits."""
    peak = [0.0] * 24
    peak[9] = 1.0
    arrivals = (
        ("expected_new = 0", "expected_new = 300"),
        (
            "inperson_hour_weights = [0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 0,"
            " 0, 0, 0, 0, 0, 0]",
            f"inperson_hour_weights = {peak}",
        ),
    )
    walkin = "appointment_share = {}\n"
    waits = {}
    for share in (0.0, 1.0):
        scenario = _scenario(
            write_scenario, *arrivals, (PROVINCIAL, PROVINCIAL + walkin.format(share))
        )
        metrics, _, _ = _run(scenario, [])
        waits[share] = metrics["counter_wait_mean_min.provincial_centre"]
    assert waits[1.0] < waits[0.0] / 2


def test_reception_levers_are_validated(write_scenario):
    """A share above 1 and a session closing before it opens are refused, naming the key."""
    with pytest.raises(ScenarioError, match="sites.provincial.appointment_share"):
        _scenario(write_scenario, (PROVINCIAL, PROVINCIAL + "appointment_share = 1.5\n"))
    bad = 'saturday = { opens = "11:30", closes = "07:30", walkin_share = 0.1 }\n'
    with pytest.raises(ScenarioError, match="sites.provincial.saturday.closes"):
        _scenario(write_scenario, (PROVINCIAL, PROVINCIAL + bad))
    typo = 'saturday = { opens = "07:30", closes = "11:30", walkin = 0.1 }\n'
    with pytest.raises(ScenarioError, match="sites.provincial.saturday"):
        _scenario(write_scenario, (PROVINCIAL, PROVINCIAL + typo))


# --- the shipped lever files ---------------------------------------------------------------


def _reviewers(scenario, level: Level, population_share: float) -> float:
    """The header's arithmetic: online dossiers a day x review minutes / (480 x 70%)."""
    share = sum(g.share for g in scenario.groups if g.level is level)
    per_day = scenario.arrivals.expected_new * scenario.channels[Channel.ONLINE] * share / 58
    minutes = per_day * population_share * scenario.reception.review.mean
    return minutes / (scenario.working_day_minutes * 0.70)


def test_online_50_reviewers_are_the_headers_arithmetic():
    """The reviewers of online_50_with_reviewers follow from the file's own values, rounded."""
    scenario = load_scenario(SCENARIOS / "online_50_with_reviewers.toml")
    assert scenario.districts[0].name == "kon_tum_city"  # the largest, for which sections are sized
    city = scenario.districts[0].population / sum(d.population for d in scenario.districts)
    needed = {
        Level.PROVINCIAL: _reviewers(scenario, Level.PROVINCIAL, 1.0),
        Level.DISTRICT: _reviewers(scenario, Level.DISTRICT, city),
    }
    assert {level: scenario.sites[level].reviewers for level in needed} == {
        level: round(value) for level, value in needed.items()
    }
    # each commune section has its own reviewer: the busiest needs far less than one
    communes = scenario.districts[0].communes
    assert _reviewers(scenario, Level.COMMUNE, city / communes) < 0.5
    assert scenario.sites[Level.COMMUNE].reviewers == 1


def test_the_dated_move_pairs_each_uptake_step_with_a_staff_step():
    """Each dated change raises the online share and moves as many counter staff as reviewers."""
    scenario = load_scenario(SCENARIOS / "staff_to_online_review_dated.toml")
    previous = scenario
    for epoch in scenario.epochs:
        now = epoch.values
        assert now.channels[Channel.ONLINE] > previous.channels[Channel.ONLINE]
        counters = sum(now.sites[Level.PROVINCIAL].counters.values())
        before = sum(previous.sites[Level.PROVINCIAL].counters.values())
        moved = now.sites[Level.PROVINCIAL].reviewers - previous.sites[Level.PROVINCIAL].reviewers
        assert moved > 0 and counters == before - moved
        previous = now


def test_the_land_officers_change_names_the_land_agencies():
    """agencies[2] and agencies[6] of the baseline are the two land agencies the file means."""
    scenario = load_scenario(SCENARIOS / "land_officers_plus.toml")
    base = load_scenario(SCENARIOS / "baseline_q1_2022.toml")
    (epoch,) = scenario.epochs
    changed = {
        a.name: (b.officers, a.officers)
        for a, b in zip(epoch.values.agencies, base.agencies, strict=True)
        if a.officers != b.officers
    }
    assert changed == {"district_land_office": (50, 64), "dept_natural_resources": (16, 19)}
