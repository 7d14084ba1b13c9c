"""Figures of parameter uncertainty: the history match's pairs and ridge, the posterior fan.

Drawn from the match's points and the projection's tables, never from a running model.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from simulator.analysis.history_matching import (
    CLOSING_RIDGE,
    accepted_correlation,
    ridge_verdict,
)
from simulator.analysis.projection import series
from simulator.analysis.projection_uncertainty import COLUMNS as UNCERTAINTY_COLUMNS
from simulator.output.charts import fan_bands, finish_fan, plt, save_figure

CAP = 10.0  # implausibilities above this are drawn at it: far points all look alike
COLOURS = "viridis_r"  # yellow = plausible, dark purple = far off


def history_figures(match: Any, directory: Path) -> list[Path]:
    """calibration_pairs.png, and the closing-lag ridge when both its parameters were fitted."""
    written = [pairs_figure(match, directory / "calibration_pairs.png")]
    paths = [p.path for p in match.parameters]
    if all(p in paths for p in CLOSING_RIDGE):
        written.append(ridge_figure(match, directory / "calibration_closing_ridge.png"))
    return written


def _columns(match: Any) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray]:
    values = {
        p.path: np.array([d.values[p.path] for d in match.points], float) for p in match.parameters
    }
    largest = np.array([min(d.judgement.largest, CAP) for d in match.points])
    accepted = np.array([d.judgement.accepted for d in match.points], bool)
    return values, largest, accepted


def _scatter(axes: Any, x: np.ndarray, y: np.ndarray, largest: np.ndarray, ok: np.ndarray) -> Any:
    """Ruled-out points small and faint, accepted ones large with a black edge."""
    style = {"cmap": COLOURS, "vmin": 0.0, "vmax": CAP}
    axes.scatter(x[~ok], y[~ok], c=largest[~ok], s=10, alpha=0.45, **style)
    return axes.scatter(
        x[ok], y[ok], c=largest[ok], s=34, edgecolors="black", linewidths=0.6, **style
    )


def pairs_figure(match: Any, path: Path) -> Path:
    """Scatter matrix: below the diagonal each pair, on it the largest implausibility profile."""
    values, largest, ok = _columns(match)
    names = list(values)
    d = len(names)
    figure, grid = plt.subplots(d, d, figsize=(2.6 * d + 1.2, 2.6 * d), squeeze=False)
    mappable = None
    for i, row_name in enumerate(names):
        for j, column_name in enumerate(names):
            axes = grid[i][j]
            if i == j:
                mappable = _scatter(axes, values[row_name], largest, largest, ok)
                axes.axhline(match.cutoff, color="#C44E52", linewidth=0.9, linestyle="--")
                axes.set_ylim(0, CAP * 1.05)
                axes.set_ylabel("largest I" if j == 0 else "")
            elif i > j:
                _scatter(axes, values[column_name], values[row_name], largest, ok)
                axes.set_ylabel(row_name if j == 0 else "", fontsize=8)
            else:
                _correlation_text(axes, match, column_name, row_name)
            axes.set_xlabel(column_name if i == d - 1 else "", fontsize=8)
            axes.tick_params(labelsize=7)
    figure.colorbar(mappable, ax=grid, shrink=0.8, label=f"largest implausibility (cap {CAP:g})")
    accepted = int(ok.sum())
    figure.suptitle(
        f"History matching: {accepted} of {len(ok)} points not ruled out "
        f"(largest I <= {match.cutoff:g}; dashed line), {match.reps} replications each"
    )
    return save_figure(figure, path)


def _correlation_text(axes: Any, match: Any, x_name: str, y_name: str) -> None:
    accepted = match.accepted
    r = accepted_correlation(
        [p.values[x_name] for p in accepted], [p.values[y_name] for p in accepted]
    )
    text = "rank r (accepted)\nundefined" if r is None else f"rank r (accepted)\n{r:+.2f}"
    axes.text(0.5, 0.5, text, ha="center", va="center", fontsize=11, transform=axes.transAxes)
    axes.set_xticks([])
    axes.set_yticks([])


def ridge_figure(match: Any, path: Path) -> Path:
    """Margin against entry sessions: a ridge is a trade-off the report allows."""
    values, largest, ok = _columns(match)
    x_name, y_name = CLOSING_RIDGE
    figure, axes = plt.subplots(figsize=(6.4, 4.8))
    mappable = _scatter(axes, values[x_name], values[y_name], largest, ok)
    figure.colorbar(mappable, ax=axes, label=f"largest implausibility (cap {CAP:g})")
    verdict = ridge_verdict(accepted_correlation(values[x_name][ok], values[y_name][ok]))
    axes.set_xlabel(f"{x_name} (margin before the deadline, working days)")
    axes.set_ylabel(f"{y_name} (working days between entry sessions)")
    axes.set_title(f"Closing: what the report does not rule out\n{verdict}", fontsize=10)
    axes.grid(alpha=0.3)
    return save_figure(figure, path)


def posterior_fan_chart(
    projection: Any, metric: str, path: Path, reported: dict[str, float] | None, title: str
) -> Path:
    """Bands over all runs (noise + parameters), dashed: 90% band of the per-set means."""
    figure, axes = plt.subplots(figsize=(8, 4.2))
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    uncertainty = projection.uncertainty_by_scenario()
    quarters: list[str] = []
    for i, (name, rows) in enumerate(projection.by_scenario().items()):
        data = series(rows, metric)
        quarters = sorted(set(quarters) | set(data["quarter"]))
        x = [quarters.index(q) for q in data["quarter"]]
        colour = colours[i % len(colours)]
        fan_bands(axes, x, data, colour, f"{name}: median; 50%, 90% of all runs")
        _parameter_band(axes, uncertainty[name], metric, quarters, colour, name, projection)
    finish_fan(axes, quarters, reported, (metric, title), legend_size=7)
    return save_figure(figure, path)


def _parameter_band(
    axes: Any, rows: list, metric: str, quarters: list[str], colour: str, name: str, projection: Any
) -> None:
    """Dashed lines at the 5th and 95th percentiles of the per-set means: parameters alone."""
    chosen = [dict(zip(UNCERTAINTY_COLUMNS, r, strict=True)) for r in rows]
    chosen = [r for r in chosen if r["metric"] == metric and r["param_p05"] is not None]
    x = [quarters.index(r["quarter"]) for r in chosen]
    axes.plot(x, [r["param_p05"] for r in chosen], "--", color=colour, linewidth=1)
    label = f"{name}: 90% of the {len(projection.draws)} parameter sets' means"
    axes.plot(x, [r["param_p95"] for r in chosen], "--", color=colour, linewidth=1, label=label)
