"""The statistics of the staffing search: is a target met, and how much does a step help.

A target is met with 95% confidence when the one-sided 95% bound of its replications'
mean lies on the right side of the limit: for ``at_most`` the upper bound (the upper end
of the two-sided 90% Student-t interval) is at or below the limit. A step (one more unit
of a staff count) is scored on common random numbers: replication r of the current
staffing and of the candidate share their streams, so the mean of the paired differences
measures the step's effect with far less noise than two independent means.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from simulator.analysis.stats import paired_difference, summarise
from simulator.values.staffing import ServiceTarget

ONE_SIDED = 0.90  # the two-sided 90% interval's ends are the one-sided 95% bounds

Values = Mapping[str, Sequence[float]]  # metric -> one value per replication


@dataclass(frozen=True, kw_only=True)
class TargetCheck:
    target: ServiceTarget
    mean: float | None
    ci95_low: float | None  # two-sided 95% interval, as every table reports it
    ci95_high: float | None
    bound: float | None  # one-sided 95% bound on the limit's side
    n: int

    @property
    def met(self) -> bool:
        return self.bound is not None and self.target.met_by(self.bound, self.bound)

    @property
    def excess(self) -> float:
        """How far the bound is on the wrong side of the limit (0 when met)."""
        if self.bound is None:
            return float("inf")
        return max(0.0, self.target.sign() * (self.bound - self.target.limit))


def check_target(target: ServiceTarget, values: Sequence[float]) -> TargetCheck:
    two_sided = summarise(values)
    one_sided = summarise(values, ONE_SIDED)
    high_side = target.sign() > 0
    return TargetCheck(
        target=target,
        mean=two_sided.mean,
        ci95_low=two_sided.ci95_low,
        ci95_high=two_sided.ci95_high,
        bound=one_sided.ci95_high if high_side else one_sided.ci95_low,
        n=two_sided.n,
    )


def check_targets(targets: Sequence[ServiceTarget], values: Values) -> tuple[TargetCheck, ...]:
    return tuple(check_target(target, values[target.metric]) for target in targets)


def all_met(checks: Sequence[TargetCheck]) -> bool:
    return all(check.met for check in checks)


def step_score(
    checks: Sequence[TargetCheck], current: Values, candidate: Values, cost: float
) -> float:
    """Improvement in the violated targets per unit cost of a step.

    Each violated target counts the step's mean paired improvement as a share of how far
    its bound misses the limit, capped at 1 (more than enough is worth no more), so
    targets in different units weigh alike; a step that worsens one counts against it.
    """
    score = 0.0
    for check in checks:
        if check.met:
            continue
        metric = check.target.metric
        difference = paired_difference(current[metric], candidate[metric])
        if difference.diff_mean is None:
            continue
        improvement = -check.target.sign() * difference.diff_mean
        excess = check.excess if check.excess > 0 else 1.0
        score += min(improvement / excess, 1.0)
    return score / cost
