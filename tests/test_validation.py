"""Validation rows: a target against a replication summary, in tolerance and standard errors."""

import pytest

from simulator.analysis.calibrate import fit_rows
from simulator.analysis.stats import Summary, summarise
from simulator.analysis.validation import (
    VALIDATION_COLUMNS,
    check_targets,
    require_metrics,
    validation_rows,
)
from simulator.values.errors import ScenarioError
from simulator.values.targets import Target, Targets


def targets(*pairs: tuple[str, float, float]) -> Targets:
    """Targets (metric, reported value, absolute tolerance) from a test's own numbers."""
    items = tuple(Target(metric=m, value=v, source="test", tolerance=tol) for m, v, tol in pairs)
    return Targets(name="test", source="targets.toml", targets=items)


def row(summary: dict[str, Summary], target: Targets) -> dict:
    return dict(zip(VALIDATION_COLUMNS, validation_rows(summary, target)[0], strict=True))


def test_error_in_standard_errors_divides_by_std_over_root_n():
    """Mean 110, sd 20 over 16 runs: the standard error is 5, so an error of 10 is 2 SEs."""
    # t(0.975, 15 df) = 2.131: the interval is 110 +/- 10.66, so 2 SEs off is still inside it
    summary = {"late": Summary(mean=110.0, std=20.0, ci95_low=99.34, ci95_high=120.66, n=16)}
    got = row(summary, targets(("late", 100.0, 12.0)))
    assert got["error"] == 10.0
    assert got["error_in_se"] == pytest.approx(2.0)
    assert got["within_tolerance"] is True and got["reported_inside_ci"] is True
    assert got["simulated_mean"] == 110.0 and got["tolerance"] == 12.0


def test_the_sign_follows_simulated_minus_reported():
    """A simulation below the reported figure has a negative error and negative SEs."""
    summary = {"handled": summarise([90.0, 94.0, 92.0, 96.0])}
    got = row(summary, targets(("handled", 100.0, 5.0)))
    assert got["error"] == pytest.approx(-7.0)
    assert got["error_in_se"] < 0
    assert got["within_tolerance"] is False


def test_an_error_exactly_at_the_tolerance_is_within_it():
    """|error| <= tolerance counts as within, as in the calibration's fit table."""
    summary = {"x": summarise([3.0, 5.0])}
    assert row(summary, targets(("x", 2.0, 2.0)))["within_tolerance"] is True
    assert row(summary, targets(("x", 1.9, 2.0)))["within_tolerance"] is False


def test_reported_inside_the_interval_is_judged_by_the_interval():
    """A reported value between ci95_low and ci95_high is inside, whatever the tolerance."""
    summary = {"x": Summary(mean=10.0, std=2.0, ci95_low=8.0, ci95_high=12.0, n=4)}
    assert row(summary, targets(("x", 11.5, 0.1)))["reported_inside_ci"] is True
    assert row(summary, targets(("x", 12.5, 0.1)))["reported_inside_ci"] is False


def test_no_spread_leaves_the_standard_errors_undefined():
    """Identical replications (or a single one) give no standard error to divide by."""
    equal = {"x": summarise([4.0, 4.0, 4.0])}
    single = {"x": summarise([4.0])}
    assert row(equal, targets(("x", 3.0, 2.0)))["error_in_se"] is None
    assert row(single, targets(("x", 3.0, 2.0)))["error_in_se"] is None
    assert row(single, targets(("x", 3.0, 2.0)))["error"] == 1.0


def test_a_metric_undefined_in_every_run_gives_an_empty_row():
    """n = 0 (e.g. a rate with nothing resolved) is a measurement, not an error."""
    summary = {"rate": summarise([float("nan")] * 3)}
    require_metrics(summary, targets(("rate", 0.9, 0.01)))
    got = row(summary, targets(("rate", 0.9, 0.01)))
    assert got["simulated_mean"] is None and got["error"] is None
    assert got["within_tolerance"] is False and got["reported_inside_ci"] is False


def test_a_metric_the_scenario_lacks_is_named():
    """A misspelt target metric is bad input, with the targets file and key path."""
    with pytest.raises(ScenarioError, match=r"targets\[1\]\.metric = 'handeld'"):
        require_metrics({"x": summarise([1.0, 2.0])}, targets(("x", 1, 1), ("handeld", 1, 1)))


def test_the_calibration_fit_table_gives_the_same_verdicts():
    """fit_rows and validation rows share one comparison: same means, CIs and verdicts."""
    summary = {"a": summarise([1.0, 2.0, 3.0]), "b": summarise([10.0, 11.0])}
    given = targets(("a", 2.5, 0.4), ("b", 10.5, 0.1), ("c", 1.0, 1.0))
    fit = [(r[0], r[2], r[3], r[4], r[6], r[7]) for r in fit_rows(summary, given)]
    validated = [(r[0], r[2], r[3], r[4], r[7], r[8]) for r in validation_rows(summary, given)]
    assert fit == validated
    assert [c.within_tolerance for c in check_targets(summary, given)] == [False, True, False]
