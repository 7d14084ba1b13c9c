"""The files of a Morris screening: tables (atomic, deterministic CSV) and one figure per metric.

- ``morris.csv``: metric, parameter, mu_star, mu_star_conf, sigma, mu, rank (1 = matters most);
- ``morris_design.csv``: every point run, its parameter values and the metrics' means there,
  so the analysis can be redone elsewhere;
- ``morris_parameters.csv``: what was screened over which range, and every marked key that
  was skipped with why (a province sees the whole list of its assumptions);
- ``morris.json``: the plan, its cost, how it stopped, the command;
- ``figures/morris_<metric>.png``: mu_star bars with their 95% interval, sigma beside them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from simulator.analysis.morris import MORRIS_COLUMNS, MorrisIndex
from simulator.output.charts import plt, save_figure
from simulator.output.storage import write_csv, write_json
from simulator.values.metrics import label_with_unit

PARAMETER_COLUMNS = (
    "parameter",
    "status",
    "low",
    "high",
    "base",
    "whole_number",
    "marked_at",
    "why",
)
MOST_BARS = 25  # a figure shows the parameters that matter most; morris.csv has them all


def write_morris_outputs(
    result: Any, selection: Any, out: Path, command: Sequence[str]
) -> list[Path]:
    """morris.csv, morris_design.csv, morris_parameters.csv and morris.json (last)."""
    files = [out / name for name in ("morris.csv", "morris_design.csv", "morris_parameters.csv")]
    write_csv(files[0], MORRIS_COLUMNS, [index.row() for index in result.indices])
    write_csv(files[1], *_design_table(result))
    write_csv(files[2], PARAMETER_COLUMNS, _parameter_rows(selection))
    files.append(out / "morris.json")
    write_json(files[3], _document(result, command))
    return files


def _design_table(result: Any) -> tuple[list[str], list[list[Any]]]:
    paths = [p.path for p in result.plan.parameters]
    metrics = list(result.outputs)
    size = result.plan.points_per_trajectory
    rows = [
        [number, number // size, *(values[p] for p in paths)]
        + [float(result.outputs[m][number]) for m in metrics]
        for number, values in enumerate(result.values)
    ]
    return ["point", "trajectory", *paths, *metrics], rows


def _parameter_rows(selection: Any) -> list[tuple[Any, ...]]:
    rows: list[tuple[Any, ...]] = [
        (p.path, "screened", p.low, p.high, p.base, p.integer, selection.marks.get(p.path, ""), "")
        for p in selection.parameters
    ]
    rows += [(s.path, "skipped", "", "", "", "", s.where, s.why) for s in selection.skipped]
    return rows


def _document(result: Any, command: Sequence[str]) -> dict[str, Any]:
    plan = result.plan
    return {
        "method": "morris",
        "parameters": len(plan.parameters),
        "trajectories": plan.trajectories,
        "trajectories_run": result.trajectories_run,
        "levels": plan.levels,
        "reps": plan.reps,
        "seed": plan.seed,
        "points": plan.points,
        "replications": plan.replications,
        "stopped_by": result.stopped_by.value,
        "undefined_metrics": list(result.undefined),
        "wall_time_s": round(result.wall_time, 3),
        "command": list(command),
    }


def morris_figure(indices: Sequence[MorrisIndex], metric: str, path: Path) -> Path:
    """mu_star of the parameters that matter most (bars, 95% interval) and their sigma (marks)."""
    shown = sorted(indices, key=lambda index: index.rank)[:MOST_BARS]
    figure, axes = plt.subplots(figsize=(8, 0.32 * len(shown) + 1.6))
    rows = range(len(shown))
    axes.barh(
        rows,
        [i.mu_star for i in shown],
        xerr=[i.mu_star_conf for i in shown],
        capsize=2,
        color="#4C72B0",
        label="μ* (mean |effect|, 95% interval)",
    )
    axes.plot([i.sigma for i in shown], rows, "D", mfc="none", color="#C44E52", label="σ")
    axes.set_yticks(rows, [i.parameter for i in shown], fontsize=8)
    axes.invert_yaxis()
    axes.set_xlabel(f"change in {label_with_unit(metric)} across the parameter's range")
    more = f" (top {len(shown)} of {len(indices)})" if len(indices) > len(shown) else ""
    axes.set_title(f"Morris screening: {metric}{more}", fontsize=10)
    axes.legend(fontsize=8, loc="lower right")
    axes.grid(axis="x", alpha=0.3)
    return save_figure(figure, path)


def morris_figures(result: Any, directory: Path) -> list[Path]:
    return [
        morris_figure(result.of(metric), metric, directory / f"morris_{metric}.png")
        for metric in result.metrics()
    ]
