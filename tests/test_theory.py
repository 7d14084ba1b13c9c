"""The theory formulas agree with textbook closed forms."""

import math

import numpy as np
import pytest

from simulator.analysis.theory import erlang_c, jackson_arrival_rates, mg1_wait_mean, mmc_wait_mean


def test_mm1_wait_is_rho_over_mu_minus_lambda():
    """For one server Erlang C reduces to Wq = rho / (mu - lambda)."""
    assert mmc_wait_mean(0.8, 1.0, 1) == pytest.approx(0.8 / (1.0 - 0.8))


def test_erlang_c_matches_the_textbook_table():
    """C(2, 1) = 1/3: two servers at half load, the classic worked example."""
    assert erlang_c(2, 1.0) == pytest.approx(1 / 3)


def test_erlang_c_stays_finite_for_many_servers():
    """The recursion does not overflow for hundreds of servers."""
    value = erlang_c(500, 480.0)
    assert 0.0 < value < 1.0 and math.isfinite(value)


def test_pk_formula_for_exponential_service_equals_mm1():
    """M/G/1 with exponential service (variance = mean^2) is M/M/1."""
    assert mg1_wait_mean(0.5, 1.0, 1.0) == pytest.approx(mmc_wait_mean(0.5, 1.0, 1))


def test_md1_waits_half_as_long_as_mm1():
    """Deterministic service halves the M/M/1 queueing time (P-K with zero variance)."""
    assert mg1_wait_mean(0.7, 1.0, 0.0) == pytest.approx(mmc_wait_mean(0.7, 1.0, 1) / 2)


def test_jackson_traffic_equations_with_feedback():
    """With feedback probability 0.25 a station sees 4/3 of the external flow."""
    rates = jackson_arrival_rates(np.array([1.0]), np.array([[0.25]]))
    assert rates[0] == pytest.approx(4 / 3)


def test_unstable_queue_is_refused():
    """Erlang C is undefined at or above full load."""
    with pytest.raises(ValueError):
        erlang_c(2, 2.0)
