"""Backtests: calibrate on period A, predict period B from B's known inputs, validate on B.

Period B is a scenario file that states what was known of B beforehand — its volume,
channel mix, calendar, dated changes — and typically ``extends`` the base. The values
fitted on A are carried to B, except where B's scenario sets a value of its own that
differs from the base's: that value is a known input of period B (say B's volume when
A's volume was fitted) and stands. B then runs on the calibration's seed and is
validated against B's targets, which the fit never saw.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from simulator.analysis.validation import TargetCheck, check_targets, require_metrics
from simulator.execution.executors import IN_PROCESS, Executor, Progress
from simulator.execution.experiment import ExperimentResult, run_experiment
from simulator.execution.fitting import (
    CalibrationResult,
    Evaluation,
    Parameter,
    calibrate,
    candidate,
)
from simulator.values.document import Document, get_key_path
from simulator.values.errors import ScenarioError
from simulator.values.targets import Targets

TRUTH_OPTION = "--truth"

BACKTEST_COLUMNS = (
    "parameter",
    "low",
    "high",
    "base",
    "fitted",
    "true",
    "fitted_minus_true",
    "predict_value",
    "applied_to_predict",
)


@dataclass(frozen=True, kw_only=True)
class Transfer:
    """A fitted parameter and the value period B runs with."""

    parameter: Parameter
    fitted: float | int
    true: float | None  # known only in synthetic tests (--truth)
    predict_value: float | int
    applied: bool  # False where B sets its own value: a known input of period B

    def row(self) -> tuple[Any, ...]:
        p = self.parameter
        error = None if self.true is None else self.fitted - self.true
        return (
            p.path,
            p.low,
            p.high,
            p.base,
            self.fitted,
            self.true,
            error,
            self.predict_value,
            self.applied,
        )


@dataclass(frozen=True, kw_only=True)
class BacktestResult:
    calibration: CalibrationResult
    transfers: tuple[Transfer, ...]
    prediction: ExperimentResult
    checks: tuple[TargetCheck, ...]  # period B's targets against the prediction

    def rows(self) -> list[tuple[Any, ...]]:
        """The BACKTEST_COLUMNS, one row per fitted parameter."""
        return [t.row() for t in self.transfers]


def parse_truth(texts: list[str], parameters: list[Parameter]) -> dict[str, float]:
    """``KEY=VALUE`` for fitted parameters whose true value is known (synthetic tests)."""
    known = [p.path for p in parameters]
    truth = {}
    for text in texts:
        path, _, value = text.partition("=")
        if path not in known:
            allowed = f"must name one of the --params: {', '.join(known)}"
            raise ScenarioError(TRUTH_OPTION, path, text, allowed)
        try:
            truth[path] = float(value)
        except ValueError:
            raise ScenarioError(TRUTH_OPTION, path, value, "needs KEY=NUMBER") from None
        if not math.isfinite(truth[path]):
            raise ScenarioError(TRUTH_OPTION, path, value, "needs a finite number")
    return truth


def predict_values(parameters: list[Parameter], base: Document, predict: Document) -> dict:
    """Each parameter's value in B's scenario, or None where B inherits the base's value.

    Refuses, before any run, a parameter B's scenario does not have as a number.
    """
    values = {}
    for parameter in parameters:
        try:
            own = get_key_path(predict.data, parameter.path)
        except KeyError:
            own = None
        if isinstance(own, bool) or not isinstance(own, (int, float)):
            allowed = "--params must name a number in the --predict scenario too"
            raise ScenarioError(str(predict.path), parameter.path, own, allowed)
        values[parameter.path] = None if own == get_key_path(base.data, parameter.path) else own
    return values


def transfers(
    best: Evaluation, parameters: list[Parameter], own: dict, truth: dict[str, float]
) -> tuple[Transfer, ...]:
    """The fitted values, carried to B where B does not set its own (see the module doc)."""
    return tuple(
        Transfer(
            parameter=p,
            fitted=best.values[p.path],
            true=truth.get(p.path),
            predict_value=best.values[p.path] if own[p.path] is None else own[p.path],
            applied=own[p.path] is None,
        )
        for p in parameters
    )


def backtest(
    base: Document,
    fit_targets: Targets,
    parameters: list[Parameter],
    predict: Document,
    against: Targets,
    *,
    reps: int,
    seed: int,
    executor: Executor = IN_PROCESS,
    truth: dict[str, float] | None = None,
    progress: Progress | None = None,
    **budget: Any,
) -> BacktestResult:
    """Calibrate ``base`` on ``fit_targets``, run ``predict`` with the fitted values, validate.

    ``budget``: ``max_evaluations`` and ``max_seconds``, as ``fitting.calibrate`` takes them.
    """
    own = predict_values(parameters, base, predict)
    # one replication of B first: a misspelt target of B fails now, not after the calibration
    require_metrics(run_experiment(candidate(predict, {}), reps=1, seed=seed).summary(), against)
    run = {"reps": reps, "seed": seed, "executor": executor}
    calibration = calibrate(base, fit_targets, parameters, progress=progress, **run, **budget)
    carried = transfers(calibration.best, parameters, own, truth or {})
    applied = {t.parameter.path: t.predict_value for t in carried if t.applied}
    prediction = run_experiment(candidate(predict, applied), **run)
    return BacktestResult(
        calibration=calibration,
        transfers=carried,
        prediction=prediction,
        checks=tuple(check_targets(prediction.summary(), against)),
    )
