"""Calibration and sensitivity runs: scenarios varied by key path, run on common random numbers.

Every candidate runs the same replications with the same seed, so the objective
changes only through the parameters, not through fresh noise: the optimiser sees
a (piecewise) smooth surface. Parameters are moved in [0, 1] coordinates of their
ranges; whole-number parameters (officer counts) are rounded.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from simulator.analysis.calibrate import objective
from simulator.analysis.stats import Summary, paired_difference
from simulator.execution.experiment import ExperimentResult, run_experiment
from simulator.values.document import Document, get_key_path, with_overrides
from simulator.values.errors import ScenarioError
from simulator.values.scenario import validate_document
from simulator.values.targets import Targets

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


def evaluate(
    document: Document, values: dict[str, Any], reps: int, seed: int, jobs: int
) -> ExperimentResult:
    """Run one candidate: the base document with the parameter values set."""
    scenario = validate_document(with_overrides(document, values, OVERRIDE_SOURCE))
    return run_experiment(scenario, replications=reps, seed=seed, jobs=jobs)


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


def calibrate(
    document: Document,
    targets: Targets,
    parameters: list[Parameter],
    *,
    reps: int,
    seed: int,
    jobs: int = 1,
    max_evaluations: int = 60,
    max_seconds: float | None = None,
    progress: Callable[[Evaluation], None] | None = None,
) -> CalibrationResult:
    """Minimise the objective over the parameters with bounded Nelder-Mead."""
    from scipy.optimize import minimize

    started, evaluations, cache = time.monotonic(), [], {}

    def cost(u: np.ndarray) -> float:
        values = {p.path: p.value_at(x) for p, x in zip(parameters, u, strict=True)}
        key = tuple(values.values())
        if key not in cache:
            if len(evaluations) >= max_evaluations:
                raise _BudgetSpent("evaluations")
            if max_seconds is not None and time.monotonic() - started > max_seconds:
                raise _BudgetSpent("time")
            summary = evaluate(document, values, reps, seed, jobs).summary()
            found = Evaluation(
                number=len(evaluations),
                values=values,
                objective=objective(summary, targets),
                summary=summary,
            )
            evaluations.append(found)
            cache[key] = found.objective
            if progress:
                progress(found)
        return cache[key]

    start = np.array([p.position(p.base) for p in parameters]).clip(0.0, 1.0)
    stopped_by = "converged"
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
        stopped_by = str(spent)
    return CalibrationResult(
        parameters=tuple(parameters), evaluations=tuple(evaluations), stopped_by=stopped_by
    )


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
    jobs: int = 1,
    progress: Callable[[], None] | None = None,
) -> SensitivityResult:
    """Each parameter at the low and the high end of its range, one at a time, on CRN."""
    base = evaluate(document, {}, reps, seed, jobs)
    if progress:
        progress()
    runs = []
    for parameter in parameters:
        for setting, u in (("low", 0.0), ("high", 1.0)):
            value = parameter.value_at(u)
            result = evaluate(document, {parameter.path: value}, reps, seed, jobs)
            runs.append(
                SensitivityRun(parameter=parameter, setting=setting, value=value, result=result)
            )
            if progress:
                progress()
    return SensitivityResult(base=base, runs=tuple(runs))
