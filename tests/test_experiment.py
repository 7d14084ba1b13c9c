"""Replications on any executor: equal results in replication order; progress as (done, total)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from simulator.execution.executors import Executor, open_executor
from simulator.execution.experiment import run_experiment, run_experiments
from simulator.values.document import ScenarioKind
from simulator.values.errors import ScenarioError
from simulator.values.scenario import load_scenario

DESK = """
kind = "network"
name = "{name}"
[run]
customers = 1500
warmup_customers = 100
[arrivals]
station = "desk"
interarrival = {{ dist = "exponential", mean = 0.5 }}
[[stations]]
name = "desk"
servers = {servers}
service = {{ dist = "gamma", mean = 1.2, cv = 0.7 }}
"""


@pytest.fixture
def desk(write_scenario):
    def make(name: str = "desk", servers: int = 3):
        return load_scenario(
            write_scenario(DESK.format(name=name, servers=servers), f"{name}.toml")
        )

    return make


def metrics(result) -> list[tuple[int, dict[str, float]]]:
    return [(r.replication, r.metrics) for r in result.replications]


def test_the_pool_gives_the_same_results_as_this_process(desk):
    """Two worker processes and this process alone give equal metrics, in replication order."""
    alone = run_experiment(desk(), reps=4, seed=9)
    pooled = run_experiment(desk(), reps=4, seed=9, executor=Executor.pool(2))
    assert metrics(pooled) == metrics(alone)
    assert [r.replication for r in pooled.replications] == [0, 1, 2, 3]
    assert pooled.jobs == 2 and alone.jobs == 1


def test_progress_is_done_and_total_ending_at_the_total(desk):
    """Progress is called with (done, total): from 0, one step per replication, up to total."""
    calls: list[tuple[int, int]] = []
    run_experiment(desk(), reps=3, seed=1, executor=Executor.pool(2), progress=_record(calls))
    assert calls == [(0, 3), (1, 3), (2, 3), (3, 3)]


def test_scenarios_sharing_one_session_equal_separate_runs(desk):
    """Several scenarios on one open executor give what each gives on its own."""
    three, four = desk("three", 3), desk("four", 4)
    calls: list[tuple[int, int]] = []
    with open_executor(Executor.pool(2), tasks=4) as session:
        together = run_experiments(
            [three, four], reps=2, seed=5, session=session, progress=_record(calls)
        )
    assert [metrics(r) for r in together] == [
        metrics(run_experiment(s, reps=2, seed=5)) for s in (three, four)
    ]
    assert calls[-1] == (4, 4)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_replication_that_raises_is_raised(desk, jobs):
    """An error in a replication reaches the caller, from this process or a worker."""
    broken = replace(desk(), kind=ScenarioKind.ONESTOP)  # values the onestop model cannot read
    with pytest.raises(AttributeError):
        run_experiment(broken, reps=2, seed=1, executor=Executor.pool(jobs))


@pytest.mark.parametrize("reps", [0, 100_001, 10**9])
def test_reps_must_be_from_one_to_the_limit(desk, reps):
    """No replications, or more than the limit, is bad input, said before anything starts."""
    with pytest.raises(ScenarioError, match=r"reps = \d+: must be a whole number from 1 to"):
        run_experiment(desk(), reps=reps, seed=1)


def _record(calls: list[tuple[int, int]]):
    return lambda done, total: calls.append((done, total))
