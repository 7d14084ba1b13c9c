"""Running a batch: every scenario x replication of a plan (``batch_plan``) is a task.

Tasks go to an executor (``executors``: process pool or Dask); each finished task
is handed at once to a ``TaskStore`` (the output layer's ``batch_files`` keeps them
as files), and tasks the store already holds are not run again: that is how a
killed batch resumes. Results are assembled from the stored tasks in replication
order, so a resumed batch and an uninterrupted one give the same numbers.

Adaptive replications (``Precision``) run in rounds: after each round, a scenario
whose 95% half-width of the chosen metric is above the target gets more
replications (an estimate from the current spread, at most doubling, capped). The
decision depends only on the results, which depend only on (seed, r), so the same
command gives the same counts.

A scenario that crashes becomes a ``Failure``; the others go on.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from simulator.analysis.stats import half_width, summarise
from simulator.execution.batch_plan import Entry, Failure, Plan
from simulator.execution.executors import Call, Executor, Progress, Session, open_executor
from simulator.execution.experiment import ExperimentResult
from simulator.run import ReplicationResult
from simulator.values.errors import ScenarioError

Done = dict[str, dict[int, ReplicationResult]]  # scenario name -> replication -> result


@dataclass(frozen=True, kw_only=True)
class Precision:
    """Run replications until the 95% half-width of ``metric`` is at most ``target``."""

    metric: str
    target: float
    relative: bool  # target is a percentage of |mean|
    max_reps: int = 100

    def goal(self, values: Sequence[float]) -> float | None:
        if not self.relative:
            return self.target
        mean = summarise(values).mean
        return None if mean is None else self.target / 100 * abs(mean)

    def reached(self, values: Sequence[float]) -> bool:
        width, goal = half_width(values), self.goal(values)
        return width is not None and goal is not None and width <= goal

    def next_count(self, values: Sequence[float]) -> int:
        """The total number of replications the next round should reach."""
        n = len(values)
        if self.reached(values) or n >= self.max_reps:
            return n
        width, goal = half_width(values), self.goal(values)
        # The half-width shrinks like 1/sqrt(n); the estimate is rough with few replications,
        # so never more than double at once.
        guess = 2 * n if not width or not goal else math.ceil(n * (width / goal) ** 2)
        return min(self.max_reps, max(n + 1, min(guess, 2 * n)))


def parse_precision(text: str) -> tuple[float, bool]:
    """``0.5`` (absolute) or ``2%`` (relative to the mean) -> (value, relative)."""
    relative = text.strip().endswith("%")
    value = float(text.strip().removesuffix("%"))  # ValueError for argparse to report
    if not math.isfinite(value) or value <= 0:
        raise ValueError(text)
    return value, relative


class TaskStore(Protocol):
    """Where finished tasks are kept (the output layer provides one, ``batch_files``)."""

    def existing(self, entry: Entry, seed: int) -> dict[int, ReplicationResult]: ...

    def save(self, entry: Entry, result: ReplicationResult) -> None: ...


@dataclass(frozen=True, kw_only=True)
class BatchResult:
    seed: int
    experiments: tuple[tuple[Entry, ExperimentResult], ...]
    failures: tuple[Failure, ...]
    precision: Precision | None
    executed: int  # tasks run by this process (the rest came from the store)

    def precision_reached(self, experiment: ExperimentResult) -> bool | None:
        if self.precision is None:
            return None
        return self.precision.reached(experiment.values(self.precision.metric))


def run_batch(
    plan: Plan,
    *,
    reps: int,
    seed: int,
    executor: Executor,
    store: TaskStore,
    precision: Precision | None = None,
    progress: Progress | None = None,
) -> BatchResult:
    """Run every missing task of the plan, in rounds when a precision is asked for."""
    started = time.perf_counter()
    done = {entry.name: store.existing(entry, seed) for entry in plan.entries}
    wanted = dict.fromkeys(done, reps)
    failures = list(plan.failures)
    active = list(plan.entries)
    counts = [0, 0]  # tasks finished, tasks planned
    with open_executor(executor) as run:
        while active:
            calls = _missing(active, wanted, done, seed)
            counts[1] += len(calls)
            failed = _run_round(run, calls, active, store, done, counts, progress)
            failures += failed
            active = [e for e in active if e.name not in {f.name for f in failed}]
            active = _needing_more(active, done, wanted, precision, failures)
    experiments = [
        (entry, _experiment(entry, done, wanted, seed, executor, started))
        for entry in plan.entries
        if entry.name not in {f.name for f in failures}
    ]
    return BatchResult(
        seed=seed,
        experiments=tuple(experiments),
        failures=tuple(failures),
        precision=precision,
        executed=counts[0],
    )


def _missing(active: list[Entry], wanted: dict[str, int], done: Done, seed: int) -> list[Call]:
    """The tasks of this round that the store does not hold yet."""
    return [
        Call(key=(entry.name, r), scenario=entry.scenario, seed=seed, replication=r)
        for entry in active
        for r in range(wanted[entry.name])
        if r not in done[entry.name]
    ]


def _run_round(
    run: Session,
    calls: list[Call],
    active: list[Entry],
    store: TaskStore,
    done: Done,
    counts: list[int],
    progress: Progress | None,
) -> list[Failure]:
    """Run the calls, storing each result at once; a task that raises fails its scenario."""
    entries = {entry.name: entry for entry in active}
    failures: dict[str, Failure] = {}
    if progress:
        progress(*counts)
    for (name, _replication), outcome in run(calls):
        counts[0] += 1
        if name in failures:
            pass  # the scenario already failed: its other results are not used
        elif isinstance(outcome, BaseException):
            failures[name] = _crash(entries[name], outcome)
        else:
            store.save(entries[name], outcome)
            done[name][outcome.replication] = outcome
        if progress:
            progress(*counts)
    return list(failures.values())


def _crash(entry: Entry, error: BaseException) -> Failure:
    bad_input = isinstance(error, ScenarioError)
    text = error.line() if bad_input else f"{type(error).__name__}: {error}"
    message = f"{entry.source}: scenario {entry.name!r} failed: {' '.join(text.split())}"
    return Failure(name=entry.name, source=entry.source, message=message, bad_input=bad_input)


def _needing_more(
    active: list[Entry],
    done: Done,
    wanted: dict[str, int],
    precision: Precision | None,
    failures: list[Failure],
) -> list[Entry]:
    """The entries that need another round (raising their wanted count); records failures."""
    if precision is None:
        return []
    more = []
    for entry in active:
        results = [done[entry.name][r] for r in range(wanted[entry.name])]
        if not any(precision.metric in result.metrics for result in results):
            names = ", ".join(results[0].metrics) if results else "none"
            message = f"--metric {precision.metric}: not a metric of {entry.name} ({names})"
            failures.append(
                Failure(name=entry.name, source=entry.source, message=message, bad_input=True)
            )
            continue
        values = [result.metrics.get(precision.metric, math.nan) for result in results]
        count = precision.next_count(values)
        if count > wanted[entry.name]:
            wanted[entry.name] = count
            more.append(entry)
    return more


def _experiment(
    entry: Entry, done: Done, wanted: dict[str, int], seed: int, executor: Executor, started: float
) -> ExperimentResult:
    return ExperimentResult(
        scenario=entry.scenario,
        seed=seed,
        replications=tuple(done[entry.name][r] for r in range(wanted[entry.name])),
        wall_time=time.perf_counter() - started,
        jobs=executor.jobs,
    )
