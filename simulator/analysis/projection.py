"""Projections over quarters: per-quarter metrics across replications, for tables and fan charts.

A multi-quarter run reports per-quarter metrics named ``<metric>.<quarter>``
(``late_rate.2022Q3``). Here they become tidy rows — quarter, metric, mean, 95% CI
and the 5/25/50/75/95th percentiles across replications (the fan chart's bands).
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from simulator.analysis.stats import summarise

QUARTER_METRIC = re.compile(r"^(?P<metric>.+)\.(?P<quarter>\d{4}Q[1-4])$")
COLUMNS = ("quarter", "metric", "mean", "ci95_low", "ci95_high", "p05", "p95", "p25", "p50", "p75")


def split_quarter(name: str) -> tuple[str, str] | None:
    """``late_rate.2022Q3`` -> (``late_rate``, ``2022Q3``); None for other metrics."""
    match = QUARTER_METRIC.match(name)
    return (match["metric"], match["quarter"]) if match else None


def projection_rows(result: Any) -> list[tuple[Any, ...]]:
    """Tidy rows, ordered by quarter then by the model's metric order."""
    rows = []
    for name in result.metric_names():
        parts = split_quarter(name)
        if parts is None:
            continue
        values = np.asarray(result.values(name), dtype=float)
        finite = values[np.isfinite(values)]
        summary = summarise(finite.tolist())
        bands = np.percentile(finite, [5, 95, 25, 50, 75]).tolist() if finite.size else [None] * 5
        rows.append((parts[1], parts[0], summary.mean, summary.ci95_low, summary.ci95_high, *bands))
    order = {row[1]: i for i, row in reversed(list(enumerate(rows)))}
    return sorted(rows, key=lambda row: (row[0], order[row[1]]))


def series(rows: list[tuple[Any, ...]], metric: str) -> dict[str, list[Any]]:
    """One metric's columns over the quarters, for plotting."""
    chosen = [row for row in rows if row[1] == metric]
    return {column: [row[i] for row in chosen] for i, column in enumerate(COLUMNS)}
