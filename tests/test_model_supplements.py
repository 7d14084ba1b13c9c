"""Requests for supplements (Decree 61/2018): when they are made, how they come back, the clock.

Stories use tests/data/onestop_small.toml with every dossier asked for a supplement
(supplement_share = 1), which the citizen completes in one working day. The permit
takes 3 working days; the department works 60 minutes on a dossier; the office opens
07:00-11:30 and 13:30-17:00. Times are minutes from 00:00 Monday 10 January 2022.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from stories import run_dossiers

from simulator.values.calendar import WorkingCalendar
from simulator.values.scenario import load_scenario

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "tests" / "data" / "onestop_small.toml"
ALWAYS = ("supplement_share = 0.0", "supplement_share = 1.0")
PERMIT = "provincial_permit"


def _scenario(write_scenario, *edits: tuple[str, str]):
    text = SMALL.read_text(encoding="utf-8")
    for old, new in (ALWAYS, *edits):
        assert old in text, old
        text = text.replace(old, new, 1)
    return load_scenario(write_scenario(text))


def _t(scenario, day: int, clock: str) -> float:
    return WorkingCalendar(scenario.calendar).at(date(2022, 1, day), clock)


def test_online_supplement_is_asked_at_review_and_goes_back_to_review(write_scenario):
    """Asked at review Monday 08:30 (no deadline yet), uploaded Tuesday 08:30, reviewed
    again and accepted 09:00: the deadline runs from then, and the agency asks nothing."""
    scenario = _scenario(write_scenario)
    metrics, rows, _ = run_dossiers(
        scenario, [(_t(scenario, 10, "08:00"), PERMIT, "online", "dak_glei")]
    )
    row = rows[0]
    assert row["received_at"] == pytest.approx(_t(scenario, 11, "09:00"))
    assert row["deadline_at"] == _t(scenario, 14, "17:00")
    assert row["supplements"] == 1 and metrics["supplements_asked"] == 1
    assert metrics["online_reviews"] == 2
    assert metrics["online_review_over_limit"] == 0
    assert row["outcome"] == "resolved_on_time"


def test_online_supplement_not_uploaded_by_the_end_is_awaiting_supplement(write_scenario):
    """Asked at review on the last day, Friday 28 January: awaiting the citizen's upload."""
    scenario = _scenario(write_scenario)
    metrics, rows, _ = run_dossiers(
        scenario, [(_t(scenario, 28, "08:00"), PERMIT, "online", "dak_glei")]
    )
    assert rows[0]["outcome"] == "pending_awaiting_supplement"
    assert metrics["pending_awaiting_supplement"] == 1
    assert metrics["pending_awaiting_review"] == metrics["pending_within_deadline"] == 0


def test_walkin_brings_its_supplement_back_to_a_counter_ticket(write_scenario):
    """Received Monday 08:10, asked at 09:10, back Tuesday 09:10 while the counter serves
    another walk-in until 09:15: it waits 5 minutes, is received again at 09:25 and the
    clock restarts (due Friday 14 January 17:00)."""
    scenario = _scenario(write_scenario)
    walkin = (PERMIT, "walkin", "kon_tum_city")
    dossiers = [(_t(scenario, 10, "08:00"), *walkin), (_t(scenario, 11, "09:05"), *walkin)]
    metrics, rows, _ = run_dossiers(scenario, dossiers)
    row = rows[0]
    assert row["counter_wait_min"] == pytest.approx(5.0)
    assert row["deadline_at"] == _t(scenario, 14, "17:00")
    assert row["outcome"] == "resolved_on_time"
    assert metrics["supplement_requests_over_limit"] == 0
    # the walk-in visits to submit, to bring the supplement and to pick up the result
    assert metrics["visits_per_dossier.kon_tum_city"] == pytest.approx(3.0)


def test_request_after_three_working_days_is_counted_and_pauses_the_clock(write_scenario):
    """The department takes 2,000 working minutes: a postal permit received Monday 08:00
    (due Thursday 13 January 17:00) is asked on Friday 09:20, late; the supplement comes
    back by post one working day later, so the deadline moves one working day, to Friday
    14 January 17:00, instead of restarting."""
    scenario = _scenario(write_scenario, ("value = 60 }", "value = 2000 }"))
    metrics, rows, _ = run_dossiers(
        scenario, [(_t(scenario, 10, "08:00"), PERMIT, "postal", "dak_glei")]
    )
    row = rows[0]
    assert metrics["supplement_requests_over_limit"] == 1
    assert row["received_at"] == _t(scenario, 10, "08:00")
    assert row["deadline_at"] == _t(scenario, 14, "17:00")
    assert row["outcome"] == "resolved_late"


def test_walkin_giving_up_on_its_supplement_withdraws_the_dossier(write_scenario):
    """Back with its supplement at 16:55 behind a walk-in served 16:52-17:02, it is sent
    home at closing and gives up: the dossier is withdrawn, not a walk-in who gave up."""
    scenario = _scenario(
        write_scenario,
        ("give_up_share = 0.0", "give_up_share = 1.0"),
        ("value = 1 }\nreturned_share", "value = 0.71875 }\nreturned_share"),
    )
    walkin = (PERMIT, "walkin", "kon_tum_city")
    # received 08:10, asked 09:10, back 345 working minutes (0.71875 days) later: 16:55
    dossiers = [(_t(scenario, 10, "08:00"), *walkin), (_t(scenario, 10, "16:52"), *walkin)]
    metrics, rows, _ = run_dossiers(scenario, dossiers)
    assert rows[0]["outcome"] == "returned_or_withdrawn"
    assert metrics["walkins_gave_up"] == 0
    assert metrics["handled"] == 2


def test_supplement_brought_to_a_digitising_site_is_digitised_again(write_scenario):
    """At a centre that digitises (5 minutes), the supplemented walk-in is scanned twice,
    each time 5 minutes after its reception: the mean is 5 minutes, not a day."""
    scenario = _scenario(write_scenario, ("digitise = false", "digitise = true"))
    walkin = (PERMIT, "walkin", "kon_tum_city")
    metrics, rows, _ = run_dossiers(scenario, [(_t(scenario, 10, "08:00"), *walkin)])
    assert metrics["digitisation_time_mean_min.vnpost_provincial_centre"] == pytest.approx(5.0)
    assert rows[0]["outcome"] == "resolved_on_time"
