"""The plain-network engine reproduces queueing theory.

Every statistical check compares the mean over independent replications with the
theoretical value and allows Z_LIMIT standard errors of that mean (plus nothing
else): with 4 standard errors a correct engine fails about once in 16,000 runs.
"""

import math

import numpy as np
import pytest

from simulator.analysis.theory import (
    erlang_c,
    jackson_arrival_rates,
    mg1_wait_mean,
    mmc_wait_mean,
)
from simulator.execution.executors import Executor
from simulator.execution.experiment import run_experiment
from simulator.values.scenario import load_scenario

Z_LIMIT = 4.0
REPS = 8


def _mean_and_se(values):
    values = np.asarray(values, dtype=float)
    return values.mean(), values.std(ddof=1) / math.sqrt(len(values))


def _assert_close_to_theory(values, expected):
    mean, se = _mean_and_se(values)
    assert abs(mean - expected) <= Z_LIMIT * se, (
        f"simulated {mean:.4f} ± {se:.4f} (SE) vs theory {expected:.4f}"
    )


def _single_station(write_scenario, servers, rho, service, service_mean, customers=40000):
    arrival_rate = rho * servers / service_mean
    path = write_scenario(f"""
        kind = "network"
        name = "single"
        [run]
        customers = {customers}
        warmup_customers = 2000
        [arrivals]
        station = "desk"
        interarrival = {{ dist = "exponential", mean = {1 / arrival_rate!r} }}
        [[stations]]
        name = "desk"
        servers = {servers}
        service = {service}
    """)
    return load_scenario(path), arrival_rate


@pytest.mark.parametrize(("servers", "rho"), [(1, 0.6), (4, 0.8), (12, 0.85)])
def test_mmc_mean_wait_matches_erlang_c(write_scenario, servers, rho):
    """An M/M/c queue waits as long as Erlang C says, at several sizes and loads."""
    scenario, rate = _single_station(
        write_scenario, servers, rho, '{ dist = "exponential", mean = 2.0 }', 2.0
    )
    result = run_experiment(scenario, reps=REPS, seed=11, executor=Executor.pool(2))
    _assert_close_to_theory(result.values("wait_mean.desk"), mmc_wait_mean(rate, 2.0, servers))
    _assert_close_to_theory(result.values("utilisation.desk"), rho)


def test_md1_mean_wait_matches_pollaczek_khinchine(write_scenario):
    """Deterministic service: the P-K formula with zero variance."""
    scenario, rate = _single_station(
        write_scenario, 1, 0.7, '{ dist = "deterministic", value = 1.5 }', 1.5
    )
    result = run_experiment(scenario, reps=REPS, seed=5, executor=Executor.pool(2))
    _assert_close_to_theory(result.values("wait_mean.desk"), mg1_wait_mean(rate, 1.5, 0.0))


@pytest.mark.parametrize(
    ("service", "variance"),
    [
        ('{ dist = "gamma", mean = 1.0, cv = 1.5 }', 1.5**2),
        ('{ dist = "uniform", low = 0.5, high = 1.5 }', 1.0 / 12),
    ],
)
def test_mg1_mean_wait_matches_pollaczek_khinchine(write_scenario, service, variance):
    """General service times: the P-K formula with the distribution's own variance."""
    scenario, rate = _single_station(write_scenario, 1, 0.6, service, 1.0, customers=60000)
    result = run_experiment(scenario, reps=REPS, seed=7, executor=Executor.pool(2))
    _assert_close_to_theory(result.values("wait_mean.desk"), mg1_wait_mean(rate, 1.0, variance))


JACKSON = """
    kind = "network"
    name = "jackson"
    [run]
    horizon = 30000.0
    warmup = 1000.0
    [arrivals]
    station = "a"
    interarrival = { dist = "exponential", mean = 1.0 }
    [[stations]]
    name = "a"
    servers = 2
    service = { dist = "exponential", mean = 0.8 }
    next = [{ to = "b", p = 0.6 }, { to = "c", p = 0.3 }]
    [[stations]]
    name = "b"
    servers = 1
    service = { dist = "exponential", mean = 1.0 }
    next = [{ to = "a", p = 0.2 }]
    [[stations]]
    name = "c"
    servers = 3
    service = { dist = "exponential", mean = 2.5 }
    next = [{ to = "c", p = 0.3 }]
"""
JACKSON_ROUTING = np.array([[0.0, 0.6, 0.3], [0.2, 0.0, 0.0], [0.0, 0.0, 0.3]])
JACKSON_SERVERS = {"a": (2, 0.8), "b": (1, 1.0), "c": (3, 2.5)}


@pytest.fixture(scope="module")
def jackson_result(tmp_path_factory):
    path = tmp_path_factory.mktemp("jackson") / "jackson.toml"
    path.write_text(JACKSON.replace("\n    ", "\n"), encoding="utf-8")
    return run_experiment(load_scenario(path), reps=REPS, seed=3, executor=Executor.pool(2))


def test_jackson_network_with_feedback_matches_theory(jackson_result):
    """Each station of an open Jackson network with feedback behaves as an M/M/c queue."""
    rates = jackson_arrival_rates(np.array([1.0, 0.0, 0.0]), JACKSON_ROUTING)
    for (name, (servers, mean)), rate in zip(JACKSON_SERVERS.items(), rates, strict=True):
        _assert_close_to_theory(jackson_result.values(f"arrival_rate.{name}"), rate)
        _assert_close_to_theory(
            jackson_result.values(f"wait_mean.{name}"), mmc_wait_mean(rate, mean, servers)
        )


def test_littles_law_holds_at_every_station(jackson_result):
    """L = lambda W per station, up to the edge effects of a finite window (< 1%)."""
    for name in JACKSON_SERVERS:
        for replication in jackson_result.replications:
            metrics = replication.metrics
            queue = metrics[f"queue_length_mean.{name}"]
            product = metrics[f"arrival_rate.{name}"] * metrics[f"wait_mean.{name}"]
            assert queue == pytest.approx(product, rel=0.01)


def test_flow_is_conserved(jackson_result):
    """Every customer who arrived has either left or is still inside at the horizon."""
    for replication in jackson_result.replications:
        metrics = replication.metrics
        assert metrics["arrivals"] == metrics["served"] + metrics["in_system_at_end"]
        assert metrics["in_system_at_end"] >= 0


def test_customers_mode_serves_every_customer(write_scenario):
    """A run of N customers ends when the last of them leaves: all N are served."""
    scenario, _ = _single_station(
        write_scenario, 2, 0.9, '{ dist = "exponential", mean = 1.0 }', 1.0, customers=3000
    )
    result = run_experiment(scenario, reps=2, seed=1)
    # the first 2,000 are warm-up; the other 1,000 are all observed leaving
    assert result.values("served") == [1000.0, 1000.0]
    assert result.values("in_system_at_end") == [0.0, 0.0]


def test_overloaded_network_reaches_its_horizon(write_scenario):
    """Arrivals beyond capacity: the run still stops at the horizon with a large backlog."""
    path = write_scenario("""
        kind = "network"
        name = "overload"
        [run]
        horizon = 2000.0
        [arrivals]
        station = "desk"
        interarrival = { dist = "exponential", mean = 0.5 }
        [[stations]]
        name = "desk"
        servers = 1
        service = { dist = "exponential", mean = 1.0 }
    """)
    metrics = run_experiment(load_scenario(path), reps=1, seed=2).replications[0].metrics
    assert metrics["in_system_at_end"] > 500  # about half of the ~4,000 arrivals are left
    assert metrics["utilisation.desk"] == pytest.approx(1.0, abs=0.01)


def test_same_seed_same_numbers_whatever_the_jobs(jackson_result, tmp_path):
    """Replication r gives the same metrics in one process or in a pool of two."""
    scenario = jackson_result.scenario
    alone = run_experiment(scenario, reps=3, seed=3, executor=Executor.pool(1))
    pooled = run_experiment(scenario, reps=3, seed=3, executor=Executor.pool(2))
    assert [r.metrics for r in alone.replications] == [r.metrics for r in pooled.replications]
    assert alone.replications[0].metrics == jackson_result.replications[0].metrics


def test_the_share_of_waits_over_the_limit_matches_erlang_c(write_scenario):
    """M/M/5 at offered load 3: P(wait > 0.5) = C(5, 3) exp(-(5 - 3) 0.5), about 0.087."""
    path = write_scenario("""
        kind = "network"
        name = "limit"
        [run]
        customers = 20000
        warmup_customers = 1000
        [arrivals]
        station = "desk"
        interarrival = { dist = "exponential", mean = 0.3333333333333333 }
        [[stations]]
        name = "desk"
        servers = 5
        service = { dist = "exponential", mean = 1.0 }
        wait_limit = 0.5
        """)
    result = run_experiment(load_scenario(path), reps=REPS, seed=3)
    expected = erlang_c(5, 3.0) * math.exp(-(5 - 3.0) * 0.5)
    _assert_close_to_theory(result.values("share_wait_over_limit.desk"), expected)
