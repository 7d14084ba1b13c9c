"""Independent replications of one or more scenarios, on any executor (``executors``).

Replication r always uses the streams of (seed, r), so the results do not depend
on the executor, on how many workers ran them or in which order they finished:
they are put back in replication order here.
"""

from __future__ import annotations

import time
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any

from simulator.analysis.stats import Summary, summarise
from simulator.execution.executors import (
    IN_PROCESS,
    Call,
    Executor,
    Progress,
    Session,
    open_executor,
)
from simulator.run import ReplicationResult
from simulator.values.errors import ScenarioError
from simulator.values.limits import MAX_REPS


@dataclass(frozen=True, kw_only=True)
class ExperimentResult:
    scenario: Any
    seed: int
    replications: tuple[ReplicationResult, ...]  # ordered by replication number
    wall_time: float
    jobs: int

    def metric_names(self) -> list[str]:
        names: dict[str, None] = {}
        for replication in self.replications:
            names.update(dict.fromkeys(replication.metrics))
        return list(names)

    def values(self, metric: str) -> list[float]:
        return [r.metrics.get(metric, float("nan")) for r in self.replications]

    def summary(self) -> dict[str, Summary]:
        return {name: summarise(self.values(name)) for name in self.metric_names()}


def check_reps(reps: int) -> None:
    """1 .. MAX_REPS replications, checked before any worker starts or call is allocated."""
    if not 1 <= reps <= MAX_REPS:
        raise ScenarioError("reps", "", reps, f"must be a whole number from 1 to {MAX_REPS:,}")


def run_experiment(
    scenario: Any,
    *,
    reps: int,
    seed: int,
    executor: Executor = IN_PROCESS,
    progress: Progress | None = None,
    trace: Any = None,
    events: Any = None,
) -> ExperimentResult:
    """Run replications 0 .. reps-1 of scenario on the executor (opened for this run only)."""
    check_reps(reps)
    with open_executor(executor, tasks=reps) as session:
        (result,) = run_experiments(
            [scenario],
            reps=reps,
            seed=seed,
            session=session,
            progress=progress,
            trace=trace,
            events=events,
        )
    return result


def run_experiments(
    scenarios: Sequence[Any],
    *,
    reps: int,
    seed: int,
    session: Session,
    progress: Progress | None = None,
    trace: Any = None,
    events: Any = None,
) -> list[ExperimentResult]:
    """Replications 0 .. reps-1 of each scenario, all handed to the open executor at once.

    Submitting every scenario's replications together keeps all workers busy until
    the last task (a compare or a sensitivity run does not wait for the slowest
    replication of each scenario in turn). The first task that raises is raised here.
    """
    check_reps(reps)
    started = time.perf_counter()
    calls = [
        Call(
            key=(index, r), scenario=scenario, seed=seed, replication=r, trace=trace, events=events
        )
        for index, scenario in enumerate(scenarios)
        for r in range(reps)
    ]
    done, finished = _collect(session, calls, progress)
    return [
        ExperimentResult(
            scenario=scenario,
            seed=seed,
            replications=tuple(done[(index, r)] for r in range(reps)),
            wall_time=finished[index] - started,
            jobs=session.executor.jobs,
        )
        for index, scenario in enumerate(scenarios)
    ]


def _collect(
    session: Session, calls: list[Call], progress: Progress | None
) -> tuple[dict[Hashable, ReplicationResult], dict[int, float]]:
    """Each call's result by key, and when each scenario's last replication finished."""
    done: dict[Hashable, ReplicationResult] = {}
    finished: dict[int, float] = {}
    if progress:
        progress(0, len(calls))
    for key, outcome in session(calls):
        if isinstance(outcome, BaseException):
            raise outcome
        done[key] = outcome
        finished[key[0]] = time.perf_counter()
        if progress:
            progress(len(done), len(calls))
    return done, finished
