"""A replication stops with a clear error after too many events, and is unchanged otherwise."""

from __future__ import annotations

import gc
import pickle

import pytest
import simpy

from simulator.model.event_limit import run_bounded
from simulator.values.errors import ScenarioError


def _clock(env: simpy.Environment, ticks: list[float], step: float):
    while True:
        yield env.timeout(step)
        ticks.append(env.now)


def test_a_bounded_run_processes_the_same_events_as_env_run():
    """Same events, same order, same final time as env.run(until) (events at until excluded)."""
    runs = []
    for bounded in (False, True):
        env, ticks = simpy.Environment(), []
        env.process(_clock(env, ticks, 2.5))
        env.process(_clock(env, ticks, 4.0))
        run_bounded(env, 20.0, "s.toml") if bounded else env.run(until=20.0)
        runs.append((ticks, env.now))
    assert runs[0] == runs[1] and runs[0][1] == 20.0


def test_a_loop_in_zero_time_stops_after_the_limit():
    """Time that never advances cannot end a run by its horizon: the event count does."""
    env, ticks = simpy.Environment(), []
    env.process(_clock(env, ticks, 0.0))
    with pytest.raises(ScenarioError) as caught:
        run_bounded(env, 10.0, "loop.toml", limit=1_000)
    assert caught.value.file == "loop.toml" and caught.value.key == "run"
    assert "more than 1,000 simulation events" in caught.value.line()
    assert env.now == 0.0


def test_a_run_without_horizon_ends_when_events_run_out():
    """until None: run until no event is left (a customers-run of a network)."""
    env = simpy.Environment()
    env.timeout(1.0)
    env.timeout(2.0)
    assert run_bounded(env, None, "s.toml") == 2 and env.now == 2.0


def test_the_error_crosses_from_a_worker_process_intact():
    """A worker's ScenarioError is pickled to the parent with its file, key, value and text."""
    error = ScenarioError("loop.toml", "run", "1,001 events", "more than 1,000 events")
    copy = pickle.loads(pickle.dumps(error))
    assert isinstance(copy, ScenarioError) and copy.line() == error.line()
    assert (copy.file, copy.key, copy.value) == ("loop.toml", "run", "1,001 events")


def test_the_garbage_collector_is_back_on_after_a_run_even_a_failed_one():
    """A paused collector is restored after the run, also when the run stops with an error."""
    env = simpy.Environment()
    env.process(_clock(env, [], 0.0))
    with pytest.raises(ScenarioError):
        run_bounded(env, 10.0, "loop.toml", limit=100)
    assert gc.isenabled()
    gc.disable()
    try:
        run_bounded(simpy.Environment(), 1.0, "s.toml")
        assert not gc.isenabled()  # a caller's own choice is kept
    finally:
        gc.enable()
