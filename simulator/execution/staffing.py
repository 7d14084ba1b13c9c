"""``onestop staff``: the least-cost staffing that meets every service-level target.

Method (greedy marginal allocation on common random numbers, then a fresh check):

1. Start with every varied count at its MIN (or its START); run replications 0..N-1 (seed S).
2. While a target is not met with 95% confidence (``analysis.staffing``), evaluate one more
   unit of each count that is below its MAX, on the same replications 0..N-1, and take
   the step with the largest improvement in the violated targets per unit cost (mean
   paired difference, capped at what each target still misses). Stop without an answer
   when no step improves them or every count is at its MAX.
3. Once every target is met, try one unit less of each count (paired, same seeds); drop
   the unit that saves the most and keeps every target met; repeat until none can go.
4. Check the answer on FRESH replications N..N+M-1 (streams no step has seen): the
   search picked the staffing that looked best on its own seeds, so a check on others is
   the honest test of whether it meets the targets.

Every evaluation is replications of one staffing; results are kept by staffing, so a
staffing seen again costs nothing. ``evaluations`` counts scenario x replication runs.
"""

from __future__ import annotations

import time
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from simulator.analysis.staffing import TargetCheck, all_met, check_targets, step_score
from simulator.execution.batch_plan import SET_SOURCE, apply_sets, single_sets
from simulator.execution.executors import IN_PROCESS, Call, Executor, Progress, open_executor
from simulator.execution.experiment import check_reps
from simulator.values.document import Document, get_key_path, read_document
from simulator.values.errors import ScenarioError
from simulator.values.scenario import validate_document
from simulator.values.staffing import (
    ALL_DAY,
    VARY_SOURCE,
    Lever,
    ServiceLevels,
    load_service_levels,
    parse_levers,
)

Staffing = tuple[int, ...]  # one count per lever, in --vary order


class StepKind(Enum):
    START = "start"
    ADD = "add"
    REMOVE = "remove"
    FINAL = "final check"


class Stop(Enum):
    MET = "every target met"
    NO_IMPROVEMENT = "no step improves the targets not met"
    AT_MAX = "every varied count is at its MAX"


@dataclass(frozen=True, kw_only=True)
class Step:
    kind: StepKind
    key: str | None  # the count changed (None at the start and the final check)
    staffing: Staffing
    cost: float
    score: float | None  # improvement per unit cost of an ADD step
    met: bool
    means: tuple[float | None, ...]  # each target's mean at this staffing, in the file's order


@dataclass(frozen=True, kw_only=True)
class StaffingResult:
    levers: tuple[Lever, ...]
    service_levels: ServiceLevels
    staffing: Staffing
    cost: float
    stop: Stop
    checks: tuple[TargetCheck, ...]  # on the search's replications 0..N-1
    final_checks: tuple[TargetCheck, ...]  # on fresh replications N..N+M-1
    steps: tuple[Step, ...]
    evaluations: int  # scenario x replication runs
    wall_time: float
    reps: int
    final_reps: int
    seed: int

    @property
    def met(self) -> bool:
        return self.stop is Stop.MET

    @property
    def final_passed(self) -> bool:
        return self.met and all_met(self.final_checks)

    def values(self) -> dict[str, int]:
        return {lever.key: count for lever, count in zip(self.levers, self.staffing, strict=True)}


@dataclass
class _Evaluator:
    """Runs staffings on an open executor and keeps every result by (staffing, block)."""

    document: Document
    levers: tuple[Lever, ...]
    seed: int
    session: Any
    progress: Progress | None
    evaluations: int = 0
    planned: int = 0
    cache: dict[tuple[Staffing, int, int], dict[str, list[float]]] = field(default_factory=dict)

    def __call__(
        self, staffings: Sequence[Staffing], first: int, reps: int
    ) -> list[dict[str, list[float]]]:
        missing = list(dict.fromkeys(s for s in staffings if (s, first, reps) not in self.cache))
        calls = [
            Call(key=(index, r), scenario=self.scenario(s), seed=self.seed, replication=r)
            for index, s in enumerate(missing)
            for r in range(first, first + reps)
        ]
        self.planned += len(calls)
        metrics: dict[Hashable, dict[str, float]] = {}
        for key, outcome in self.session(calls):
            if isinstance(outcome, BaseException):
                raise outcome
            metrics[key] = outcome.metrics
            self.evaluations += 1
            if self.progress:
                self.progress(self.evaluations, self.planned)
        for index, s in enumerate(missing):
            runs = [metrics[(index, r)] for r in range(first, first + reps)]
            names = dict.fromkeys(name for run in runs for name in run)
            self.cache[(s, first, reps)] = {
                name: [run.get(name, float("nan")) for run in runs] for name in names
            }
        return [self.cache[(s, first, reps)] for s in staffings]

    def scenario(self, staffing: Staffing) -> Any:
        sets = [(lever.key, str(count)) for lever, count in zip(self.levers, staffing, strict=True)]
        return validate_document(apply_sets(self.document, sets))


@dataclass(frozen=True, kw_only=True)
class Problem:
    """A staffing question as read from the command line, checked before any run."""

    raw: Document  # the scenario file as read (its name, its path for ``extends``)
    sets: tuple[tuple[str, str], ...]  # --set KEY=VALUE, applied before the search
    document: Document  # raw with the --set values
    levers: tuple[Lever, ...]
    service_levels: ServiceLevels

    @property
    def name(self) -> str:
        return str(self.raw.data.get("name", self.raw.path.stem))

    def answer(self, result: StaffingResult) -> Any:
        """The validated scenario of the staffing found."""
        values = [(key, str(count)) for key, count in result.values().items()]
        return validate_document(apply_sets(self.document, values))


def prepare_search(
    path: str | Path, targets: str | Path, vary: list[str], costs: list[str], sets: list[str]
) -> Problem:
    """Read the scenario, its --set values, the targets and the levers (exit 2 if bad)."""
    raw = read_document(path)
    pairs = single_sets(sets)
    levers = parse_levers(vary, costs)
    for key, text in pairs:
        if key in {lever.key for lever in levers}:
            raise ScenarioError(SET_SOURCE, key, text, "is searched by --vary; drop its --set")
    document = apply_sets(raw, pairs)
    validate_document(document)  # a bad scenario or --set value fails before any run
    check_levers(document, levers)
    return Problem(
        raw=raw,
        sets=pairs,
        document=document,
        levers=levers,
        service_levels=load_service_levels(targets),
    )


def check_levers(document: Document, levers: Sequence[Lever]) -> None:
    """Each --vary key must name a whole-number value of the scenario (a typo fails here)."""
    for lever in levers:
        try:
            value = get_key_path(document.data, lever.key)
        except (KeyError, IndexError, TypeError, ValueError):
            value = None
        new_band = value is None and lever.band != ALL_DAY  # a band the schedule lacks so far
        if not new_band and (isinstance(value, bool) or not isinstance(value, int)):
            allowed = f"must name a whole-number value of {document.path} (a count of staff)"
            raise ScenarioError(VARY_SOURCE, lever.key, value, allowed)


def check_reported(service_levels: ServiceLevels, values: dict[str, list[float]]) -> None:
    for index, target in enumerate(service_levels.targets):
        if target.metric not in values:
            key = f"targets[{index}].metric"
            allowed = "is not reported by this scenario (see its summary.json from onestop run)"
            raise ScenarioError(service_levels.source, key, target.metric, allowed)


def search_staffing(
    document: Document,
    levers: tuple[Lever, ...],
    service_levels: ServiceLevels,
    *,
    reps: int,
    final_reps: int,
    seed: int,
    executor: Executor = IN_PROCESS,
    progress: Progress | None = None,
) -> StaffingResult:
    """Greedy marginal allocation, removal of units no longer needed, and a fresh check."""
    check_reps(reps)
    check_reps(final_reps)
    check_levers(document, levers)
    started = time.perf_counter()
    with open_executor(executor) as session:
        evaluate = _Evaluator(document, levers, seed, session, progress)
        search = GreedySearch(evaluate, levers, service_levels, reps)
        search.add_until_met()
        if search.stop is Stop.MET:
            search.remove_while_met()
        (fresh,) = evaluate([search.staffing], reps, final_reps)
        final_checks = check_targets(service_levels.targets, fresh)
        search.record(StepKind.FINAL, None, final_checks)
    return StaffingResult(
        levers=levers,
        service_levels=service_levels,
        staffing=search.staffing,
        cost=search.cost(search.staffing),
        stop=search.stop,
        checks=search.checks,
        final_checks=final_checks,
        steps=tuple(search.steps),
        evaluations=evaluate.evaluations,
        wall_time=time.perf_counter() - started,
        reps=reps,
        final_reps=final_reps,
        seed=seed,
    )


class GreedySearch:
    """The walk from MIN: its current staffing, its results and the steps taken."""

    def __init__(self, evaluate: _Evaluator, levers, service_levels: ServiceLevels, reps: int):
        self.evaluate, self.levers, self.reps = evaluate, levers, reps
        self.targets = service_levels.targets
        self.staffing: Staffing = tuple(lever.first for lever in levers)
        (self.values,) = evaluate([self.staffing], 0, reps)
        check_reported(service_levels, self.values)
        self.checks = check_targets(self.targets, self.values)
        self.stop = Stop.MET if all_met(self.checks) else Stop.NO_IMPROVEMENT
        self.steps: list[Step] = []
        self.record(StepKind.START, None, self.checks)

    def cost(self, staffing: Staffing) -> float:
        return sum(lever.cost * count for lever, count in zip(self.levers, staffing, strict=True))

    def record(self, kind: StepKind, key: str | None, checks, score: float | None = None) -> None:
        step = Step(
            kind=kind,
            key=key,
            staffing=self.staffing,
            cost=self.cost(self.staffing),
            score=score,
            met=all_met(checks),
            means=tuple(check.mean for check in checks),
        )
        self.steps.append(step)

    def moved(self, index: int, by: int) -> Staffing:
        return tuple(c + by if i == index else c for i, c in enumerate(self.staffing))

    def add_until_met(self) -> None:
        while not all_met(self.checks):
            growable = [i for i, lever in enumerate(self.levers) if self.staffing[i] < lever.high]
            if not growable:
                self.stop = Stop.AT_MAX
                return
            candidates = [self.moved(i, +1) for i in growable]
            results = self.evaluate(candidates, 0, self.reps)
            scores = [
                step_score(self.checks, self.values, result, self.levers[i].cost)
                for i, result in zip(growable, results, strict=True)
            ]
            best = max(range(len(scores)), key=lambda j: scores[j])  # ties: first in --vary
            if scores[best] <= 0:
                self.stop = Stop.NO_IMPROVEMENT
                return
            self.take(candidates[best], results[best])
            self.record(StepKind.ADD, self.levers[growable[best]].key, self.checks, scores[best])
        self.stop = Stop.MET

    def remove_while_met(self) -> None:
        while True:
            shrinkable = [i for i, lever in enumerate(self.levers) if self.staffing[i] > lever.low]
            candidates = [self.moved(i, -1) for i in shrinkable]
            results = self.evaluate(candidates, 0, self.reps)
            feasible = [
                j
                for j, result in enumerate(results)
                if all_met(check_targets(self.targets, result))
            ]
            if not feasible:
                return
            # the largest saving first; ties: first in --vary order
            best = max(feasible, key=lambda j: (self.levers[shrinkable[j]].cost, -j))
            self.take(candidates[best], results[best])
            self.record(StepKind.REMOVE, self.levers[shrinkable[best]].key, self.checks)

    def take(self, staffing: Staffing, values: dict[str, list[float]]) -> None:
        self.staffing, self.values = staffing, values
        self.checks = check_targets(self.targets, values)
