"""Implausibility, designs, refocusing and ridges: the pure functions of history matching."""

import math

import numpy as np
import pytest

from simulator.analysis.history_matching import (
    CUTOFF,
    accepted_correlation,
    implausibility,
    judge,
    latin_hypercube,
    observation_var,
    posterior_columns,
    refocus,
    ridge_verdict,
)
from simulator.values.targets import Target, Targets


def _targets(*items: Target) -> Targets:
    return Targets(name="t", source="t.toml", targets=items)


def _target(metric: str, value: float, tolerance: float, identity: bool = False) -> Target:
    return Target(metric=metric, value=value, source="s", tolerance=tolerance, identity=identity)


def test_implausibility_of_a_known_case():
    """|12 - 4| / sqrt(4 + 8 (1 + 1/2)) = 8 / 4 = 2."""
    value = implausibility(12.0, 4.0, observation_var=4.0, ensemble_var=8.0, reps=2)
    assert value == pytest.approx(2.0, rel=1e-12)
    with_discrepancy = implausibility(
        12.0, 4.0, observation_var=4.0, ensemble_var=8.0, reps=2, discrepancy_var=48.0
    )
    assert with_discrepancy == pytest.approx(1.0, rel=1e-12)  # 8 / sqrt(64)


def test_judge_reads_the_variances_from_replications_and_tolerances():
    """Replications [2, 6] (mean 4, variance 8) against 12 +/- 4 (sd 2): implausibility 2."""
    target = _target("x", 12.0, 4.0)
    assert observation_var(target) == 4.0
    judgement = judge({"x": [2.0, 6.0]}, _targets(target))
    assert judgement.means == {"x": 4.0}
    assert judgement.implausibility["x"] == pytest.approx(2.0, rel=1e-12)
    assert judgement.accepted and judgement.largest == judgement.implausibility["x"]


def test_judge_takes_the_largest_and_ignores_identities():
    """One informative target far off rules the point out; an identity target is not judged."""
    near, far = _target("near", 4.0, 4.0), _target("far", 40.0, 4.0)
    identity = _target("input", 1e9, 1.0, identity=True)
    values = {"near": [2.0, 6.0], "far": [2.0, 6.0], "input": [0.0, 0.0]}
    judgement = judge(values, _targets(near, far, identity))
    assert set(judgement.implausibility) == {"near", "far"}
    assert judgement.implausibility["far"] == pytest.approx(9.0)  # 36 / 4
    assert judgement.largest == judgement.implausibility["far"] > CUTOFF
    assert not judgement.accepted


def test_an_undefined_metric_is_ruled_out():
    """A metric undefined in every replication (NaN) cannot match: infinite implausibility."""
    judgement = judge({"x": [math.nan, math.nan]}, _targets(_target("x", 1.0, 1.0)))
    assert math.isinf(judgement.largest) and not judgement.accepted


def test_the_design_is_reproducible_and_a_latin_hypercube():
    """Same seed and wave, same points; each column has one point in each of n strata."""
    first = latin_hypercube(16, 3, seed=7)
    assert np.array_equal(first, latin_hypercube(16, 3, seed=7))
    assert not np.array_equal(first, latin_hypercube(16, 3, seed=7, wave=2))
    assert not np.array_equal(first, latin_hypercube(16, 3, seed=8))
    for column in first.T:
        assert sorted(np.floor(column * 16).astype(int)) == list(range(16))


def test_a_later_wave_stays_in_its_box():
    """Points scaled into [low, high] stay inside it."""
    points = latin_hypercube(20, 2, seed=1, wave=2, low=[0.2, 0.5], high=[0.4, 0.6])
    assert (points >= [0.2, 0.5]).all() and (points <= [0.4, 0.6]).all()
    # and still one point per stratum of the box
    assert sorted(np.floor((points[:, 0] - 0.2) / 0.2 * 20).astype(int)) == list(range(20))


def test_refocus_pads_the_accepted_box_by_one_stratum():
    """The box of the accepted points, one stratum (1/n) wider each side, clipped to [0, 1]."""
    low, high = refocus(np.array([[0.3, 0.05], [0.5, 0.2]]), points=10)
    assert low == pytest.approx([0.2, 0.0])
    assert high == pytest.approx([0.6, 0.3])
    assert refocus(np.empty((0, 2)), points=10) is None


def test_rank_correlation_shows_a_curved_ridge_and_its_absence():
    """A falling curve (y = 1/x) is a perfect ridge; a square lattice has none."""
    x = np.linspace(0.5, 3.0, 12)
    assert accepted_correlation(x, 1 / x) == pytest.approx(-1.0)
    assert accepted_correlation([0, 0, 1, 1], [0, 1, 0, 1]) == pytest.approx(0.0)
    assert accepted_correlation([1, 2], [2, 1]) is None
    assert "a ridge" in ridge_verdict(-0.9) and "no clear ridge" in ridge_verdict(0.1)


def test_posterior_columns_name_parameters_then_targets():
    """point, wave, parameters, simulated and implausibility per target, verdict."""
    assert posterior_columns(["a.b"], ["late"]) == (
        "point", "wave", "a.b", "simulated.late", "implausibility.late",
        "max_implausibility", "accepted",
    )  # fmt: skip
