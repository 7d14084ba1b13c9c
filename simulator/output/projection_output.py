"""Projection outputs: ``projection.csv`` and the late-rate fan chart (output layer).

Over a posterior (``project --posterior``) also ``projection_uncertainty.csv``, and the
fan chart adds the parameter sets' band to the band of all runs. The plain projection's
table and chart are ``output.projection_table`` and ``output.projection_fan``, which
``onestop project`` imports alone (this module loads scipy.stats for the posterior).
"""

from __future__ import annotations

from pathlib import Path

from simulator.execution.posterior_projection import PosteriorProjection
from simulator.execution.projection_run import REPORTED_LATE_RATE, Projection
from simulator.output.plots_posterior import posterior_fan_chart
from simulator.output.posterior_files import write_posterior_projection
from simulator.output.projection_fan import FAN_CHART, projection_fan
from simulator.output.projection_table import write_projection_table
from simulator.values.metrics import label_with_unit


def write_projection(projection: Projection, out: Path, figures: bool = True) -> list[Path]:
    """``projection.csv`` and (unless ``figures`` is false) ``late_rate_projection.png``."""
    if isinstance(projection, PosteriorProjection):
        written = write_posterior_projection(projection, out)
    else:
        written = [write_projection_table(projection, out)]
    if figures:
        written.append(projection_figure(projection, out / FAN_CHART))
    return written


def projection_figure(projection: Projection, path: Path, metric: str = "late_rate") -> Path:
    """The fan chart of all scenarios on one chart, the Q1/2022 reported late rate marked."""
    if not isinstance(projection, PosteriorProjection):
        return projection_fan(projection, path, metric)
    reported = REPORTED_LATE_RATE if metric == "late_rate" else None
    title = f"{label_with_unit(metric)}: projection by quarter"
    return posterior_fan_chart(projection, metric, path, reported, title)
