"""Projections over parameter sets: replication noise and parameter uncertainty apart.

With K accepted parameter sets each run for R replications, a per-quarter metric
has K x R values. ``projection.csv`` summarises all of them together (the fan: both
sources). Here they are split, per quarter and metric:

- ``within_sd``: replication noise, the square root of the mean over sets of each
  set's replication variance (what the fan would show with the parameters known);
- ``between_sd``: parameter uncertainty, the sd of the K per-set means. The sets run
  on common random numbers, so the noise of the means mostly cancels between them;
  what is left adds at most about within_sd / sqrt(R);
- ``param_p05``, ``param_p50``, ``param_p95``: percentiles of the per-set means, the
  band of what the report leaves unknown.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from simulator.analysis.projection import split_quarter

COLUMNS = (
    "quarter",
    "metric",
    "sets",
    "reps",
    "within_sd",
    "between_sd",
    "param_p05",
    "param_p50",
    "param_p95",
)


def split_row(per_set: Sequence[Sequence[float]]) -> tuple[Any, ...]:
    """(sets, reps, within_sd, between_sd, p05, p50, p95) of one metric's values per set."""
    finite = [np.asarray(v, float)[np.isfinite(np.asarray(v, float))] for v in per_set]
    finite = [v for v in finite if v.size]
    if not finite:
        return (0, 0, None, None, None, None, None)
    means = np.array([v.mean() for v in finite])
    variances = [v.var(ddof=1) for v in finite if v.size > 1]
    within = float(np.sqrt(np.mean(variances))) if variances else None
    between = float(means.std(ddof=1)) if means.size > 1 else None
    bands = np.percentile(means, [5, 50, 95]).tolist()
    return (len(finite), max(v.size for v in finite), within, between, *bands)


def uncertainty_rows(runs: Sequence[Any]) -> list[tuple[Any, ...]]:
    """Rows of ``COLUMNS`` from one scenario's runs (one ExperimentResult per set)."""
    names: dict[str, None] = {}
    for run in runs:
        names.update(dict.fromkeys(run.metric_names()))
    rows = []
    for name in names:
        parts = split_quarter(name)
        if parts is not None:
            rows.append((parts[1], parts[0], *split_row([run.values(name) for run in runs])))
    order = {row[1]: i for i, row in reversed(list(enumerate(rows)))}
    return sorted(rows, key=lambda row: (row[0], order[row[1]]))
