"""History matching runs: a space-filling design, each point on common random numbers, judged.

Every design point runs replications 0..R-1 of the same seed, so two points differ
only through their parameters (common random numbers), as in ``fitting.calibrate``.
Wave 1 is a Latin hypercube over the parameters' whole ranges; each further wave is
a Latin hypercube of the same size inside the box of the points not ruled out so
far (``analysis.history_matching.refocus``), so the design points concentrate where
the figures leave room. Cost: waves x points x R replications, each a full run.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from enum import Enum
from typing import Any

import numpy as np

from simulator.analysis.history_matching import CUTOFF, Judgement, judge, latin_hypercube, refocus
from simulator.analysis.stats import Summary
from simulator.execution.executors import IN_PROCESS, Executor, Progress, Session, open_executor
from simulator.execution.experiment import run_experiments
from simulator.execution.fitting import OVERRIDE_SOURCE, Parameter
from simulator.values.document import Document, with_overrides
from simulator.values.errors import ScenarioError
from simulator.values.scenario import validate_document
from simulator.values.targets import Targets, require_informative


class Method(Enum):
    """How ``onestop calibrate`` fits: one best point, or the set not ruled out."""

    NELDER_MEAD = "nelder-mead"  # bounded Nelder-Mead on the objective (fitting.calibrate)
    HISTORY = "history"  # history matching: a design judged by implausibility


class Stop(Enum):
    FINISHED = "finished"  # every wave's points ran
    TIME = "time"  # --max-minutes ran out: the points so far are judged and written
    NOTHING_ACCEPTED = "nothing accepted"  # every point ruled out: no box for a next wave


@dataclass(frozen=True, kw_only=True)
class DesignPoint:
    number: int
    wave: int  # 1, 2, ...
    unit: tuple[float, ...]  # position in [0, 1] of each parameter's range
    values: dict[str, float | int]
    judgement: Judgement
    summary: dict[str, Summary]  # every metric, for the fit table of the best point


@dataclass(frozen=True, kw_only=True)
class HistoryMatch:
    parameters: tuple[Parameter, ...]
    points: tuple[DesignPoint, ...]
    design: int  # points per wave
    waves: int  # waves asked for
    reps: int
    seed: int
    cutoff: float
    discrepancy: float  # model-discrepancy sd in tolerance units
    stopped_by: Stop
    wall_time: float  # seconds

    @property
    def accepted(self) -> tuple[DesignPoint, ...]:
        return tuple(p for p in self.points if p.judgement.accepted)

    @property
    def best(self) -> DesignPoint:
        """The least implausible point (smallest largest-implausibility; first on ties)."""
        return min(self.points, key=lambda p: (p.judgement.largest, p.number))


def history_match(
    document: Document,
    targets: Targets,
    parameters: list[Parameter],
    *,
    design: int,
    reps: int,
    seed: int,
    waves: int = 1,
    executor: Executor = IN_PROCESS,
    max_seconds: float | None = None,
    discrepancy: float = 0.0,
    progress: Progress | None = None,
) -> HistoryMatch:
    """``waves`` waves of ``design`` points, each run for ``reps`` replications and judged.

    The executor is opened once for all points; progress counts design points.
    """
    require_informative(targets)
    if reps < 2:
        raise ScenarioError("--reps", "", reps, "history matching needs >= 2 replications")
    started = time.monotonic()
    deadline = None if max_seconds is None else started + max_seconds
    points: list[DesignPoint] = []
    with open_executor(executor, tasks=reps) as session:
        count = _Counter(design * waves, progress)
        run = _PointRunner(document, targets, parameters, reps, seed, session, discrepancy, count)
        stop = _waves(run, design, waves, points, deadline)
    return HistoryMatch(
        parameters=tuple(parameters),
        points=tuple(points),
        design=design,
        waves=waves,
        reps=reps,
        seed=seed,
        cutoff=CUTOFF,
        discrepancy=discrepancy,
        stopped_by=stop,
        wall_time=time.monotonic() - started,
    )


def _waves(
    run: _PointRunner, design: int, waves: int, points: list[DesignPoint], deadline: float | None
) -> Stop:
    """Wave 1 over the whole ranges, each later wave in the box of the points kept so far."""
    box: tuple[np.ndarray, np.ndarray] | None = None
    for wave in range(1, waves + 1):
        if wave > 1:
            box = refocus(np.array([p.unit for p in points if p.judgement.accepted]), design)
            if box is None:
                return Stop.NOTHING_ACCEPTED
        dimensions = len(run.parameters)
        units = latin_hypercube(design, dimensions, run.seed, wave, *(box or (None, None)))
        if run.wave(units, wave, points, deadline) is Stop.TIME:
            return Stop.TIME
    return Stop.FINISHED


def run_points(
    document: Document,
    targets: Targets,
    parameters: list[Parameter],
    units: np.ndarray,
    *,
    reps: int,
    seed: int,
    executor: Executor = IN_PROCESS,
    discrepancy: float = 0.0,
) -> list[DesignPoint]:
    """Run and judge given points (unit coordinates, one row each), e.g. a hand-made design."""
    points: list[DesignPoint] = []
    with open_executor(executor, tasks=reps) as session:
        count = _Counter(len(np.atleast_2d(units)), None)
        run = _PointRunner(document, targets, parameters, reps, seed, session, discrepancy, count)
        run.wave(np.atleast_2d(units), 1, points, None)
    return points


class _Counter:
    """Reports design points done out of those planned (more waves may stop early)."""

    def __init__(self, planned: int, progress: Progress | None) -> None:
        self.done, self.planned, self.progress = 0, planned, progress

    def tick(self) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, max(self.planned, self.done))


@dataclass(frozen=True)
class _PointRunner:
    document: Document
    targets: Targets
    parameters: list[Parameter]
    reps: int
    seed: int
    session: Session
    discrepancy: float
    count: _Counter

    def wave(
        self, units: np.ndarray, wave: int, points: list[DesignPoint], deadline: float | None
    ) -> Stop:
        """Run and judge each unit point, appending to ``points``; stop when time is up."""
        for unit in units:
            if deadline is not None and time.monotonic() > deadline:
                return Stop.TIME
            points.append(self.point(tuple(float(u) for u in unit), wave, len(points)))
        return Stop.FINISHED

    def point(self, unit: tuple[float, ...], wave: int, number: int) -> DesignPoint:
        values = {p.path: p.value_at(u) for p, u in zip(self.parameters, unit, strict=True)}
        scenario = validate_document(with_overrides(self.document, values, OVERRIDE_SOURCE))
        (result,) = run_experiments(
            [scenario], reps=self.reps, seed=self.seed, session=self.session
        )
        self.count.tick()
        _check_metrics(self.targets, set(result.metric_names()))
        judgement = judge(
            {t.metric: result.values(t.metric) for t in self.targets.informative},
            self.targets,
            discrepancy=self.discrepancy,
        )
        return DesignPoint(
            number=number,
            wave=wave,
            unit=unit,
            values=values,
            judgement=judgement,
            summary=result.summary(),
        )


def _check_metrics(targets: Targets, produced: set[str]) -> None:
    for i, target in enumerate(targets.targets):
        if target.metric not in produced:
            allowed = "the scenario does not produce this metric"
            raise ScenarioError(targets.source, f"targets[{i}].metric", target.metric, allowed)


def posterior_rows(match: HistoryMatch, targets: Targets) -> list[tuple[Any, ...]]:
    """Rows of ``analysis.history_matching.posterior_columns``, one per design point."""
    metrics = [t.metric for t in targets.informative]
    return [
        (
            p.number,
            p.wave,
            *(p.values[q.path] for q in match.parameters),
            *(p.judgement.means[m] for m in metrics),
            *(p.judgement.implausibility[m] for m in metrics),
            p.judgement.largest,
            p.judgement.accepted,
        )
        for p in match.points
    ]
