"""Summaries of replication results: means with Student-t intervals, paired comparisons.

Pure functions over numbers, one number per replication. Non-finite results (a
replication with no completed cases gives NaN) are dropped before summarising.
The interval fields are named ``ci95_*`` after the default confidence; they hold
the interval at whatever ``confidence`` was asked for.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, fields

import numpy as np


@dataclass(frozen=True, kw_only=True)
class Summary:
    """Mean, sample sd and confidence interval of the finite values; None where undefined."""

    mean: float | None
    std: float | None
    ci95_low: float | None
    ci95_high: float | None
    n: int

    def to_dict(self) -> dict[str, float | int | None]:
        # not dataclasses.asdict: it deep-copies every number (a run writes hundreds of these)
        return {field.name: getattr(self, field.name) for field in fields(self)}


@dataclass(frozen=True, kw_only=True)
class PairedDifference:
    """alt minus base over replications paired by index (common random numbers)."""

    base_mean: float | None
    alt_mean: float | None
    diff_mean: float | None
    diff_ci95_low: float | None
    diff_ci95_high: float | None
    significant: bool
    n: int

    def to_dict(self) -> dict[str, float | int | bool | None]:
        return {field.name: getattr(self, field.name) for field in fields(self)}


def t_quantile(confidence: float, df: int) -> float:
    """The two-sided Student-t critical value: P(|T| <= t) = confidence with df degrees."""
    _check_confidence(confidence)
    if isinstance(df, bool) or not isinstance(df, int) or df < 1:
        raise ValueError(f"degrees of freedom must be a whole number >= 1, not {df!r}")
    # Imported here, not at the top: scipy.special costs ~0.3 s to import (it pulls in
    # numpy.testing and the array-API layer), which would be most of the fixed cost of a
    # one-replication run that never asks for an interval (tests/test_startup.py). And
    # scipy.special, not scipy.stats: scipy.stats costs ~0.75 s more.
    from scipy.special import stdtrit

    return float(stdtrit(df, 0.5 + confidence / 2))


def summarise(values: Sequence[float], confidence: float = 0.95) -> Summary:
    """Mean, sample sd (ddof=1) and Student-t interval over the finite values."""
    _check_confidence(confidence)
    finite = _finite(values)
    n = len(finite)
    if n == 0:
        return Summary(mean=None, std=None, ci95_low=None, ci95_high=None, n=0)
    mean, std = _mean_std(finite)
    if std is None:
        return Summary(mean=mean, std=None, ci95_low=None, ci95_high=None, n=n)
    half = t_quantile(confidence, n - 1) * std / math.sqrt(n)
    return Summary(mean=mean, std=std, ci95_low=mean - half, ci95_high=mean + half, n=n)


def half_width(values: Sequence[float], confidence: float = 0.95) -> float | None:
    """Half-width of the interval for the mean, to decide whether to run more replications."""
    summary = summarise(values, confidence)
    if summary.std is None:
        return None
    return t_quantile(confidence, summary.n - 1) * summary.std / math.sqrt(summary.n)


def paired_difference(
    base: Sequence[float], alt: Sequence[float], confidence: float = 0.95
) -> PairedDifference:
    """Compare two scenarios run with the same seeds: replication r of each forms a pair."""
    base_arr = np.asarray(base, dtype=float)
    alt_arr = np.asarray(alt, dtype=float)
    if base_arr.shape != alt_arr.shape or base_arr.ndim != 1:
        raise ValueError(f"need one result per replication in each: {len(base)} vs {len(alt)}")
    # A pair with a missing side says nothing about the difference.
    keep = np.isfinite(base_arr) & np.isfinite(alt_arr)
    base_kept, alt_kept = base_arr[keep], alt_arr[keep]
    diff = summarise(alt_kept - base_kept, confidence)
    low, high = diff.ci95_low, diff.ci95_high
    return PairedDifference(
        base_mean=summarise(base_kept).mean,
        alt_mean=summarise(alt_kept).mean,
        diff_mean=diff.mean,
        diff_ci95_low=low,
        diff_ci95_high=high,
        significant=low is not None and high is not None and (low > 0 or high < 0),
        n=diff.n,
    )


def _check_confidence(confidence: float) -> None:
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be strictly between 0 and 1, not {confidence!r}")


def _finite(values: Sequence[float]) -> np.ndarray:
    array = np.asarray(values, dtype=float).ravel()
    return array[np.isfinite(array)]


def _mean_std(finite: np.ndarray) -> tuple[float, float | None]:
    """Mean and sample sd (None for one value); exactly (x, 0.0) when all values equal x."""
    first = float(finite[0])
    if np.all(finite == first):
        # Summing equal values can round away from x; identical results have no spread.
        return first, (0.0 if len(finite) > 1 else None)
    return float(np.mean(finite)), float(np.std(finite, ddof=1))
