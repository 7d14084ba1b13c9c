"""Calibration and sensitivity runs: scenarios varied by key path, run on common random numbers.

Every candidate runs the same replications with the same seed, so the objective
changes only through the parameters, not through fresh noise: the optimiser sees
a (piecewise) smooth surface. Parameters are moved in [0, 1] coordinates of their
ranges; whole-number parameters (officer counts) are rounded.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from simulator.analysis.calibrate import objective
from simulator.analysis.stats import Summary, paired_difference
from simulator.execution.executors import IN_PROCESS, Executor, Progress, Session, open_executor
from simulator.execution.experiment import ExperimentResult, run_experiments
from simulator.values.document import Document, get_key_path, with_overrides
from simulator.values.errors import ScenarioError
from simulator.values.scenario import validate_document
from simulator.values.targets import Targets, require_informative

OVERRIDE_SOURCE = "--params"


@dataclass(frozen=True, kw_only=True)
class Parameter:
    path: str
    low: float
    high: float
    base: float
    integer: bool

    def value_at(self, u: float) -> float | int:
        value = self.low + min(max(u, 0.0), 1.0) * (self.high - self.low)
        return round(value) if self.integer else float(value)

    def position(self, value: float) -> float:
        return (value - self.low) / (self.high - self.low)


def parse_parameter(text: str, document: Document, spread: float) -> Parameter:
    """``path`` or ``path=LOW:HIGH``; without a range, the base value +/- spread (a share)."""
    path, _, bounds = text.partition("=")
    where_file = str(document.path)
    try:
        base = get_key_path(document.data, path)
    except (KeyError, ValueError):
        raise ScenarioError(
            where_file, path, text, "--params must name a number in the scenario"
        ) from None
    if isinstance(base, bool) or not isinstance(base, (int, float)):
        raise ScenarioError(where_file, path, base, "--params must name a number, not this value")
    low, high = _bounds(bounds, base, spread, where_file, path)
    return Parameter(path=path, low=low, high=high, base=float(base), integer=isinstance(base, int))


def _bounds(text: str, base: float, spread: float, file: str, path: str) -> tuple[float, float]:
    if not text:
        low, high = base * (1 - spread), base * (1 + spread)
        return (min(low, high), max(low, high))
    try:
        low, high = (float(part) for part in text.split(":"))
    except ValueError:
        raise ScenarioError(file, path, text, "the range must be LOW:HIGH, e.g. 0.1:0.5") from None
    if not low < high:
        raise ScenarioError(file, path, text, "the range needs LOW < HIGH")
    return low, high


@dataclass(frozen=True, kw_only=True)
class Evaluation:
    number: int
    values: dict[str, float | int]
    objective: float
    summary: dict[str, Summary]


def candidate(document: Document, values: dict[str, Any]) -> Any:
    """The base document with the parameter values set, validated."""
    return validate_document(with_overrides(document, values, OVERRIDE_SOURCE))


class _BudgetSpent(Exception):
    """Stops the optimiser when the evaluation or time budget is used up."""


@dataclass(frozen=True, kw_only=True)
class CalibrationResult:
    parameters: tuple[Parameter, ...]
    evaluations: tuple[Evaluation, ...]
    stopped_by: str  # "converged", "evaluations" or "time"

    @property
    def best(self) -> Evaluation:
        return min(self.evaluations, key=lambda e: (e.objective, e.number))


@dataclass(frozen=True, kw_only=True)
class _Objective:
    """The optimiser's cost: each new candidate runs once on the open executor, within budget."""

    document: Document
    targets: Targets
    parameters: list[Parameter]
    reps: int
    seed: int
    session: Session
    max_evaluations: int
    deadline: float | None  # time.monotonic() after which no candidate starts
    progress: Progress | None
    evaluations: list[Evaluation] = field(default_factory=list)
    cache: dict[tuple, float] = field(default_factory=dict)  # Nelder-Mead revisits points

    def __call__(self, u: np.ndarray) -> float:
        values = {p.path: p.value_at(x) for p, x in zip(self.parameters, u, strict=True)}
        key = tuple(values.values())
        if key not in self.cache:
            self.cache[key] = self._evaluate(values).objective
        return self.cache[key]

    def _evaluate(self, values: dict[str, float | int]) -> Evaluation:
        if len(self.evaluations) >= self.max_evaluations:
            raise _BudgetSpent("evaluations")
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise _BudgetSpent("time")
        scenario = candidate(self.document, values)
        (result,) = run_experiments(
            [scenario], reps=self.reps, seed=self.seed, session=self.session
        )
        summary = result.summary()
        found = Evaluation(
            number=len(self.evaluations),
            values=values,
            objective=objective(summary, self.targets),
            summary=summary,
        )
        self.evaluations.append(found)
        if self.progress:
            self.progress(len(self.evaluations), self.max_evaluations)
        return found


def calibrate(
    document: Document,
    targets: Targets,
    parameters: list[Parameter],
    *,
    reps: int,
    seed: int,
    executor: Executor = IN_PROCESS,
    max_evaluations: int = 60,
    max_seconds: float | None = None,
    progress: Progress | None = None,
) -> CalibrationResult:
    """Minimise the objective over the parameters with bounded Nelder-Mead.

    The executor is opened once for the whole search; progress counts evaluations.
    """
    deadline = None if max_seconds is None else time.monotonic() + max_seconds
    require_informative(targets)  # before any run: identities alone leave nothing to fit
    with open_executor(executor, tasks=reps) as session:
        cost = _Objective(
            document=document,
            targets=targets,
            parameters=parameters,
            reps=reps,
            seed=seed,
            session=session,
            max_evaluations=max_evaluations,
            deadline=deadline,
            progress=progress,
        )
        stopped_by = _minimise(cost, parameters, max_evaluations)
    done = len(cost.evaluations)
    if progress and stopped_by == "converged":
        progress(done, done)  # converged before the budget: the count ends at its total
    return CalibrationResult(
        parameters=tuple(parameters), evaluations=tuple(cost.evaluations), stopped_by=stopped_by
    )


def _minimise(cost: _Objective, parameters: list[Parameter], max_evaluations: int) -> str:
    """Run bounded Nelder-Mead from the base values; what stopped it."""
    from scipy.optimize import minimize

    start = np.array([p.position(p.base) for p in parameters]).clip(0.0, 1.0)
    try:
        minimize(
            cost,
            start,
            method="Nelder-Mead",
            bounds=[(0.0, 1.0)] * len(parameters),
            options={
                "initial_simplex": _simplex(start),
                "xatol": 1e-3,
                "fatol": 1e-4,
                "maxfev": 10 * max_evaluations,
            },
        )
    except _BudgetSpent as spent:
        return str(spent)
    return "converged"


def _simplex(start: np.ndarray, step: float = 0.25) -> np.ndarray:
    """A first simplex that moves each parameter a quarter of its range, inwards."""
    vertices = [start.copy()]
    for i in range(len(start)):
        vertex = start.copy()
        vertex[i] = vertex[i] + step if vertex[i] + step <= 1.0 else vertex[i] - step
        vertices.append(vertex)
    return np.array(vertices)


SENSITIVITY_COLUMNS = (
    "parameter",
    "setting",
    "value",
    "metric",
    "base_mean",
    "diff_mean",
    "diff_ci95_low",
    "diff_ci95_high",
    "significant",
)


@dataclass(frozen=True, kw_only=True)
class SensitivityRun:
    parameter: Parameter
    setting: str  # "low" or "high"
    value: float | int
    result: ExperimentResult


@dataclass(frozen=True, kw_only=True)
class SensitivityResult:
    base: ExperimentResult
    runs: tuple[SensitivityRun, ...]

    def rows(self, metrics: list[str]) -> list[tuple[Any, ...]]:

        rows = []
        for run in self.runs:
            for metric in metrics:
                d = paired_difference(self.base.values(metric), run.result.values(metric))
                rows.append(
                    (
                        run.parameter.path,
                        run.setting,
                        run.value,
                        metric,
                        d.base_mean,
                        d.diff_mean,
                        d.diff_ci95_low,
                        d.diff_ci95_high,
                        d.significant,
                    )
                )
        return rows


def sensitivity(
    document: Document,
    parameters: list[Parameter],
    *,
    reps: int,
    seed: int,
    executor: Executor = IN_PROCESS,
    progress: Progress | None = None,
) -> SensitivityResult:
    """Each parameter at the low and the high end of its range, one at a time, on CRN.

    The base and every setting are independent, so all their replications go to the
    executor together (opened once); progress counts replications.
    """
    settings = [
        (parameter, setting, parameter.value_at(u))
        for parameter in parameters
        for setting, u in (("low", 0.0), ("high", 1.0))
    ]
    scenarios = [candidate(document, {})]
    scenarios += [candidate(document, {p.path: value}) for p, _, value in settings]
    with open_executor(executor, tasks=reps * len(scenarios)) as session:
        base, *results = run_experiments(
            scenarios, reps=reps, seed=seed, session=session, progress=progress
        )
    runs = [
        SensitivityRun(parameter=parameter, setting=setting, value=value, result=result)
        for (parameter, setting, value), result in zip(settings, results, strict=True)
    ]
    return SensitivityResult(base=base, runs=tuple(runs))
