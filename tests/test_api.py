"""The Python API: load, change a value, run, and read the tables."""

import pytest

from simulator import api

MODEL = """
kind = "network"
name = "desk"
[run]
customers = 4000
[arrivals]
station = "desk"
interarrival = { dist = "exponential", mean = 1.0 }
[[stations]]
name = "desk"
servers = 1
service = { dist = "exponential", mean = 0.6 }
"""


@pytest.fixture
def desk(write_scenario):
    return api.load(write_scenario(MODEL))


def test_change_a_value_and_run(desk):
    """A copy with a slower desk waits longer; the original is untouched."""
    slower = desk.with_values({"stations[0].service.mean": 0.8}, name="slower")
    assert desk.get("stations[0].service.mean") == 0.6 and slower.name == "slower"
    fast, slow = api.run(desk, reps=3, seed=2), api.run(slower, reps=3, seed=2)
    assert slow.summary()["wait_mean.desk"]["mean"] > fast.summary()["wait_mean.desk"]["mean"]
    assert fast.values("served").shape == (3,)


def test_replication_rows_are_tidy(desk):
    """Each row is one replication's value of one metric."""
    rows = api.run(desk, reps=2, seed=1).replications()
    assert set(rows[0]) == {"replication", "metric", "value"}
    assert {r["replication"] for r in rows} == {0, 1}


def test_compare_rows_name_the_alternative(desk):
    """compare() gives one row per alternative and metric with the contract's columns."""
    other = desk.with_values({"stations[0].servers": 2}, name="two")
    rows = api.compare(desk, [other], reps=2, seed=1).rows()
    assert rows and all(r["scenario"] == "two" for r in rows)


def test_to_pandas_when_pandas_is_installed(desk):
    """The summary becomes a DataFrame indexed by metric."""
    pytest.importorskip("pandas")
    frame = api.run(desk, reps=2, seed=1).to_pandas()
    assert "mean" in frame.columns and "served" in frame.index


def test_validate_sets_each_target_against_the_replications(desk, write_scenario):
    """The busy share is close to 0.6 (rho = 0.6/1.0); a target of 0.9 is many SEs off."""
    targets = write_scenario(
        '[[targets]]\nmetric = "utilisation.desk"\nvalue = 0.9\nsource = "a wrong guess"\n'
        "absolute_tolerance = 0.05\n",
        "targets.toml",
    )
    (row,) = api.validate(desk, targets, reps=3, seed=1).rows()
    assert row["target"] == "utilisation.desk" and row["reported"] == 0.9
    assert row["within_tolerance"] is False and row["error"] < 0 and row["error_in_se"] < -4
