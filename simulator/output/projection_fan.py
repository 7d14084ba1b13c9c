"""The late-rate fan chart of a projection (output layer), without the posterior's libraries.

``output.projection_output`` draws a posterior projection's chart too, which needs
scipy.stats (``analysis.history_matching``); a plain projection's chart needs only
matplotlib, so ``onestop project`` draws it from here.
"""

from __future__ import annotations

from pathlib import Path

from simulator.execution.projection_run import REPORTED_LATE_RATE, Projection
from simulator.output.plots import fan_chart
from simulator.values.metrics import label_with_unit

FAN_CHART = "late_rate_projection.png"


def projection_fan(projection: Projection, path: Path, metric: str = "late_rate") -> Path:
    """The fan chart of all scenarios on one chart, the Q1/2022 reported late rate marked."""
    reported = REPORTED_LATE_RATE if metric == "late_rate" else None
    title = f"{label_with_unit(metric)}: projection by quarter"
    return fan_chart(projection.by_scenario(), metric, path, reported=reported, title=title)
