"""Replication statistics: Student-t intervals and paired (common random numbers) comparisons."""

from __future__ import annotations

import math
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import scipy.stats
from hypothesis import given
from hypothesis import strategies as st

from simulator.analysis.stats import (
    PairedDifference,
    Summary,
    half_width,
    paired_difference,
    summarise,
    t_quantile,
)


@pytest.mark.parametrize("df", [1, 2, 3, 5, 10, 30, 100, 10_000])
@pytest.mark.parametrize("confidence", [0.8, 0.9, 0.95, 0.99])
def test_t_quantile_matches_scipy_stats(confidence, df):
    """The special-function quantile equals scipy.stats.t.ppf."""
    expected = scipy.stats.t.ppf(0.5 + confidence / 2, df)
    assert t_quantile(confidence, df) == pytest.approx(expected, rel=1e-12)


def test_stats_does_not_import_scipy_stats():
    """Importing the module leaves scipy.stats unloaded, keeping single runs quick to start."""
    code = "import sys, simulator.analysis.stats; print('scipy.stats' in sys.modules)"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert result.stdout.strip() == "False", result.stderr


@pytest.mark.parametrize(("confidence", "df"), [(0, 3), (1, 3), (0.95, 0), (0.95, 2.5)])
def test_t_quantile_refuses_meaningless_arguments(confidence, df):
    """Confidence must be in (0, 1) and degrees of freedom a whole number >= 1."""
    with pytest.raises(ValueError):
        t_quantile(confidence, df)


def test_summary_of_four_replications_by_hand():
    """Waits 10, 12, 11, 13: mean 11.5, sd 1.290994, interval 11.5 +/- 2.054260."""
    summary = summarise([10, 12, 11, 13])
    # deviations -1.5, .5, -.5, 1.5; squares sum to 5; sd = sqrt(5/3) = 1.290994
    # half-width = t(0.975, 3) * sd / sqrt(4) = 3.182446 * 1.290994 / 2 = 2.054260
    assert summary.mean == 11.5
    assert summary.std == pytest.approx(math.sqrt(5 / 3))
    assert summary.ci95_low == pytest.approx(11.5 - 2.054260, abs=1e-6)
    assert summary.ci95_high == pytest.approx(11.5 + 2.054260, abs=1e-6)
    assert summary.n == 4
    assert half_width([10, 12, 11, 13]) == pytest.approx(2.054260, abs=1e-6)


def test_failed_replications_are_dropped_and_not_counted():
    """NaN and infinite results are left out; n counts only the usable ones."""
    assert summarise([10, math.nan, 12, math.inf, 11, 13, -math.inf]) == summarise([10, 12, 11, 13])


def test_no_usable_values_gives_an_empty_summary():
    """With nothing to summarise every statistic is None and n is 0."""
    empty = Summary(mean=None, std=None, ci95_low=None, ci95_high=None, n=0)
    assert summarise([]) == empty
    assert summarise([math.nan]) == empty
    assert half_width([]) is None


def test_one_value_has_a_mean_but_no_spread():
    """A single replication gives its value as the mean and no sd or interval."""
    summary = summarise([4.2])
    assert summary.to_dict() == {
        "mean": 4.2,
        "std": None,
        "ci95_low": None,
        "ci95_high": None,
        "n": 1,
    }
    assert half_width([4.2]) is None


def test_identical_results_give_a_zero_width_interval():
    """Replications that all agree give the interval [mean, mean] exactly."""
    summary = summarise([0.1, 0.1, 0.1])
    assert (summary.mean, summary.std, summary.ci95_low, summary.ci95_high) == (0.1, 0, 0.1, 0.1)


def test_a_higher_confidence_gives_a_wider_interval():
    """99% intervals are wider than 95%, which are wider than 80%."""
    values = [3.0, 5.0, 4.0, 6.0, 2.0]
    widths = [half_width(values, confidence) for confidence in (0.8, 0.95, 0.99)]
    assert widths == sorted(widths)


def test_the_interval_covers_the_true_mean_at_the_nominal_rate():
    """Over 4000 samples of 10 normal values, the 95% interval covers mu about 95% of the time."""
    trials, size, mu = 4000, 10, 7.0
    samples = np.random.default_rng(2024).normal(mu, 3.0, size=(trials, size))
    covered = sum(s.ci95_low <= mu <= s.ci95_high for s in map(summarise, samples))
    # Coverage is Binomial(4000, 0.95)/4000 with sd sqrt(.95 * .05 / 4000) = 0.00345;
    # 5 sd either side gives the band [0.9328, 0.9672].
    se = math.sqrt(0.95 * 0.05 / trials)
    assert 0.95 - 5 * se <= covered / trials <= 0.95 + 5 * se


def test_paired_difference_by_hand():
    """A new counter layout shortens every wait by 1 or 2 minutes: a significant gain."""
    base = [10, 12, 11, 13]
    alt = [9, 10, 10, 11]
    result = paired_difference(base, alt)
    # diffs alt - base = [-1, -2, -1, -2]; mean -1.5
    # deviations .5, -.5, .5, -.5; squares sum to 1; sd = sqrt(1/3) = 0.577350
    # half-width = t(0.975, 3) * sd / sqrt(4) = 3.182446 * 0.577350 / 2 = 0.918693
    assert result.base_mean == 11.5
    assert result.alt_mean == 10.0
    assert result.diff_mean == -1.5
    assert result.diff_ci95_low == pytest.approx(-1.5 - 0.918693, abs=1e-6)
    assert result.diff_ci95_high == pytest.approx(-1.5 + 0.918693, abs=1e-6)
    assert result.significant
    assert result.n == 4


def test_pairing_removes_the_noise_shared_by_both_scenarios():
    """Busy and quiet replications cancel in the pairs, so a steady 1-minute gain is seen."""
    base = [5.0, 30.0, 12.0, 50.0, 8.0]
    alt = [4.0, 29.2, 10.9, 49.1, 6.8]
    assert not _intervals_separate(summarise(base), summarise(alt))
    assert paired_difference(base, alt).significant


def _intervals_separate(a: Summary, b: Summary) -> bool:
    return a.ci95_high < b.ci95_low or b.ci95_high < a.ci95_low


def test_a_difference_that_could_be_zero_is_not_significant():
    """Gains in some replications and losses in others leave 0 inside the interval."""
    result = paired_difference([10, 12, 11, 13], [11, 11, 12, 12])
    assert result.diff_ci95_low < 0 < result.diff_ci95_high
    assert not result.significant


def test_pairs_with_a_failed_side_are_dropped():
    """A replication that failed in either scenario is left out of both means."""
    result = paired_difference([10, math.nan, 12, 11, 13, 99], [9, 5, 10, 10, 11, math.inf])
    assert result == paired_difference([10, 12, 11, 13], [9, 10, 10, 11])


def test_too_few_pairs_is_never_significant():
    """With one usable pair there is no interval, and so no claim of a difference."""
    result = paired_difference([10, math.nan], [5, 4])
    assert result == PairedDifference(
        base_mean=10.0,
        alt_mean=5.0,
        diff_mean=-5.0,
        diff_ci95_low=None,
        diff_ci95_high=None,
        significant=False,
        n=1,
    )
    assert paired_difference([], []).to_dict()["n"] == 0


def test_identical_scenarios_show_no_difference():
    """Comparing a scenario with itself gives a zero-width interval at 0: not significant."""
    result = paired_difference([3.0, 4.0, 5.0], [3.0, 4.0, 5.0])
    assert (result.diff_mean, result.diff_ci95_low, result.diff_ci95_high) == (0, 0, 0)
    assert not result.significant


def test_unpaired_lengths_are_refused():
    """Each scenario must report one result per replication."""
    with pytest.raises(ValueError, match="replication"):
        paired_difference([1, 2, 3], [1, 2])


results = st.lists(st.floats(min_value=-1e6, max_value=1e6), min_size=2, max_size=50)


@given(results)
def test_the_interval_surrounds_the_mean(values):
    """For any results, low <= mean <= high and the half-width is their distance."""
    summary = summarise(values)
    assert summary.ci95_low <= summary.mean <= summary.ci95_high
    width = half_width(values)
    assert width == pytest.approx((summary.ci95_high - summary.ci95_low) / 2, abs=1e-6)


@given(results, st.floats(min_value=-1e3, max_value=1e3))
def test_a_constant_shift_is_measured_exactly(values, shift):
    """If alt is base shifted by a constant, the paired difference is that constant."""
    alt = [v + shift for v in values]
    result = paired_difference(values, alt)
    expected = float(np.mean(np.subtract(alt, values)))
    assert result.diff_mean == pytest.approx(expected, abs=1e-6)
    assert result.diff_ci95_high - result.diff_ci95_low == pytest.approx(0, abs=1e-6)
