"""Counter waits reduced to metrics: mean, 95th percentile and share over the national target.

Waits are open minutes (``onestop_counters``): the lunch break (or a night) inside a wait
does not count; ``counter_wait_overnight_share`` says how many reception waits spanned
such a closed period. Pick-up waits are reported apart (``pickup_wait_mean_min``), so
``counter_wait_*`` keep meaning the wait to be served at reception.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import numpy as np

WAIT_TARGET_MIN = 30.0  # Decision 468/QĐ-TTg: at most 30 minutes' wait in 2022
WAIT_TARGET_2025_MIN = 15.0  # the same decision: at most 15 minutes by 2025


def wait_metrics(waits: np.ndarray, suffix: str, spanned: int | None = None) -> dict[str, float]:
    """Mean, 95th percentile and share over the 30-minute target of reception waits; with
    ``spanned`` (how many of them spanned a closed period), the share that did and the
    share over the 2025 target of 15 minutes."""
    nan = math.nan
    empty = waits.size == 0
    values = {
        f"counter_wait_mean_min{suffix}": nan if empty else float(waits.mean()),
        f"counter_wait_p95_min{suffix}": nan if empty else float(np.percentile(waits, 95)),
        f"share_wait_over_30min{suffix}": nan if empty else float((waits > WAIT_TARGET_MIN).mean()),
    }
    if spanned is not None:  # by site and overall (not by quarter)
        over_2025 = nan if empty else float((waits > WAIT_TARGET_2025_MIN).mean())
        values[f"share_wait_over_15min{suffix}"] = over_2025
        values[f"counter_wait_overnight_share{suffix}"] = nan if empty else spanned / waits.size
    return values


def counter_metrics(sites: Iterable[Any]) -> dict[str, float]:
    """Reception and pick-up wait metrics of each ``CounterSite``, then of all sites."""
    values = {}
    everyone, spanned, pickups = [], 0, []
    for site in sites:
        waits = _array(site.waits)
        everyone.append(waits)
        spanned += site.spanned
        values.update(wait_metrics(waits, "." + site.name, site.spanned))
        pickup = _array(site.pickup_waits)
        pickups.append(pickup)
        if any(pool.takes_pickups for pool in site.pools):
            values[f"pickup_wait_mean_min.{site.name}"] = _mean(pickup)
    values.update(wait_metrics(_joined(everyone), "", spanned))
    values["pickup_wait_mean_min"] = _mean(_joined(pickups))
    return values


def _mean(waits: np.ndarray) -> float:
    return float(waits.mean()) if waits.size else math.nan


def _array(waits: Any) -> np.ndarray:
    return np.frombuffer(waits, dtype=float) if waits else np.empty(0)


def _joined(arrays: list[np.ndarray]) -> np.ndarray:
    return np.concatenate(arrays) if arrays else np.empty(0)
