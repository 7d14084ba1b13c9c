"""Comparisons on common random numbers: paired differences per metric."""

import pytest
from stories import desk_network

from simulator.analysis.stats import summarise
from simulator.execution.compare import COLUMNS, run_comparison
from simulator.values.errors import ScenarioError
from simulator.values.scenario import load_scenario


@pytest.fixture
def desks(write_scenario):
    def make(name, servers):
        return load_scenario(
            write_scenario(desk_network(name, servers, customers=6000, warmup=500), f"{name}.toml")
        )

    return make


def test_a_scenario_compared_with_itself_differs_by_exactly_zero(desks):
    """Common random numbers: an identical alternative gives zero differences, not noise."""
    comparison = run_comparison(desks("base", 3), [desks("same", 3)], reps=3, seed=2)
    for d in comparison.differences(comparison.alternatives[0]).values():
        if d.n:
            assert d.diff_mean == 0.0 and not d.significant


def test_one_more_server_cuts_the_wait_significantly(desks):
    """Adding a fourth desk shortens the wait; the paired interval lies below zero."""
    comparison = run_comparison(desks("three", 3), [desks("four", 4)], reps=5, seed=4)
    d = comparison.differences(comparison.alternatives[0])["wait_mean.desk"]
    assert d.significant and d.diff_ci95_high < 0


def test_pairing_narrows_the_interval(desks):
    """The paired interval is narrower than the unpaired spread of the alternative alone."""
    comparison = run_comparison(desks("three", 3), [desks("four", 4)], reps=6, seed=8)
    alternative = comparison.alternatives[0]
    paired = comparison.differences(alternative)["utilisation.desk"]
    alone = summarise(alternative.values("utilisation.desk"))
    paired_width = paired.diff_ci95_high - paired.diff_ci95_low
    assert paired_width < alone.ci95_high - alone.ci95_low


def test_rows_follow_the_contract_columns(desks):
    """compare.csv rows have one value per contract column, scenario first."""
    comparison = run_comparison(desks("b", 3), [desks("c", 4)], reps=2, seed=1)
    assert COLUMNS[0] == "scenario" and len(COLUMNS) == 8
    assert all(len(row) == len(COLUMNS) and row[0] == "c" for row in comparison.rows())


def test_scenarios_with_the_same_name_are_refused(desks):
    """Two scenarios named alike could not be told apart in the outputs."""
    with pytest.raises(ScenarioError, match="must differ"):
        run_comparison(desks("x", 3), [desks("x", 4)], reps=2, seed=1)
