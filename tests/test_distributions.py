"""Duration distributions: the algebra from (mean, cv), sampling, and scenario parsing."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.stats
from hypothesis import assume, given
from hypothesis import strategies as st

from simulator.values.distributions import (
    Deterministic,
    DistKind,
    Distribution,
    Empirical,
    Exponential,
    Gamma,
    LogNormal,
    Triangular,
    Uniform,
    parse_distribution,
)
from simulator.values.errors import Location, ScenarioError

WHERE = Location("scenario.toml", "stations[0].service")
DRAWS = 200_000
TOLERANCE_SE = 5  # a correct sampler fails a 5-standard-error check about once in 1.7 million

# The examples from the scenario format, each with the distribution it means.
EXAMPLES = [
    ({"dist": "exponential", "mean": 4.0}, Exponential(mean=4.0)),
    ({"dist": "deterministic", "value": 3}, Deterministic(value=3.0)),
    ({"dist": "uniform", "low": 1, "high": 3}, Uniform(low=1.0, high=3.0)),
    ({"dist": "triangular", "low": 1, "mode": 2, "high": 5}, Triangular(low=1, mode=2, high=5)),
    ({"dist": "lognormal", "mean": 10, "cv": 0.5}, LogNormal(mean=10.0, cv=0.5)),
    ({"dist": "gamma", "mean": 10, "cv": 0.8}, Gamma(mean=10.0, cv=0.8)),
    (
        {"dist": "empirical", "values": [1, 2, 5], "weights": [0.2, 0.5, 0.3]},
        Empirical(values=(1.0, 2.0, 5.0), weights=(0.2, 0.5, 0.3)),
    ),
]
DISTRIBUTIONS = [dist for _, dist in EXAMPLES]


def ids(dist: Distribution) -> str:
    return dist.kind.value


# --- parsing -----------------------------------------------------------------------------


@pytest.mark.parametrize(("spec", "expected"), EXAMPLES, ids=[d.kind.value for d in DISTRIBUTIONS])
def test_each_documented_example_parses_to_its_distribution(spec, expected):
    """Every inline table from the scenario format reads as the distribution it names."""
    parsed = parse_distribution(spec, WHERE)
    assert parsed == expected
    assert parsed.kind is DistKind(spec["dist"])


def test_empirical_weights_may_be_omitted():
    """Without weights every observed value is equally likely."""
    dist = parse_distribution({"dist": "empirical", "values": [2, 4]}, WHERE)
    assert dist == Empirical(values=(2.0, 4.0))
    assert dist.mean == 3.0
    assert "weights" not in dist.to_spec()


@pytest.mark.parametrize(
    ("spec", "key", "hint"),
    [
        ({"dist": "exponential"}, "mean", "required"),
        ({"mean": 4}, "dist", "required"),
        ({"dist": "poisson", "mean": 4}, "dist", "must be one of"),
        ({"dist": "exponential", "mean": 4, "cv": 1}, "cv", "unknown key"),
        ({"dist": "uniform", "low": 1, "hihg": 3}, "hihg", "unknown key"),
        ({"dist": "exponential", "mean": 0}, "mean", "> 0"),
        ({"dist": "exponential", "mean": "4"}, "mean", "must be a number"),
        ({"dist": "exponential", "mean": math.inf}, "mean", "finite"),
        ({"dist": "deterministic", "value": -1}, "value", ">= 0"),
        ({"dist": "uniform", "low": 3, "high": 3}, "high", "> low"),
        ({"dist": "uniform", "low": -1, "high": 3}, "low", ">= 0"),
        ({"dist": "triangular", "low": 1, "mode": 6, "high": 5}, "mode", "between"),
        ({"dist": "lognormal", "mean": 10, "cv": 0}, "cv", "deterministic"),
        ({"dist": "gamma", "mean": 10, "cv": -0.5}, "cv", ">= 0"),
        ({"dist": "gamma", "mean": math.nan, "cv": 0.5}, "mean", "finite"),
        ({"dist": "empirical", "values": []}, "values", "at least one"),
        ({"dist": "empirical", "values": 3}, "values", "must be a list"),
        ({"dist": "empirical", "values": [1, -2]}, "values[1]", ">= 0"),
        ({"dist": "empirical", "values": [1, 2], "weights": [1]}, "weights", "same length"),
        ({"dist": "empirical", "values": [1, 2], "weights": [0, 0]}, "weights", "positive sum"),
        ({"dist": "empirical", "values": [1, 2], "weights": [1, -1]}, "weights[1]", ">= 0"),
    ],
)
def test_a_bad_spec_names_its_key_path(spec, key, hint):
    """A planner's mistake is reported at the exact key, with what is allowed."""
    with pytest.raises(ScenarioError) as caught:
        parse_distribution(spec, WHERE)
    message = str(caught.value)
    assert message.startswith(f"scenario.toml: stations[0].service.{key} = ")
    assert hint in message
    assert "\n" not in message


def test_a_bare_number_is_not_a_distribution():
    """Shorthand like `service = 4` is refused: the table must say which distribution."""
    with pytest.raises(ScenarioError, match=r"stations\[0\]\.service = 4: must be a table"):
        parse_distribution(4, WHERE)


def test_building_a_bad_distribution_in_code_is_a_value_error():
    """Invariants hold for distributions made in code too, not only parsed ones."""
    with pytest.raises(ValueError, match="mode"):
        Triangular(low=1, mode=0.5, high=2)
    with pytest.raises(ValueError, match="cv"):
        Gamma(mean=1, cv=0)


def test_mode_may_sit_at_either_end_of_a_triangle():
    """A right-angled triangle (mode = low or mode = high) is a valid estimate."""
    assert Triangular(low=1, mode=1, high=4).mean == 2.0
    assert Triangular(low=1, mode=4, high=4).mean == 3.0


# --- exact moments -----------------------------------------------------------------------


def test_uniform_and_triangular_moments_match_closed_forms():
    """mean and variance follow the textbook formulas."""
    a, c, b = 1.0, 2.0, 5.0
    assert Uniform(low=a, high=b).variance == pytest.approx((b - a) ** 2 / 12)
    triangle = Triangular(low=a, mode=c, high=b)
    assert triangle.mean == pytest.approx((a + b + c) / 3)
    # (1 + 25 + 4 - 5 - 2 - 10) / 18 = 13/18
    assert triangle.variance == pytest.approx(13 / 18)
    assert triangle.variance == pytest.approx(scipy.stats.triang(c=0.25, loc=1, scale=4).var())


def test_empirical_moments_are_weighted():
    """values 1, 2, 5 with weights .2, .5, .3: mean 2.7, variance 2.41."""
    dist = Empirical(values=(1, 2, 5), weights=(2, 5, 3))  # relative weights are normalised
    # mean = .2*1 + .5*2 + .3*5 = 2.7
    assert dist.mean == pytest.approx(2.7)
    # variance = .2*1.7^2 + .5*0.7^2 + .3*2.3^2 = .578 + .245 + 1.587 = 2.41
    assert dist.variance == pytest.approx(2.41)


@pytest.mark.parametrize(("mean", "cv"), [(10.0, 0.5), (3.0, 0.1), (0.2, 2.5)])
def test_lognormal_parameters_give_the_requested_mean_and_cv(mean, cv):
    """mu and sigma from (mean, cv) give back that mean and cv under the lognormal law."""
    dist = LogNormal(mean=mean, cv=cv)
    law = scipy.stats.lognorm(s=dist.sigma, scale=math.exp(dist.mu))
    assert law.mean() == pytest.approx(mean)
    assert law.std() / law.mean() == pytest.approx(cv)
    assert dist.variance == pytest.approx(law.var())


@pytest.mark.parametrize(("mean", "cv"), [(10.0, 0.8), (3.0, 0.1), (0.2, 2.5)])
def test_gamma_parameters_give_the_requested_mean_and_cv(mean, cv):
    """shape and scale from (mean, cv) give back that mean and cv under the gamma law."""
    dist = Gamma(mean=mean, cv=cv)
    law = scipy.stats.gamma(a=dist.shape, scale=dist.scale)
    assert law.mean() == pytest.approx(mean)
    assert law.std() / law.mean() == pytest.approx(cv)
    assert dist.variance == pytest.approx(law.var())


def test_cv_is_sd_over_mean():
    """cv is derived for every kind; exponential's is 1 and a fixed duration's is 0."""
    assert Exponential(mean=7).cv == pytest.approx(1.0)
    assert Deterministic(value=3).cv == 0.0
    assert Deterministic(value=0).cv == 0.0
    assert Uniform(low=0, high=2).cv == pytest.approx(math.sqrt(1 / 3))


# --- sampling ----------------------------------------------------------------------------


@pytest.mark.parametrize("dist", DISTRIBUTIONS, ids=ids)
def test_sample_mean_and_variance_agree_with_the_properties(dist):
    """200k draws land within 5 standard errors of the stated mean and variance."""
    draws = dist.sample(np.random.default_rng(20240601), size=DRAWS)
    assert draws.shape == (DRAWS,)
    assert draws.min() >= 0
    mean_se = math.sqrt(dist.variance / DRAWS)
    assert abs(draws.mean() - dist.mean) <= TOLERANCE_SE * mean_se + 1e-12
    # Var(s^2) ~ (m4 - sigma^4) / n, with the fourth central moment m4 estimated from the draws.
    centred = draws - draws.mean()
    m4 = np.mean(centred**4)
    variance_se = math.sqrt(max(m4 - dist.variance**2, 0.0) / DRAWS)
    assert abs(draws.var(ddof=1) - dist.variance) <= TOLERANCE_SE * variance_se + 1e-12


def test_empirical_never_draws_a_zero_weight_value():
    """A value observed with weight 0 (e.g. a closed counter) is never sampled."""
    dist = Empirical(values=(0, 1, 2, 3), weights=(0, 1, 0, 1))
    draws = dist.sample(np.random.default_rng(5), size=50_000)
    assert set(np.unique(draws)) == {1.0, 3.0}


@pytest.mark.parametrize("dist", DISTRIBUTIONS, ids=ids)
@pytest.mark.parametrize("block", [1, 7, 4096])
def test_sampler_blocks_do_not_change_the_sequence(dist, block):
    """Drawing through sampler() in blocks of any size gives the same numbers as one big sample."""
    n = 10_000
    expected = dist.sample(np.random.default_rng(99), size=n)
    next_draw = dist.sampler(np.random.default_rng(99), block=block)
    drawn = [next_draw() for _ in range(n)]
    assert all(type(x) is float for x in drawn[:5])
    np.testing.assert_array_equal(drawn, expected)


@pytest.mark.parametrize("dist", DISTRIBUTIONS, ids=ids)
def test_a_scalar_sample_is_the_first_of_a_block(dist):
    """sample(rng) is a float equal to the first value of sample(rng, size) on the same seed."""
    one = dist.sample(np.random.default_rng(3))
    many = dist.sample(np.random.default_rng(3), size=4)
    assert isinstance(one, float)
    assert one == many[0]


def test_a_fixed_duration_draws_no_random_numbers():
    """Deterministic sampling leaves the generator untouched."""
    rng = np.random.default_rng(8)
    before = rng.bit_generator.state
    next_draw = Deterministic(value=2.5).sampler(rng)
    assert [next_draw(), next_draw()] == [2.5, 2.5]
    assert Deterministic(value=2.5).sample(rng) == 2.5
    assert rng.bit_generator.state == before


def test_scaling_rejects_non_positive_factors():
    """A factor of 0, a negative or a non-finite factor is a programming error."""
    for factor in (0.0, -1.0, math.inf, math.nan):
        with pytest.raises(ValueError, match="factor"):
            Exponential(mean=1).scaled(factor)


# --- properties over random distributions ------------------------------------------------

# Zero or at least 1e-6: subnormal durations could underflow to 0 when scaled down.
durations = st.just(0.0) | st.floats(min_value=1e-6, max_value=1e6)
means = st.floats(min_value=1e-3, max_value=1e6)
cvs = st.floats(min_value=1e-3, max_value=10.0)


@st.composite
def ranges(draw, count: int) -> list[float]:
    points = sorted(draw(st.lists(durations, min_size=count, max_size=count)))
    # A range one rounding step wide could collapse when scaled; real ranges are wider.
    assume(points[-1] - points[0] > 1e-9 * points[-1])
    return points


@st.composite
def distributions(draw) -> Distribution:
    kind = draw(st.sampled_from(DistKind))
    if kind is DistKind.EXPONENTIAL:
        return Exponential(mean=draw(means))
    if kind is DistKind.DETERMINISTIC:
        return Deterministic(value=draw(durations))
    if kind is DistKind.UNIFORM:
        low, high = draw(ranges(2))
        return Uniform(low=low, high=high)
    if kind is DistKind.TRIANGULAR:
        low, mode, high = draw(ranges(3))
        return Triangular(low=low, mode=mode, high=high)
    if kind is DistKind.LOGNORMAL:
        return LogNormal(mean=draw(means), cv=draw(cvs))
    if kind is DistKind.GAMMA:
        return Gamma(mean=draw(means), cv=draw(cvs))
    values = draw(st.lists(durations, min_size=1, max_size=8))
    weights = draw(st.none() | st.lists(durations, min_size=len(values), max_size=len(values)))
    assume(weights is None or sum(weights) > 0)
    return Empirical(values=values, weights=weights)


@given(distributions())
def test_to_spec_round_trips_through_parsing(dist):
    """Writing a distribution back to TOML form and reading it gives the same distribution."""
    assert parse_distribution(dist.to_spec(), WHERE) == dist


@given(distributions(), st.floats(min_value=1e-3, max_value=1e3))
def test_scaling_multiplies_the_mean_and_keeps_the_shape(dist, factor):
    """scaled(k) is k times slower on average with the same cv and kind."""
    scaled = dist.scaled(factor)
    assert scaled.kind is dist.kind
    assert scaled.mean == pytest.approx(factor * dist.mean, rel=1e-9, abs=1e-300)
    assert scaled.cv == pytest.approx(dist.cv, rel=1e-6, abs=1e-12)


@given(distributions(), st.sampled_from([60.0, 480.0, 450.0, 0.1, 1.7]))
def test_a_scaled_draw_is_exactly_the_draw_times_the_factor(dist, factor):
    """scaled(k) draws draw * k to the last bit, through sampler() and sample()."""
    base = dist.sampler(np.random.default_rng(5), block=3)
    scaled = dist.scaled(factor)
    next_draw = scaled.sampler(np.random.default_rng(5), block=3)
    assert [next_draw() for _ in range(10)] == [base() * factor for _ in range(10)]
    expected = dist.sample(np.random.default_rng(6), size=5) * factor
    np.testing.assert_array_equal(scaled.sample(np.random.default_rng(6), size=5), expected)


@given(distributions(), st.floats(min_value=0.0, max_value=1.0))
def test_a_share_of_a_scaled_draw_is_rounded_as_share_then_factor(dist, share):
    """sampler_and_share of scaled(k): share s of a draw is (draw * s) * k, in the draws' order."""
    base = dist.sampler(np.random.default_rng(4), block=2)
    next_draw, share_of_next = dist.scaled(510.0).sampler_and_share(np.random.default_rng(4), 2)
    drawn = [share_of_next(share), next_draw(), share_of_next(share), next_draw()]
    expected = [base() * share * 510.0, base() * 510.0, base() * share * 510.0, base() * 510.0]
    assert drawn == expected
