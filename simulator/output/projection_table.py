"""``projection.csv`` of a projection (output layer), without the plotting libraries.

A projection run with ``--no-figures`` writes only this table, so the command loads
this module alone (``output.projection_output`` also brings matplotlib and, for the
posterior's fan chart, scipy.stats: about a second of imports a table does not need).
"""

from __future__ import annotations

from pathlib import Path

from simulator.execution.projection_run import CSV_COLUMNS, Projection
from simulator.output.storage import write_csv

PROJECTION_CSV = "projection.csv"


def write_projection_table(projection: Projection, out: Path) -> Path:
    """``projection.csv``: scenario, quarter, metric, mean, 95% CI and the bands."""
    path = out / PROJECTION_CSV
    write_csv(path, CSV_COLUMNS, projection.table())
    return path
