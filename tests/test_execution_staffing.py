"""`onestop staff`'s search: Erlang C's answer found exactly, units added where they help and
removed where they are no longer needed, the answer checked on fresh replications."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from simulator.analysis.theory import erlang_c
from simulator.execution.executors import Executor
from simulator.execution.staffing import GreedySearch, Stop, prepare_search, search_staffing
from simulator.values.errors import ScenarioError
from simulator.values.staffing import Direction, Lever, ServiceLevels, ServiceTarget

ROOT = Path(__file__).resolve().parent.parent
MMC = ROOT / "scenarios" / "mmc_staffing.toml"
LEVELS = ROOT / "scenarios" / "service_levels_mmc.toml"
# the scenario's queue: offered load 3 (arrival rate 3, mean service 1), limit 0.5, level 5%
LOAD, LIMIT, LEVEL = 3.0, 0.5, 0.05


def _share_over_limit(servers: int) -> float:
    """Erlang C: P(wait > t) = C(c, a) exp(-(c - a) t) in M/M/c with unit mean service."""
    return erlang_c(servers, LOAD) * math.exp(-(servers - LOAD) * LIMIT)


def test_the_search_finds_erlang_c_s_smallest_number_of_servers():
    """The smallest c with P(wait > 0.5) <= 5% is 6 by Erlang C (c = 5: 8.7%, c = 6: 2.2%,
    each several replication errors from the level); the search from 4 finds exactly it, and
    the fresh replications confirm it."""
    answer = min(c for c in range(4, 11) if _share_over_limit(c) <= LEVEL)
    assert _share_over_limit(answer - 1) > 1.5 * LEVEL > 3 * _share_over_limit(answer)
    problem = prepare_search(MMC, LEVELS, ["stations[0].servers=4:10"], [], [])
    result = search_staffing(
        problem.document, problem.levers, problem.service_levels, reps=5, final_reps=5, seed=1
    )
    assert result.staffing == (answer,)
    assert result.stop is Stop.MET and result.final_passed
    # each staffing's replications run once: 4, 5 and 6 servers, then the fresh check
    assert result.evaluations == 5 * (answer - 4 + 1) + 5


def test_the_readme_quotes_erlang_c_s_shares_for_the_check():
    """The README's sentence on the Erlang C case gives the shares theory gives, to 0.1%."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    five, six = (f"{100 * _share_over_limit(c):.1f}%" for c in (5, 6))
    assert f"as {five} with 5 servers and {six} with 6" in readme


def _fake_evaluate(levels):
    """Replications of a known response: m = 3 - 1.5 min(x1, 1) - 2.5 x2 (floored at 0),
    with the same small noise in replication r of every staffing (common random numbers)."""

    def evaluate(staffings, first, reps):
        return [
            {"m": [max(0.0, levels(s)) + 0.01 * (r - first) for r in range(first, first + reps)]}
            for s in staffings
        ]

    return evaluate


def test_a_unit_the_later_steps_made_redundant_is_removed():
    """The cheap first unit of x1 looks best at first; once the dear x2 is added the target
    is met without x1, so the removal pass drops it: cost 2, not 3."""
    levers = (Lever(key="x1", low=0, high=3, cost=1.0), Lever(key="x2", low=0, high=3, cost=2.0))
    target = ServiceTarget(metric="m", limit=1.0, direction=Direction.AT_MOST)
    evaluate = _fake_evaluate(lambda s: 3 - 1.5 * min(s[0], 1) - 2.5 * s[1])
    search = GreedySearch(evaluate, levers, ServiceLevels(source="t", targets=(target,)), 4)
    search.add_until_met()
    assert search.staffing == (1, 1)
    search.remove_while_met()
    assert search.staffing == (0, 1)
    assert [step.kind.value for step in search.steps] == ["start", "add", "add", "remove"]


def test_a_target_no_step_can_reach_stops_the_search_without_an_answer():
    """When no unit improves the target, the search stops and says so."""
    levers = (Lever(key="x1", low=0, high=3),)
    target = ServiceTarget(metric="m", limit=1.0, direction=Direction.AT_MOST)
    search = GreedySearch(
        _fake_evaluate(lambda s: 3.0), levers, ServiceLevels(source="t", targets=(target,)), 4
    )
    search.add_until_met()
    assert search.stop is Stop.NO_IMPROVEMENT and search.staffing == (0,)


def test_a_target_out_of_reach_within_max_stops_at_max():
    """Units help but MAX comes first: the search stops at MAX without an answer."""
    levers = (Lever(key="x1", low=0, high=2),)
    target = ServiceTarget(metric="m", limit=1.0, direction=Direction.AT_MOST)
    search = GreedySearch(
        _fake_evaluate(lambda s: 5 - s[0]), levers, ServiceLevels(source="t", targets=(target,)), 4
    )
    search.add_until_met()
    assert search.stop is Stop.AT_MAX and search.staffing == (2,)


@pytest.mark.parametrize("key", ["stations[0].servrs", "stations[0].service"])
def test_a_vary_key_must_be_a_whole_number_of_the_scenario(key):
    """A misspelt key, or one that is not a count, fails before any run."""
    with pytest.raises(ScenarioError) as error:
        prepare_search(MMC, LEVELS, [f"{key}=1:3"], [], [])
    assert error.value.file == "--vary" and "whole-number" in error.value.allowed


def test_the_answer_and_its_checks_do_not_depend_on_the_jobs():
    """Replication r uses the streams of (seed, r) wherever it runs: the same walk and checks
    on one process and on a pool of two."""
    sets = ["run.customers=3000", "run.warmup_customers=100"]
    problem = prepare_search(MMC, LEVELS, ["stations[0].servers=4:10"], [], sets)
    results = [
        search_staffing(
            problem.document,
            problem.levers,
            problem.service_levels,
            reps=3,
            final_reps=3,
            seed=2,
            executor=executor,
        )
        for executor in (Executor.pool(1), Executor.pool(2))
    ]
    one, two = results
    assert (one.steps, one.checks, one.final_checks) == (two.steps, two.checks, two.final_checks)


def test_a_search_started_above_what_is_needed_gives_units_back():
    """Started at 3 where 1 meets the target, the removal pass goes down to 1, not to MIN 0."""
    levers = (Lever(key="x1", low=0, high=5, start=3),)
    target = ServiceTarget(metric="m", limit=1.0, direction=Direction.AT_MOST)
    levels = ServiceLevels(source="t", targets=(target,))
    search = GreedySearch(_fake_evaluate(lambda s: 2.5 - 2 * s[0]), levers, levels, 4)
    search.add_until_met()
    assert search.stop is Stop.MET and search.staffing == (3,)
    search.remove_while_met()
    assert search.staffing == (1,)
