"""Per-quarter metrics across replications become tidy projection rows."""

import pytest

from simulator.analysis.projection import projection_rows, series, split_quarter
from simulator.execution.experiment import ExperimentResult
from simulator.run import ReplicationResult


def _result(per_replication):
    replications = tuple(
        ReplicationResult(replication=r, metrics=m, wall_time=0.0)
        for r, m in enumerate(per_replication)
    )
    return ExperimentResult(scenario=None, seed=1, replications=replications, wall_time=0.0, jobs=1)


def test_quarter_suffix_is_split_from_the_metric():
    """Only names ending in a quarter label are per-quarter metrics."""
    assert split_quarter("late_rate.2022Q3") == ("late_rate", "2022Q3")
    assert split_quarter("counter_wait_mean_min.provincial_centre") is None


def test_rows_are_tidy_and_ordered_by_quarter():
    """Four replications of two quarters give one row per quarter and metric, bands by hand."""
    result = _result(
        [
            {"late_rate.2022Q2": 0.04, "late_rate.2022Q1": 0.06, "handled": 1.0},
            {"late_rate.2022Q2": 0.05, "late_rate.2022Q1": 0.07, "handled": 1.0},
            {"late_rate.2022Q2": 0.06, "late_rate.2022Q1": 0.05, "handled": 1.0},
            {"late_rate.2022Q2": 0.05, "late_rate.2022Q1": 0.06, "handled": 1.0},
        ]
    )
    rows = projection_rows(result)
    assert [(r[0], r[1]) for r in rows] == [("2022Q1", "late_rate"), ("2022Q2", "late_rate")]
    quarter, _, mean, low, high, p05, p95, p25, p50, p75 = rows[0]
    assert mean == pytest.approx(0.06) and low < mean < high
    assert p50 == pytest.approx(0.06) and p05 <= p25 <= p50 <= p75 <= p95
    assert series(rows, "late_rate")["quarter"] == ["2022Q1", "2022Q2"]
