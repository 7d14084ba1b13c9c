"""Closing in the information system and pacing: who records a result, and when.

Stories use tests/data/onestop_small.toml with a [closing] table added: one postal
dossier for the provincial permit (3 working days, due Thursday 13 January 17:00 when
received Monday 10 January 08:00), the department works 60 minutes on it, and entry
sessions start at 16:00, the last open hour. Times are minutes from 00:00 Monday.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from stories import run_dossiers

from simulator import api
from simulator.values.scenario import load_scenario

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "tests" / "data" / "onestop_small.toml"
BASELINE = ROOT / "scenarios" / "baseline_q1_2022.toml"
MONDAY_8 = 480.0
CLOSING = """
[closing]
entry = {{ dist = "deterministic", value = 10 }}
session_every_days = {every}
paper_signed_share = {signed}
"""


def _scenario(write_scenario, *edits, every=1, signed=1.0, extra=""):
    text = SMALL.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    text += CLOSING.format(every=every, signed=signed) + extra
    return load_scenario(write_scenario(text))


_run = run_dossiers  # tests/stories.py: metrics, rows by seq, calendar


PERMIT = (MONDAY_8, "provincial_permit", "postal", "dak_glei")
LATE_LEAD = (
    'value = 1 }\n\n[[groups]]\nname = "cross_level"',
    'value = 1.65 }\n\n[[groups]]\nname = "cross_level"',
)


def _at(calendar, day: int, clock: str) -> float:
    return calendar.at(date(2022, 1, day), clock)


def test_a_paper_result_is_entered_at_the_next_session(write_scenario):
    """Paper result Tuesday 09:00; the 16:00 session enters it in 10 minutes: on time."""
    metrics, rows, calendar = _run(_scenario(write_scenario), [PERMIT])
    row = rows[0]
    assert row["paper_done_at"] == pytest.approx(_at(calendar, 11, "09:00"))
    assert row["closed_at"] == pytest.approx(_at(calendar, 11, "16:10"))
    assert row["outcome"] == "resolved_on_time"
    assert metrics["closing_entries"] == 1
    assert metrics["closing_delay_mean_days"] == pytest.approx(
        310 / 480
    )  # 09:00-11:30, 13:30-16:10


def test_a_result_made_after_the_session_is_closed_late(write_scenario):
    """Due Tuesday 17:00, paper done Tuesday 16:12, entered Wednesday 16:00: late by closing."""
    scenario = _scenario(write_scenario, ("days = 3", "days = 1"), LATE_LEAD)
    metrics, rows, calendar = _run(scenario, [PERMIT])
    row = rows[0]
    assert row["paper_done_at"] == pytest.approx(_at(calendar, 11, "16:12"))
    assert row["closed_at"] == pytest.approx(_at(calendar, 12, "16:10"))
    assert row["outcome"] == "resolved_late"
    assert metrics["late_due_to_closing_lag"] == 1 and metrics["late_due_to_processing"] == 0


def test_electronic_processing_records_the_result_as_it_is_made(write_scenario):
    """The same late story at a site that digitises and processes electronically: on time."""
    electronic = (
        "digitise = false\nreviewers = 1",
        "digitise = true\nelectronic_processing = true\nreviewers = 1",
    )
    scenario = _scenario(
        write_scenario, ("days = 3", "days = 1"), LATE_LEAD, electronic, signed=0.0
    )
    metrics, rows, _calendar = _run(scenario, [PERMIT])
    row = rows[0]
    assert row["closed_at"] == row["paper_done_at"]
    assert row["outcome"] == "resolved_on_time"
    assert metrics["closed_as_made_share"] == 1.0 and metrics["closing_entries"] == 0


def test_a_result_signed_on_paper_is_entered_even_when_processed_electronically(write_scenario):
    """Electronic processing with every result signed on paper: entered at a session, late."""
    electronic = (
        "digitise = false\nreviewers = 1",
        "digitise = true\nelectronic_processing = true\nreviewers = 1",
    )
    scenario = _scenario(
        write_scenario, ("days = 3", "days = 1"), LATE_LEAD, electronic, signed=1.0
    )
    _metrics, rows, _calendar = _run(scenario, [PERMIT])
    assert rows[0]["outcome"] == "resolved_late"


def test_an_entry_goes_before_queued_work_and_delays_it(write_scenario):
    """Three dossiers queue at the one officer; the 16:00 entry goes first, the queue waits."""
    busy = [(_minutes(1, "14:50"), "provincial_permit", "postal", "dak_glei")] * 3
    after = (_minutes(1, "16:30"), "provincial_permit", "postal", "dak_glei")
    _metrics, rows, calendar = _run(_scenario(write_scenario), [PERMIT, *busy, after])
    assert rows[0]["closed_at"] == pytest.approx(_at(calendar, 11, "16:10"))
    # the officer is busy until Wednesday 07:50, plus the 10-minute entry: the dossier that
    # reaches the department Wednesday 07:00 is worked 08:00-09:00, its result Thursday 09:00
    assert rows[4]["paper_done_at"] == pytest.approx(_at(calendar, 13, "09:00"))


def _minutes(day_offset: int, clock: str) -> float:
    hours, minutes = clock.split(":")
    return day_offset * 1440.0 + int(hours) * 60 + int(minutes)


def test_a_reminder_makes_the_officer_enter_before_the_deadline(write_scenario):
    """Sessions almost never happen; the reminder two working days before Thursday 17:00 does."""
    scenario = _scenario(write_scenario, every=1000, extra="reminder_days = 2\n")
    _metrics, rows, calendar = _run(scenario, [PERMIT])
    # two working days before Thursday 17:00 is Tuesday 17:00: entered Wednesday 07:00-07:10
    assert rows[0]["closed_at"] == pytest.approx(_at(calendar, 12, "07:10"))
    assert rows[0]["outcome"] == "resolved_on_time"


def test_session_every_days_zero_closes_as_made(write_scenario):
    """With session_every_days = 0 a paper result is closed in the system when it is made."""
    scenario = _scenario(write_scenario, ("days = 3", "days = 1"), LATE_LEAD, every=0)
    _metrics, rows, _calendar = _run(scenario, [PERMIT])
    assert rows[0]["closed_at"] == rows[0]["paper_done_at"]


def test_pacing_plans_the_result_a_margin_before_the_deadline(write_scenario):
    """Margin 1 day, approval 2 hours: the result due Thursday 17:00 is made Wednesday 17:00."""
    pacing = (
        "returned_share = 0.0",
        'returned_share = 0.0\napproval = { dist = "deterministic", value = 0.25 }\n'
        'margin = { dist = "deterministic", value = 1 }',
    )
    _metrics, rows, calendar = _run(_scenario(write_scenario, pacing), [PERMIT])
    assert rows[0]["paper_done_at"] == pytest.approx(_at(calendar, 12, "17:00"))
    assert rows[0]["closed_at"] == pytest.approx(_at(calendar, 13, "16:10"))


def test_pacing_never_delays_a_result_past_its_approval(write_scenario):
    """A margin longer than the statutory time: the result is made after work and approval."""
    pacing = (
        "returned_share = 0.0",
        'returned_share = 0.0\napproval = { dist = "deterministic", value = 0.25 }\n'
        'margin = { dist = "deterministic", value = 10 }',
    )
    _metrics, rows, calendar = _run(_scenario(write_scenario, pacing), [PERMIT])
    assert rows[0]["paper_done_at"] == pytest.approx(_at(calendar, 10, "11:00"))


def test_closing_rules_change_from_a_date(write_scenario):
    """From Wednesday results are closed as made: Wednesday's late result becomes on time."""
    change = '\n[[changes]]\nfrom = 2022-01-12\nset = { "closing.session_every_days" = 0 }\n'
    before = _scenario(write_scenario, ("days = 3", "days = 1"), LATE_LEAD)
    after = _scenario(write_scenario, ("days = 3", "days = 1"), LATE_LEAD, extra=change)
    early = _run(before, [PERMIT])[1][0]
    assert early["outcome"] == "resolved_late"
    # the result is made Tuesday 16:12, before the change: still waits for Wednesday's session
    assert _run(after, [PERMIT])[1][0]["outcome"] == "resolved_late"
    wednesday = (MONDAY_8 + 2 * 1440, "provincial_permit", "postal", "dak_glei")
    row = _run(after, [wednesday])[1][0]
    assert row["closed_at"] == row["paper_done_at"]


def _three_weeks(changes: dict):
    base = {
        "horizon.end": "2022-01-21",
        "arrivals.expected_new": 17000,  # about three weeks of the quarter's new dossiers
        "name": "three_weeks",
    }
    return api.load(BASELINE).with_values({**base, **changes})


@pytest.mark.slow
def test_electronic_processing_at_the_provincial_level_cuts_the_late_rate():
    """With e-signed results, provincial agencies on the digitised file: fewer late (CI < 0)."""
    signed = {"closing.paper_signed_share": 0.0}  # online results are recorded as made in both
    base = _three_weeks(signed)
    electronic = _three_weeks({**signed, "sites.provincial.electronic_processing": True})
    comparison = api.compare(base, [electronic.with_values({}, name="electronic")], reps=3, seed=7)
    row = next(
        r for r in comparison.rows() if r["scenario"] == "electronic" and r["metric"] == "late_rate"
    )
    assert row["diff_ci95_high"] < 0
