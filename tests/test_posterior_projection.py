"""Projections over accepted parameter sets: K sets x R replications, the two spreads apart.

Stories use tests/data/onestop_small.toml with 150 new dossiers a quarter over one
quarter from 10 January 2022 (reported as 2022Q1 and 2022Q2), and a hand-written
posterior whose sets move the closing lag from none to most dossiers 4 days late.
"""

import csv
from pathlib import Path

import numpy as np
import pytest

from simulator import api
from simulator.analysis.projection_uncertainty import COLUMNS, split_row
from simulator.cli.main import main
from simulator.output.result_set import verify_set

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "tests" / "data" / "onestop_small.toml"
POSTERIOR = (
    "point,wave,processing.closing_lag_share,processing.closing_lag.value,"
    "max_implausibility,accepted\n"
    "0,1,0.3,2,9.5,false\n"
    "1,1,0.0,1,1.0,true\n"
    "2,1,0.9,4,2.0,true\n"
    "3,2,0.5,2,2.5,true\n"
)


@pytest.fixture
def files(write_scenario):
    text = SMALL.read_text(encoding="utf-8").replace("expected_new = 0", "expected_new = 150")
    text = text.replace("end = 2022-01-28", "quarters = 1")
    return write_scenario(text, "small.toml"), write_scenario(POSTERIOR, "posterior.csv")


def test_split_row_of_a_known_case():
    """Sets [1, 3] and [5, 7]: within sd sqrt(2), between sd sqrt(8), percentiles of 2 and 6."""
    sets, reps, within, between, p05, p50, p95 = split_row([[1.0, 3.0], [5.0, 7.0]])
    assert (sets, reps) == (2, 2)
    assert within == pytest.approx(np.sqrt(2.0)) and between == pytest.approx(np.sqrt(8.0))
    assert (p05, p50, p95) == pytest.approx((2.2, 4.0, 5.8))
    assert split_row([[np.nan], [np.nan]]) == (0, 0, None, None, None, None, None)


def test_project_posterior_runs_k_sets_and_writes_the_files(files, tmp_path):
    """--draws 2 of 3 accepted: sets 1 and 2 (evenly spaced), run files each, both CSVs, fan."""
    scenario, posterior = files
    out = tmp_path / "out"
    args = ["project", scenario, "--quarters", 1, "--reps", 2, "--jobs", 1, "--quiet"]
    extra = ["--posterior", posterior, "--draws", 2, "--out", out]
    assert main([str(a) for a in [*args, *extra]]) == 0
    assert (out / "small" / "set_1" / "summary.json").is_file()
    assert (out / "small" / "set_2" / "summary.json").is_file()
    assert not (out / "small" / "set_3").exists()
    assert (out / "late_rate_projection.png").stat().st_size > 0
    assert verify_set(out) == []  # one result set: the projection's and each set's run files
    with open(out / "projection.csv", newline="", encoding="utf-8") as handle:
        late = [r for r in csv.DictReader(handle) if r["metric"] == "late_rate"]
    assert {r["quarter"] for r in late} == {"2022Q1", "2022Q2"}
    with open(out / "projection_uncertainty.csv", newline="", encoding="utf-8") as handle:
        split = [r for r in csv.DictReader(handle) if r["metric"] == "late_rate"]
    assert list(split[0]) == ["scenario", *COLUMNS]
    first = next(r for r in split if r["quarter"] == "2022Q1")
    assert (first["sets"], first["reps"]) == ("2", "2")
    # no closing lag vs 90% closed 4 working days late: the sets' means differ
    assert float(first["between_sd"]) > 0


def test_api_project_posterior_combines_every_run(files):
    """api.project(..., posterior=...) holds K x R replications per scenario, and the split."""
    scenario, posterior = files
    result = api.project(api.load(scenario), quarters=1, reps=2, posterior=posterior, draws=3)
    values = result.results()["small"].values("late_rate.2022Q1")
    assert len(values) == 6  # 3 sets x 2 replications
    assert [r.replication for r in result.projection.results[0].replications] == list(range(6))
    rows = result.uncertainty_rows()
    assert rows and {r["sets"] for r in rows if r["metric"] == "late_rate"} == {3}
    assert api.project(api.load(scenario), quarters=1, reps=2).uncertainty_rows() == []


def test_a_parameter_the_scenario_lacks_exits_2(files, write_scenario, tmp_path, capsys):
    """A posterior naming a key the projected scenario does not have: one line, exit 2."""
    scenario, _ = files
    bad = write_scenario(POSTERIOR.replace("closing_lag.value", "closing_lag.nope"), "bad.csv")
    args = ["project", scenario, "--quarters", 1, "--reps", 2, "--posterior", bad]
    assert main([str(a) for a in [*args, "--out", tmp_path / "x"]]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "processing.closing_lag.nope" in error
    assert not (tmp_path / "x").exists()  # refused before any folder or file was made
