"""Objective functions of a calibration: how far simulated metrics lie from published targets.

Pure functions over replication summaries. The objective is the weighted sum of
squared errors, each error measured in units of its target's tolerance, so a
fit with every target inside its tolerance scores at most the sum of weights. Only
informative targets count: an identity of the inputs (``identity = true``) is
reported in the fit table but would only pull the inputs that set it.
"""

from __future__ import annotations

from typing import Any

from simulator.analysis.stats import Summary
from simulator.analysis.validation import check_targets
from simulator.values.errors import ScenarioError
from simulator.values.targets import Targets

FIT_COLUMNS = (
    "metric",
    "target",
    "simulated_mean",
    "ci95_low",
    "ci95_high",
    "tolerance",
    "within_tolerance",
    "target_inside_ci",
    "source",
    "informative",
)


def objective(summary: dict[str, Summary], targets: Targets) -> float:
    """Sum of weight x ((simulated mean - target) / tolerance)^2 over the informative targets."""
    total = 0.0
    for i, target in enumerate(targets.targets):
        s = summary.get(target.metric)
        if s is None or s.mean is None:  # identities too: a misspelt metric is named either way
            allowed = "the scenario does not produce this metric (or it is undefined in every run)"
            raise ScenarioError(targets.source, f"targets[{i}].metric", target.metric, allowed)
        if target.informative:
            total += target.weight * target.scaled_error(s.mean) ** 2
    return total


def fit_rows(summary: dict[str, Summary], targets: Targets) -> list[tuple[Any, ...]]:
    """One row per target: the published value, the simulated mean and CI, and the verdicts."""
    return [
        (
            check.target.metric,
            check.target.value,
            check.summary.mean,
            check.summary.ci95_low,
            check.summary.ci95_high,
            check.target.tolerance,
            check.within_tolerance,
            check.reported_inside_ci,
            check.target.source,
            check.target.informative,
        )
        for check in check_targets(summary, targets)
    ]
