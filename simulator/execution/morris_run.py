"""A Morris screening: every design point a candidate scenario, all on one open executor.

Each point runs replications 0 .. reps-1 with the same seed (common random numbers), so an
elementary effect (the change between two neighbouring points) comes from the parameter
that moved, not from fresh noise. The points go to the executor a trajectory at a time:
after each, the time spent says whether another fits in ``max_seconds``; a screening stops
cleanly between trajectories, and is analysed on those it finished (a Morris design is a set
of independent trajectories, so fewer of them give the same measures, less precisely). It
needs two, for a spread.

Cost: (parameters + 1) x trajectories points x reps replications.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

import numpy as np

from simulator.analysis.morris import MorrisIndex, morris_design, morris_indices
from simulator.execution.executors import IN_PROCESS, Executor, Progress, open_executor
from simulator.execution.experiment import run_experiments
from simulator.execution.fitting import Parameter, candidate
from simulator.values.document import Document
from simulator.values.errors import ScenarioError, SimulatorError
from simulator.values.metrics import screening_metrics

MIN_TRAJECTORIES = 2  # a spread (sigma, mu_star_conf) needs two


class SensitivityMethod(Enum):
    OAT = "oat"  # one at a time, +/-20%, paired differences (the tornado)
    MORRIS = "morris"  # elementary effects over all parameters' ranges at once


class StopReason(Enum):
    COMPLETE = "complete"
    TIME = "time"  # --max-minutes: the next trajectory would not have fitted


@dataclass(frozen=True, kw_only=True)
class MorrisPlan:
    parameters: tuple[Parameter, ...]
    trajectories: int
    levels: int
    reps: int
    seed: int

    @property
    def points_per_trajectory(self) -> int:
        return len(self.parameters) + 1

    @property
    def points(self) -> int:
        return self.points_per_trajectory * self.trajectories

    @property
    def replications(self) -> int:
        """The cost: (k + 1) x R points x reps."""
        return self.points * self.reps


@dataclass(frozen=True, kw_only=True)
class MorrisResult:
    plan: MorrisPlan
    design: np.ndarray  # the points run, in [0, 1] coordinates, trajectory after trajectory
    values: tuple[dict[str, float | int], ...]  # the parameter values of each point run
    outputs: dict[str, np.ndarray]  # metric -> its mean over the replications, per point
    indices: tuple[MorrisIndex, ...]  # metric by metric, each ranked
    undefined: tuple[str, ...]  # metrics undefined at some point: not analysed
    stopped_by: StopReason
    wall_time: float

    @property
    def trajectories_run(self) -> int:
        return len(self.design) // self.plan.points_per_trajectory

    def of(self, metric: str) -> list[MorrisIndex]:
        return [index for index in self.indices if index.metric == metric]

    def metrics(self) -> list[str]:
        return list(dict.fromkeys(index.metric for index in self.indices))


def screen(
    document: Document,
    plan: MorrisPlan,
    *,
    executor: Executor = IN_PROCESS,
    progress: Progress | None = None,
    max_seconds: float | None = None,
) -> MorrisResult:
    """Run the Morris design of ``plan`` on ``document`` and analyse every screened metric."""
    started = time.monotonic()
    design = morris_design(len(plan.parameters), plan.trajectories, plan.levels, plan.seed)
    values = [_point_values(plan.parameters, point) for point in design]
    scenarios = _candidates(document, values)  # all checked before any replication runs
    size = plan.points_per_trajectory
    outputs: list[dict[str, float]] = []
    with open_executor(executor, tasks=size * plan.reps) as session:
        for first in range(0, len(scenarios), size):
            if not _time_for_another(started, first // size, max_seconds):
                break
            results = run_experiments(
                scenarios[first : first + size],
                reps=plan.reps,
                seed=plan.seed,
                session=session,
                progress=_shifted(progress, first * plan.reps, plan.replications),
            )
            outputs += [_point_means(result) for result in results]
    done = len(outputs) // size
    _enough(done, started)
    stopped_by = StopReason.COMPLETE if done == plan.trajectories else StopReason.TIME
    return _analysed(plan, design[: len(outputs)], values, outputs, stopped_by, started)


def _point_values(parameters: Sequence[Parameter], point: np.ndarray) -> dict[str, float | int]:
    return {p.path: p.value_at(float(u)) for p, u in zip(parameters, point, strict=True)}


def _candidates(document: Document, values: list[dict[str, float | int]]) -> list[Any]:
    """Every point as a validated scenario; a point the scenario rejects is bad input.

    Each parameter's ends were checked alone; what fails here is a combination (two shares
    that together pass one), so the remedy is a narrower range.
    """
    scenarios = []
    for number, point in enumerate(values):
        try:
            scenarios.append(candidate(document, point))
        except ScenarioError as error:
            allowed = f"{error.allowed} (at Morris point {number}; narrow with KEY=LOW:HIGH)"
            raise ScenarioError(error.file, error.key, error.value, allowed) from None
    return scenarios


def _time_for_another(started: float, done: int, max_seconds: float | None) -> bool:
    """Whether one more trajectory, as long as the mean so far, ends within the budget."""
    if max_seconds is None or done == 0:
        return True
    spent = time.monotonic() - started
    return spent + spent / done <= max_seconds


def _enough(done: int, started: float) -> None:
    if done < MIN_TRAJECTORIES:
        minutes = (time.monotonic() - started) / 60
        raise SimulatorError(
            f"--max-minutes allows {done} Morris trajectory in {minutes:.1f} minutes; "
            f"a screening needs {MIN_TRAJECTORIES}: raise --max-minutes or lower --reps"
        )


def _shifted(progress: Progress | None, offset: int, total: int) -> Progress | None:
    """The caller's bar counts replications over the whole design, not per trajectory."""
    if progress is None:
        return None
    return lambda done, _chunk_total: progress(offset + done, total)


def _point_means(result: Any) -> dict[str, float]:
    names = screening_metrics(result.metric_names())
    return {name: float(np.mean(result.values(name))) for name in names}


def _analysed(
    plan: MorrisPlan,
    design: np.ndarray,
    values: list[dict[str, float | int]],
    outputs: list[dict[str, float]],
    stopped_by: StopReason,
    started: float,
) -> MorrisResult:
    """The measures of every screened metric that is defined at every point."""
    names = list(dict.fromkeys(name for point in outputs for name in point))
    table = {n: np.array([point.get(n, np.nan) for point in outputs]) for n in names}
    defined = [n for n in names if np.isfinite(table[n]).all()]
    paths = [p.path for p in plan.parameters]
    indices = [
        index
        for name in defined
        for index in morris_indices(
            name, paths, design, table[name], levels=plan.levels, seed=plan.seed
        )
    ]
    return MorrisResult(
        plan=plan,
        design=design,
        values=tuple(values[: len(outputs)]),
        outputs=table,
        indices=tuple(indices),
        undefined=tuple(n for n in names if n not in defined),
        stopped_by=stopped_by,
        wall_time=time.monotonic() - started,
    )
