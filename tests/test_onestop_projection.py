"""Multi-quarter one-stop runs: quarterly metrics, dated changes, trends, `onestop project`, API.

Stories use tests/data/onestop_small.toml (deterministic times) over two calendar
quarters, from Monday 14 March 2022 for three months (2022Q1 is 14-31 March).
Statistical checks allow 4 Poisson standard errors.
"""

from __future__ import annotations

import csv
import importlib.util
import math
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from simulator.model.onestop import TRACE_COLUMNS, OnestopModel
from simulator.model.onestop_arrivals import slots
from simulator.model.onestop_epochs import DatedFifoPool
from simulator.model.onestop_resources import FifoPool
from simulator.streams import Streams
from simulator.values.errors import ScenarioError
from simulator.values.onestop_trends import Trends, online_share_at
from simulator.values.onestop_values import Level
from simulator.values.periods import add_months
from simulator.values.scenario import load_scenario

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "tests" / "data" / "onestop_small.toml"
TWO_QUARTERS = ("start = 2022-01-10\nend = 2022-01-28", "start = 2022-03-14\nquarters = 1")
Z_LIMIT = 4.0


def _text(*edits: tuple[str, str], extra: str = "") -> str:
    text = SMALL.read_text(encoding="utf-8")
    for old, new in (TWO_QUARTERS, *edits):
        assert old in text, old
        text = text.replace(old, new, 1)
    return text + extra


def _scenario(write_scenario, *edits: tuple[str, str], extra: str = ""):
    return load_scenario(write_scenario(_text(*edits, extra=extra)))


def _run(scenario, dossiers):
    """Run with (day, clock, group, channel, district) dossiers; returns metrics, rows, model."""
    rows = []
    model = OnestopModel(scenario, Streams(1, 0), trace=rows.append)
    for day, clock, *rest in dossiers:
        model.submit(model.calendar.at(day, clock), *rest)
    metrics = model.run()
    rows = [dict(zip(TRACE_COLUMNS, row, strict=True)) for row in rows]
    return metrics, sorted(rows, key=lambda r: r["dossier"]), model


def test_quarters_horizon_ends_three_months_later(write_scenario):
    """`quarters = 1` from 14 March ends on 13 June; two calendar quarters are reported."""
    scenario = _scenario(write_scenario)
    assert (scenario.start, scenario.end, scenario.quarterly) == (
        date(2022, 3, 14),
        date(2022, 6, 13),
        True,
    )


def test_add_months_clips_to_the_month_end():
    """Quarters from the 31st end on the last day of a shorter month; years roll over."""
    assert add_months(date(2022, 1, 31), 1) == date(2022, 2, 28)
    assert add_months(date(2022, 11, 30), 3) == date(2023, 2, 28)
    assert add_months(date(2022, 12, 15), 12) == date(2023, 12, 15)


def test_closures_are_bucketed_by_quarter_and_pending_carries_over(write_scenario):
    """Closed in the quarter it closes; open at the end of Q1 is carried into Q2 and counted."""
    metrics, rows, model = _run(
        _scenario(write_scenario),
        [
            (date(2022, 3, 15), "08:00", "provincial_permit", "walkin", "kon_tum_city"),
            (date(2022, 3, 30), "08:00", "cross_level", "walkin", "kon_tum_city"),  # 10 days
            (date(2022, 4, 4), "08:00", "provincial_permit", "online", "kon_tum_city"),
        ],
    )
    q2_starts = model.calendar.at(date(2022, 4, 1), "00:00")
    closed_q1 = sum(r["closed_at"] <= q2_starts for r in rows)
    assert [r["outcome"] for r in rows] == ["resolved_on_time"] * 3
    assert metrics["resolved.2022Q1"] == closed_q1 == 1
    assert metrics["resolved.2022Q2"] == 2
    assert metrics["resolved.2022Q1"] + metrics["resolved.2022Q2"] == metrics["resolved"]
    assert (metrics["arrivals.2022Q1"], metrics["arrivals.2022Q2"]) == (2, 1)
    assert metrics["online_share.2022Q2"] == 1.0
    # the one open at 24:00 on 31 March is within its deadline, and Q2 starts with it
    assert metrics["pending.2022Q1"] == metrics["pending_within_deadline.2022Q1"] == 1
    carried = metrics["pending.2022Q1"] + metrics["arrivals.2022Q2"] - metrics["resolved.2022Q2"]
    assert carried == metrics["pending.2022Q2"] == 0


def test_pending_overdue_at_a_quarter_end(write_scenario):
    """A dossier past its deadline on 31 March counts as pending overdue in Q1, late in Q2."""
    slow = ("value = 60 }", "value = 6000 }")  # the provincial department's work
    metrics, rows, _ = _run(
        _scenario(write_scenario, slow),
        [(date(2022, 3, 25), "08:00", "provincial_permit", "walkin", "kon_tum_city")],
    )
    assert rows[0]["outcome"] == "resolved_late"
    assert metrics["pending.2022Q1"] == 1 and metrics["pending_overdue.2022Q1"] == 1
    assert metrics["late_rate.2022Q2"] == 1.0 and math.isnan(metrics["late_rate.2022Q1"])


DIGITISE_FROM_21_MARCH = """
[[changes]]
from = 2022-03-21
set = { "sites.district.digitise" = true }
"""


def test_dated_digitisation_applies_only_after_its_date(write_scenario):
    """District digitisation from Monday 21 March: the walk-in of the 16th is not digitised."""
    scenario = _scenario(write_scenario, extra=DIGITISE_FROM_21_MARCH)
    assert not scenario.sites[Level.DISTRICT].digitise
    assert scenario.epochs[0].values.sites[Level.DISTRICT].digitise
    _, rows, model = _run(
        scenario,
        [
            (date(2022, 3, 16), "08:00", "cross_level", "walkin", "kon_tum_city"),
            (date(2022, 3, 23), "08:00", "cross_level", "walkin", "kon_tum_city"),
            (date(2022, 3, 24), "08:00", "cross_level", "walkin", "kon_tum_city"),
        ],
    )
    assert model.resources.digitisers["kon_tum_city"].jobs == 2
    assert all(r["outcome"] == "resolved_on_time" for r in rows)


ELECTRONIC_FROM_21_MARCH = """
[[changes]]
from = 2022-03-21
set = { "sites.district.electronic_transfer" = true }
"""


def test_dated_electronic_transfer_skips_the_paper_cut_off_after_its_date(write_scenario):
    """Digitised at 16:00: the paper waits for the morning before 21 March, not after it."""
    digitised = ("[sites.district]\n", "[sites.district]\ndigitise = true\n")
    _, rows, _ = _run(
        _scenario(write_scenario, digitised, extra=ELECTRONIC_FROM_21_MARCH),
        [
            (date(2022, 3, 16), "16:00", "cross_level", "walkin", "kon_tum_city"),
            (date(2022, 3, 23), "16:00", "cross_level", "walkin", "kon_tum_city"),
        ],
    )
    before, after = (r["paper_done_at"] - r["received_at"] for r in rows)
    assert after < before


def test_a_second_counter_from_a_date_shortens_the_queue(write_scenario):
    """Three walk-ins at once wait 0, 10, 20 minutes at one counter; 0, 0, 10 at two."""
    extra = '\n[[changes]]\nfrom = 2022-03-21\nset = { "sites.provincial.counters.general" = 2 }\n'
    three = [("provincial_permit", "walkin", "kon_tum_city")] * 3
    _, rows, _ = _run(
        _scenario(write_scenario, extra=extra),
        [(date(2022, 3, 16), "08:00", *d) for d in three]
        + [(date(2022, 3, 22), "08:00", *d) for d in three],
    )
    assert [r["counter_wait_min"] for r in rows] == [0, 10, 20, 0, 0, 10]


def test_closing_a_counter_from_a_date_lengthens_the_queue(write_scenario):
    """Two counters, one from 21 March: three walk-ins wait 0, 0, 10 before; 0, 10, 20 after."""
    two = ("counters = { general = 1 }", "counters = { general = 2 }")
    extra = '\n[[changes]]\nfrom = 2022-03-21\nset = { "sites.provincial.counters.general" = 1 }\n'
    three = [("provincial_permit", "walkin", "kon_tum_city")] * 3
    metrics, rows, _ = _run(
        _scenario(write_scenario, two, extra=extra),
        [(date(2022, 3, 18), "08:00", *d) for d in three]
        + [(date(2022, 3, 22), "08:00", *d) for d in three],
    )
    assert [r["counter_wait_min"] for r in rows] == [0, 0, 10, 0, 10, 20]
    assert metrics["utilisation.counters_provincial_centre"] > 0


def test_a_second_officer_from_a_date_at_an_edf_agency(write_scenario):
    """Three postal dossiers at once: done an hour apart with one officer, two at once with two."""
    edf = ('name = "dept"\n', 'name = "dept"\ndiscipline = "edf"\n')
    extra = '\n[[changes]]\nfrom = 2022-03-21\nset = { "agencies[0].officers" = 2 }\n'
    three = [("provincial_permit", "postal", "kon_tum_city")] * 3
    _, rows, _ = _run(
        _scenario(write_scenario, edf, extra=extra),
        [(date(2022, 3, 16), "08:00", *d) for d in three]
        + [(date(2022, 3, 23), "08:00", *d) for d in three],
    )
    done = [r["paper_done_at"] for r in rows]
    assert [t - done[0] for t in done[:3]] == [0, 60, 120]
    assert [t - done[3] for t in done[3:]] == [0, 0, 60]


class _Hours:
    """A calendar where every minute is working time."""

    @staticmethod
    def add_working_minutes(t: float, minutes: float) -> float:
        return t + minutes


def test_dated_pool_grows_and_shrinks_letting_busy_staff_finish():
    """One officer, two from t=100, one from t=300: jobs start as the staff allow."""
    works, ends = iter([250.0, 100.0, 10.0, 10.0]), []
    pool = FifoPool("p", 1, _Hours(), 1000.0, works.__next__, lambda d, at: ends.append((d, at)))
    pool = DatedFifoPool(pool, [(0.0, 1), (100.0, 2), (300.0, 1)])
    for dossier, now in (("a", 0.0), ("b", 150.0), ("c", 300.0), ("d", 301.0)):
        pool.hand_in(dossier, now)
    # b: the second officer, from t=100; c: one left, the one free first; d: waits for it
    assert ends == [("a", 250.0), ("b", 250.0), ("c", 310.0), ("d", 320.0)]
    assert pool.servers == pytest.approx((100 * 1 + 200 * 2 + 700 * 1) / 1000)


BUSY = (
    ("expected_new = 0", "expected_new = 3000"),
    ("officers = 1\n", "officers = 40\n"),
    ("officers = 2\n", "officers = 60\n"),
)
TRENDS = """
[trends]
arrival_growth_per_quarter = 0.5
online_share_by_quarter = [0.1, 0.6]
"""


def test_growth_and_online_path_scale_arrivals(write_scenario):
    """Q2 gets 1.5x the Q1 rate per unit of weight; online shares follow the path (4 SE)."""
    scenario = _scenario(write_scenario, *BUSY, extra=TRENDS)
    metrics, _, model = _run(scenario, [])
    q2 = model.calendar.at(date(2022, 4, 1), "00:00")
    ref = model.calendar.at(date(2022, 6, 14), "00:00")  # the reference: the first 3 months
    for online, shares in ((False, (0.9, 0.4)), (True, (0.1, 0.6))):
        table = slots(scenario, model.calendar, online=online)
        weights, starts = table[:, 2], table[:, 0]
        norm = weights[starts < ref].sum()
        for quarter, share, growth, inside in (
            ("2022Q1", shares[0], 1.0, starts < q2),
            ("2022Q2", shares[1], 1.5, starts >= q2),
        ):
            expected = 3000 * share * growth * weights[inside].sum() / norm
            count = metrics[f"arrivals.{quarter}"] * metrics[f"online_share.{quarter}"]
            if not online:
                count = metrics[f"arrivals.{quarter}"] - count
            assert abs(count - expected) < Z_LIMIT * np.sqrt(expected), (quarter, online)


def test_online_ramp_is_a_straight_line_to_the_target_then_held():
    """From 10% at the start to 50% ten days later: 30% half-way, 50% after the date."""
    trends = Trends(online_target=0.5, online_target_date=date(2022, 1, 11))
    start = date(2022, 1, 1)
    assert online_share_at(trends, 0.1, start, start, 0) == pytest.approx(0.1)
    assert online_share_at(trends, 0.1, start, date(2022, 1, 6), 0) == pytest.approx(0.3)
    assert online_share_at(trends, 0.1, start, date(2022, 5, 1), 1) == pytest.approx(0.5)


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (
            '{ "processing.transfer_delay.mean" = 5 }',
            'changes[0].set."processing.transfer_delay.mean"',
        ),
        ('{ "sites.district.reviewers" = 0 }', 'changes[0].set."sites.district.reviewers"'),
        ('{ "agencies[7].officers" = 3 }', 'changes[0].set."agencies[7].officers"'),
        ('{ "sites.district..digitise" = true }', 'changes[0].set."sites.district..digitise"'),
        ("5", "changes[0].set"),
        ('{ "sites.provincial.counters.x" = 2 }', 'changes[0].set."sites.provincial.counters.x"'),
    ],
)
def test_bad_changes_name_the_key_path(write_scenario, change, key):
    """A change that cannot be dated, is invalid or is not a key path names changes[i].set."""
    extra = f"\n[[changes]]\nfrom = 2022-04-01\nset = {change}\n"
    with pytest.raises(ScenarioError) as error:
        _scenario(write_scenario, extra=extra)
    assert error.value.key == key


def test_changes_must_come_after_the_start_in_order(write_scenario):
    """A change dated at the start is refused, naming changes[0].from."""
    extra = '\n[[changes]]\nfrom = 2022-03-14\nset = { "sites.district.digitise" = true }\n'
    with pytest.raises(ScenarioError) as error:
        _scenario(write_scenario, extra=extra)
    assert error.value.key == "changes[0].from"


def test_project_command_writes_the_table_and_the_fan_chart(write_scenario, tmp_path):
    """`onestop project` on two small scenarios: tidy CSV with both, the PNG, run files."""
    from simulator.cli.main import main

    volume = ("expected_new = 0", "expected_new = 150")
    first = write_scenario(_text(volume), "first.toml")
    second = write_scenario(_text(volume, ('name = "small"', 'name = "other"')), "second.toml")
    out = tmp_path / "out"
    args = ["project", first, second, "--quarters", 2, "--reps", 2, "--jobs", 1, "--quiet"]
    assert main([str(a) for a in [*args, "--out", out]]) == 0
    with open(out / "projection.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0])[:8] == [
        "scenario", "quarter", "metric", "mean", "ci95_low", "ci95_high", "p05", "p95"
    ]  # fmt: skip
    late = {(r["scenario"], r["quarter"]) for r in rows if r["metric"] == "late_rate"}
    assert late == {(s, q) for s in ("small", "other") for q in ("2022Q1", "2022Q2", "2022Q3")}
    assert (out / "late_rate_projection.png").stat().st_size > 0
    assert (out / "small" / "summary.json").is_file()


def test_project_command_refuses_bad_input(tmp_path, capsys):
    """A network scenario, or too many quarters, exits 2 with one line naming the problem."""
    from simulator.cli.main import main

    network = ROOT / "scenarios" / "mm4.toml"
    assert main(["project", str(network), "--out", str(tmp_path / "a")]) == 2
    assert "onestop" in capsys.readouterr().err
    assert main(["project", str(SMALL), "--quarters", "13", "--out", str(tmp_path / "b")]) == 2
    assert "--quarters" in capsys.readouterr().err


def test_projection_example_runs_quickly(tmp_path):
    """examples/projection.py draws the fan chart with the API (2 quarters, 2 reps, 2% volume)."""
    path = ROOT / "examples" / "projection.py"
    spec = importlib.util.spec_from_file_location("projection_example", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    args = ["--quarters", "2", "--reps", "2", "--scale", "0.02", "--jobs", "1"]
    figure = module.main([*args, "--out", str(tmp_path)])
    assert figure.is_file() and figure.stat().st_size > 0
