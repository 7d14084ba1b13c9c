"""Independent replications of one scenario, in this process or a pool of processes.

Replication r always uses the streams of (seed, r), so the results do not depend
on how many processes ran them or in which order they finished.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from typing import Any

from simulator.analysis.stats import Summary, summarise
from simulator.run import ReplicationResult, run_replication

Progress = Callable[[int], None]  # called with the number of replications just finished


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


def run_experiment(
    scenario: Any,
    *,
    replications: int,
    seed: int,
    jobs: int = 1,
    progress: Progress | None = None,
    first_replication: int = 0,
    trace: Any = None,
) -> ExperimentResult:
    """Run replications first_replication .. first_replication+replications-1 of scenario."""
    if replications < 1:
        raise ValueError("replications must be >= 1")
    started = time.perf_counter()
    numbers = range(first_replication, first_replication + replications)
    jobs = max(1, min(jobs, replications))
    if jobs == 1:
        results = _run_here(scenario, seed, numbers, progress, trace)
    else:
        results = _run_pool(scenario, seed, numbers, jobs, progress, trace)
    results.sort(key=lambda r: r.replication)
    return ExperimentResult(
        scenario=scenario,
        seed=seed,
        replications=tuple(results),
        wall_time=time.perf_counter() - started,
        jobs=jobs,
    )


def _run_here(
    scenario: Any, seed: int, numbers: range, progress: Progress | None, trace: Any
) -> list:
    results = []
    for number in numbers:
        results.append(run_replication(scenario, seed, number, trace))
        if progress:
            progress(1)
    return results


def _run_pool(
    scenario: Any, seed: int, numbers: range, jobs: int, progress: Progress | None, trace: Any
) -> list:
    # fork (where there is one) starts workers in milliseconds with the modules already imported
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    results = []
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        futures = [
            pool.submit(run_replication, scenario, seed, number, trace) for number in numbers
        ]
        for future in as_completed(futures):
            results.append(future.result())
            if progress:
                progress(1)
    return results
