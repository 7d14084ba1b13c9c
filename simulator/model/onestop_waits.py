"""Counter waits reduced to metrics: mean, 95th percentile and share over the national target."""

from __future__ import annotations

import math

import numpy as np

WAIT_TARGET_MIN = 30.0  # Decision 468/QĐ-TTg: at most 30 minutes' wait in 2022


def wait_metrics(waits: np.ndarray, suffix: str) -> dict[str, float]:
    """Mean, 95th percentile and share over the 30-minute target of counter waits."""
    if waits.size == 0:
        nan = math.nan
        return {
            f"counter_wait_mean_min{suffix}": nan,
            f"counter_wait_p95_min{suffix}": nan,
            f"share_wait_over_30min{suffix}": nan,
        }
    return {
        f"counter_wait_mean_min{suffix}": float(waits.mean()),
        f"counter_wait_p95_min{suffix}": float(np.percentile(waits, 95)),
        f"share_wait_over_30min{suffix}": float((waits > WAIT_TARGET_MIN).mean()),
    }
