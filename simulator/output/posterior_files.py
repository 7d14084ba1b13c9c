"""Files of parameter uncertainty: the history match's posterior and the projection's split.

``calibrate --method history`` writes ``calibration_posterior.csv`` (one row per design
point), ``calibration_posterior.json`` (settings, counts, ranges and correlations of the
accepted points) and ``calibration.csv`` (the fit of the least implausible point, every
target with its ``informative`` flag). ``project --posterior`` writes ``projection.csv``
over all runs and ``projection_uncertainty.csv`` with the two sources apart. All atomic.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations
from pathlib import Path
from typing import Any

from simulator.analysis.calibrate import FIT_COLUMNS, fit_rows
from simulator.analysis.history_matching import (
    CLOSING_RIDGE,
    TOLERANCE_SDS,
    accepted_correlation,
    posterior_columns,
    ridge_verdict,
)
from simulator.execution.history_matching import HistoryMatch, posterior_rows
from simulator.execution.posterior_projection import UNCERTAINTY_CSV_COLUMNS, PosteriorProjection
from simulator.execution.projection_run import CSV_COLUMNS
from simulator.output.storage import write_csv, write_json

POSTERIOR_CSV = "calibration_posterior.csv"
RULE = (
    "not ruled out when the largest implausibility over the informative targets is <= cutoff; "
    "I = |target - mean| / sqrt((tolerance / tolerance_sds)^2 + s^2 (1 + 1/reps) "
    "+ (discrepancy x tolerance)^2), s the replication sd at the point"
)


def write_history_outputs(
    match: HistoryMatch, targets: Any, out: Path, command: Sequence[str]
) -> list[Path]:
    """calibration_posterior.csv and .json, and calibration.csv at the least implausible point."""
    files = [out / POSTERIOR_CSV, out / "calibration_posterior.json", out / "calibration.csv"]
    paths = [p.path for p in match.parameters]
    metrics = [t.metric for t in targets.informative]
    write_csv(files[0], posterior_columns(paths, metrics), posterior_rows(match, targets))
    write_json(files[1], history_document(match, targets, command))
    write_csv(files[2], FIT_COLUMNS, fit_rows(match.best.summary, targets))
    return files


def history_document(match: HistoryMatch, targets: Any, command: Sequence[str]) -> dict:
    best = match.best
    return {
        "method": "history",
        "command": list(command),
        "targets": targets.source,
        "informative": [t.metric for t in targets.informative],
        "identities": [t.metric for t in targets.targets if t.identity],
        "parameters": [vars(p) for p in match.parameters],
        "design": match.design,
        "waves": match.waves,
        "reps": match.reps,
        "seed": match.seed,
        "rule": RULE,
        "cutoff": match.cutoff,
        "tolerance_sds": TOLERANCE_SDS,
        "discrepancy": match.discrepancy,
        "stopped_by": match.stopped_by.value,
        "points": len(match.points),
        "accepted": len(match.accepted),
        "best": {
            "point": best.number,
            "values": best.values,
            "max_implausibility": best.judgement.largest,
        },
        "accepted_ranges": _ranges(match),
        "accepted_correlations": correlations(match),
        "closing_ridge": _ridge(match),
        "wall_time_s": round(match.wall_time, 1),
        "fit": [
            dict(zip(FIT_COLUMNS, row, strict=True)) for row in fit_rows(best.summary, targets)
        ],
    }


def _ranges(match: HistoryMatch) -> dict[str, list[float]]:
    """Smallest and largest value of each parameter over the accepted points."""
    accepted = match.accepted
    if not accepted:
        return {}
    return {
        p.path: [min(a.values[p.path] for a in accepted), max(a.values[p.path] for a in accepted)]
        for p in match.parameters
    }


def correlations(match: HistoryMatch) -> dict[str, float | None]:
    """Rank correlation of each parameter pair over the accepted points (a ridge: near ±1)."""
    accepted = match.accepted
    return {
        f"{a.path} ~ {b.path}": accepted_correlation(
            [p.values[a.path] for p in accepted], [p.values[b.path] for p in accepted]
        )
        for a, b in combinations(match.parameters, 2)
    }


def _ridge(match: HistoryMatch) -> str | None:
    """The closing-lag pair's verdict, when both were fitted."""
    found = correlations(match)
    for key in (" ~ ".join(CLOSING_RIDGE), " ~ ".join(reversed(CLOSING_RIDGE))):
        if key in found:  # the pair in either --params order (the correlation is symmetric)
            return ridge_verdict(found[key])
    return None


def write_posterior_projection(projection: PosteriorProjection, out: Path) -> list[Path]:
    """projection.csv over all sets and replications, projection_uncertainty.csv split."""
    files = [out / "projection.csv", out / "projection_uncertainty.csv"]
    write_csv(files[0], CSV_COLUMNS, projection.table())
    write_csv(files[1], UNCERTAINTY_CSV_COLUMNS, projection.uncertainty_table())
    return files
