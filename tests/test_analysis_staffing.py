"""Whether a target is met with 95% confidence, and how a step is scored on paired seeds."""

from __future__ import annotations

import pytest

from simulator.analysis.staffing import check_target, step_score
from simulator.analysis.stats import summarise
from simulator.values.staffing import Direction, ServiceTarget

AT_MOST = ServiceTarget(metric="m", limit=0.05, direction=Direction.AT_MOST)
AT_LEAST = ServiceTarget(metric="m", limit=0.9, direction=Direction.AT_LEAST)


def test_a_mean_below_the_limit_is_not_enough_when_its_bound_is_above():
    """Mean 0.045 with a one-sided upper bound over 0.05 is not met; a tighter one is."""
    loose = check_target(AT_MOST, [0.03, 0.06, 0.04, 0.05])
    tight = check_target(AT_MOST, [0.044, 0.046, 0.045, 0.045])
    assert loose.mean == pytest.approx(0.045) and not loose.met
    assert tight.met and tight.bound <= 0.05


def test_the_one_sided_bound_is_the_end_of_the_two_sided_90_percent_interval():
    """The bound lies inside the 95% interval: the upper end of the 90% one."""
    values = [0.03, 0.06, 0.04, 0.05]
    check = check_target(AT_MOST, values)
    assert check.bound == pytest.approx(summarise(values, 0.90).ci95_high)
    assert check.mean < check.bound < check.ci95_high


def test_an_at_least_target_uses_the_lower_bound():
    """On-time rates around 0.95 meet a floor of 0.9; around 0.88 they do not."""
    assert check_target(AT_LEAST, [0.95, 0.94, 0.96]).met
    assert not check_target(AT_LEAST, [0.88, 0.87, 0.89]).met


def test_a_step_scores_its_paired_improvement_capped_at_what_is_missing():
    """Closing half of the gap scores 0.5 per unit cost; closing more than all of it scores 1."""
    current = {"m": [0.10, 0.12, 0.11]}
    check = check_target(AT_MOST, current["m"])
    gap = check.excess
    half = {"m": [v - gap / 2 for v in current["m"]]}
    plenty = {"m": [0.0, 0.0, 0.0]}
    assert step_score([check], current, half, cost=1.0) == pytest.approx(0.5)
    assert step_score([check], current, half, cost=2.0) == pytest.approx(0.25)
    assert step_score([check], current, plenty, cost=1.0) == pytest.approx(1.0)


def test_a_step_that_makes_a_target_worse_scores_below_zero():
    """More waiting after the step is a negative score; a met target is not scored."""
    current = {"m": [0.10, 0.12, 0.11]}
    worse = {"m": [0.12, 0.14, 0.13]}
    assert step_score([check_target(AT_MOST, current["m"])], current, worse, 1.0) < 0
    met = check_target(AT_MOST, [0.01, 0.02, 0.01])
    assert step_score([met], {"m": [0.01] * 3}, {"m": [0.04] * 3}, 1.0) == 0.0
