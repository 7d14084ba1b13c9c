"""Validation: how far a scenario's simulated metrics lie from figures it was not fitted to.

Pure functions over replication summaries. Each target is set against the simulated
mean and its 95% interval: the error (simulated - reported), the error in standard
errors of the replication mean (std / sqrt(n): how surprising the gap is given the
simulation's own noise, the reported figure taken as exact), whether the error is
within the target's tolerance, and whether the reported figure lies inside the
simulated interval. Calibration fit tables (``calibrate.fit_rows``) use the same
comparison, so a fitted and a validated target are judged alike.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from simulator.analysis.stats import Summary
from simulator.values.errors import ScenarioError
from simulator.values.targets import Target, Targets

VALIDATION_COLUMNS = (
    "target",
    "reported",
    "simulated_mean",
    "ci95_low",
    "ci95_high",
    "error",
    "error_in_se",
    "within_tolerance",
    "reported_inside_ci",
    "tolerance",
)

UNDEFINED = Summary(mean=None, std=None, ci95_low=None, ci95_high=None, n=0)


@dataclass(frozen=True, kw_only=True)
class TargetCheck:
    """One target against the simulated summary of its metric."""

    target: Target
    summary: Summary

    @property
    def error(self) -> float | None:
        return None if self.summary.mean is None else self.summary.mean - self.target.value

    @property
    def standard_error(self) -> float | None:
        """std / sqrt(n) of the replication mean; None with under two replications."""
        s = self.summary
        return None if s.std is None or s.n < 2 else s.std / math.sqrt(s.n)

    @property
    def error_in_se(self) -> float | None:
        """error / standard error; None where the replications have no spread to measure by."""
        error, se = self.error, self.standard_error
        return None if error is None or not se else error / se

    @property
    def within_tolerance(self) -> bool:
        return self.error is not None and abs(self.error) <= self.target.tolerance

    @property
    def reported_inside_ci(self) -> bool:
        s = self.summary
        return s.ci95_low is not None and s.ci95_low <= self.target.value <= s.ci95_high

    def row(self) -> tuple[Any, ...]:
        """The VALIDATION_COLUMNS of this target."""
        s = self.summary
        return (
            self.target.metric,
            self.target.value,
            s.mean,
            s.ci95_low,
            s.ci95_high,
            self.error,
            self.error_in_se,
            self.within_tolerance,
            self.reported_inside_ci,
            self.target.tolerance,
        )


def check_targets(summary: dict[str, Summary], targets: Targets) -> list[TargetCheck]:
    """One check per target; a metric undefined in every run gives an empty summary."""
    return [
        TargetCheck(target=t, summary=summary.get(t.metric, UNDEFINED)) for t in targets.targets
    ]


def require_metrics(summary: dict[str, Summary], targets: Targets) -> None:
    """Refuse a target whose metric the scenario does not produce at all (a typo, most often)."""
    for i, target in enumerate(targets.targets):
        if target.metric not in summary:
            allowed = "the scenario does not produce this metric; see summary.json for names"
            raise ScenarioError(targets.source, f"targets[{i}].metric", target.metric, allowed)


def validation_rows(summary: dict[str, Summary], targets: Targets) -> list[tuple[Any, ...]]:
    """The validation table: one row of VALIDATION_COLUMNS per target."""
    return [check.row() for check in check_targets(summary, targets)]
