"""Where dossiers stand at the end: the kinds of pending, the online review limit, the balance.

Stories use tests/data/onestop_small.toml (deterministic times; the horizon ends at
midnight after Friday 28 January 2022; the office opens 07:00-11:30 and 13:30-17:00,
8 working hours a day) and add dossiers with ``OnestopModel.submit``.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

from stories import edited_scenario

from simulator.model.onestop import TRACE_COLUMNS, OnestopModel, simulate
from simulator.model.onestop_outcomes import PENDING
from simulator.streams import Streams
from simulator.values.calendar import WorkingCalendar
from simulator.values.metrics import HANDLED_PARTS

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "tests" / "data" / "onestop_small.toml"
SLOW_REVIEW = ("value = 30 }", "value = 1000 }")  # a review longer than the horizon's rest


_scenario = edited_scenario


def _run(scenario, dossiers):
    rows = []
    model = OnestopModel(scenario, Streams(1, 0), trace=rows.append)
    for dossier in dossiers:
        model.submit(*dossier)
    metrics = model.run()
    outcome = TRACE_COLUMNS.index("outcome")
    return metrics, Counter(row[outcome] for row in rows)


def _at(scenario, day: date, clock: str) -> float:
    return WorkingCalendar(scenario.calendar).at(day, clock)


def test_online_dossier_unanswered_for_nine_working_hours_is_awaiting_review_over_limit(
    write_scenario,
):
    """Submitted Thursday 16:00, unreviewed at the end (9 working hours): awaiting review,
    over the limit, not pending within its deadline; one submitted Friday 10:00 (5 hours)
    is awaiting review but in neither side of the over-limit share."""
    scenario = _scenario(write_scenario, SLOW_REVIEW)
    thursday = _at(scenario, date(2022, 1, 27), "16:00")
    friday = _at(scenario, date(2022, 1, 28), "10:00")
    online = ("provincial_permit", "online", "kon_tum_city")
    metrics, outcomes = _run(scenario, [(thursday, *online), (friday, *online)])
    assert metrics["pending_awaiting_review"] == 2
    assert metrics["pending_within_deadline"] == 0
    assert metrics["online_review_over_limit"] == 1
    assert metrics["online_review_over_limit_share"] == 1.0  # 1 over / (0 answered + 1 over)
    assert metrics["online_reviews"] == 0
    assert outcomes == {"pending_awaiting_review": 2}


def test_online_review_answered_late_counts_over_the_limit(write_scenario):
    """Reviewed in 1,000 working minutes from Monday 08:00: answered, over the limit."""
    scenario = _scenario(write_scenario, SLOW_REVIEW)
    monday = _at(scenario, date(2022, 1, 10), "08:00")
    metrics, _ = _run(scenario, [(monday, "provincial_permit", "online", "kon_tum_city")])
    assert metrics["online_reviews"] == 1
    assert metrics["online_review_over_limit"] == 1
    assert metrics["online_review_within_8h_share"] == 0.0
    assert metrics["resolved"] == 1


def test_walkin_sent_home_at_the_last_closing_is_awaiting_reception(write_scenario):
    """Two walk-ins at 16:55 on the last day at one 10-minute counter: the second is sent
    home at 17:00 and is not yet received at the end."""
    scenario = _scenario(write_scenario)
    at = _at(scenario, date(2022, 1, 28), "16:55")
    walkin = ("provincial_permit", "walkin", "kon_tum_city")
    metrics, _ = _run(scenario, [(at, *walkin), (at, *walkin)])
    assert metrics["pending_awaiting_reception"] == 1
    assert metrics["pending_within_deadline"] == 1  # the first, received at 17:05


def test_every_dossier_handled_is_counted_once(write_scenario):
    """On a random run with every kind of pending, handled = the sum of HANDLED_PARTS,
    and each part is the number of trace rows with that outcome."""
    scenario = _scenario(
        write_scenario,
        ("expected_new = 0", "expected_new = 3000"),
        ("walkin = 0.9", "walkin = 0.6"),
        ("online = 0.05", "online = 0.35"),
        ("give_up_share = 0.0", "give_up_share = 0.3"),
        ("online_refused_share = 0.0", "online_refused_share = 0.1"),
        ("supplement_share = 0.0", "supplement_share = 0.3"),
        ("returned_share = 0.0", "returned_share = 0.05"),
    )
    rows = []
    metrics = simulate(scenario, Streams(5, 0), trace=rows.append)
    outcome = TRACE_COLUMNS.index("outcome")
    traced = Counter(row[outcome] for row in rows)
    assert metrics["handled"] == sum(metrics[name] for name in HANDLED_PARTS)
    for kind in PENDING:
        assert metrics[kind.value] == traced[kind.value], kind
    assert metrics["resolved"] == traced["resolved_on_time"] + traced["resolved_late"]
    for name in ("pending_awaiting_review", "pending_awaiting_supplement", "pending_overdue"):
        assert metrics[name] > 0, name
