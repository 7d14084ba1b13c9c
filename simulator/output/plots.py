"""Matplotlib figures drawn from result tables (never from a running model).

Every figure is written atomically as PNG. The Agg backend is used so figures are
drawn the same way on a laptop, a server or CI without a display.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from simulator.analysis.projection import series
from simulator.analysis.stats import Summary
from simulator.output.charts import bar_chart_with_ci, fan_bands, finish_fan, plt, save_figure
from simulator.output.plots_onestop import onestop_figures
from simulator.values.metrics import family, label_with_unit
from simulator.values.metrics import members as members_of

# Per-station or per-site metric families drawn as one bar chart each (title and axis from
# the catalogue); a one-stop run draws its own set (plots_onestop).
CHARTED_FAMILIES = (
    "wait_mean.<station>",
    "utilisation.<resource>",
    "queue_length_mean.<station>",
    "counter_wait_mean_min.<site>",
    "share_wait_over_30min.<site>",
)


def family_figures(summary: dict[str, Summary], directory: Path) -> list[Path]:
    """One bar chart per metric family that has per-station values, named after its head."""
    written = []
    for pattern in CHARTED_FAMILIES:
        chart = family(pattern)
        members = {
            part: summary[name]
            for part, name in members_of(summary, pattern).items()
            if summary[name].n > 0
        }
        if not members:
            continue
        title, ylabel = chart.title("en"), chart.unit.label("en")
        figure = bar_chart_with_ci(list(members), list(members.values()), title, ylabel)
        written.append(save_figure(figure, directory / f"{pattern.split('.')[0]}.png"))
    return written


def run_figures(result: Any, directory: Path) -> list[Path]:
    """The figures of one ``onestop run``: the Kon Tum set for one-stop scenarios."""
    if result.scenario.kind.value == "onestop":
        return onestop_figures(result, directory)
    return family_figures(result.summary(), directory)


def difference_chart(metric: str, label: str, differences: dict[str, Any], title: str) -> Any:
    """ALT - BASE of one metric for each alternative, with its paired 95% interval."""
    names = list(differences)
    means = [d.diff_mean if d.diff_mean is not None else 0.0 for d in differences.values()]
    low = [
        m - d.diff_ci95_low if d.diff_ci95_low is not None else 0.0
        for m, d in zip(means, differences.values(), strict=True)
    ]
    high = [
        d.diff_ci95_high - m if d.diff_ci95_high is not None else 0.0
        for m, d in zip(means, differences.values(), strict=True)
    ]
    colours = ["#C44E52" if d.significant else "#8C8C8C" for d in differences.values()]
    figure, axes = plt.subplots(figsize=(7, 0.55 * len(names) + 1.6))
    axes.barh(range(len(names)), means, xerr=[low, high], capsize=3, color=colours)
    axes.set_yticks(range(len(names)), names)
    axes.axvline(0.0, color="black", linewidth=0.8)
    axes.invert_yaxis()
    axes.set_title(title)
    axes.set_xlabel(label)
    axes.grid(axis="x", alpha=0.3)
    return figure


def compare_figures(
    comparison: Any, metrics: Sequence[str], lang: str, title: str, directory: Path
) -> list[Path]:
    """One difference chart per headline metric (catalogue label in ``lang``); the file name is
    the metric name."""
    written = []
    for metric in metrics:
        differences = {
            alt.scenario.name: comparison.differences(alt).get(metric)
            for alt in comparison.alternatives
        }
        differences = {k: v for k, v in differences.items() if v is not None and v.n > 0}
        if not differences:
            continue
        figure = difference_chart(metric, label_with_unit(metric, lang), differences, title)
        written.append(save_figure(figure, directory / f"diff_{metric}.png"))
    return written


def calibration_figures(result: Any, targets: Any, directory: Path) -> list[Path]:
    """Targets vs simulated (in tolerance units, with CIs), and the objective by evaluation."""
    best = result.best.summary
    names, centre, low, high = [], [], [], []
    for target in targets.targets:
        s = best.get(target.metric)
        if s is None or s.mean is None:
            continue
        names.append(target.metric + ("" if target.informative else " (identity, not fitted)"))
        centre.append(target.scaled_error(s.mean))
        low.append(centre[-1] - target.scaled_error(s.ci95_low) if s.ci95_low is not None else 0)
        high.append(target.scaled_error(s.ci95_high) - centre[-1] if s.ci95_high is not None else 0)
    figure, axes = plt.subplots(figsize=(7, 0.5 * len(names) + 1.8))
    axes.axvspan(-1, 1, color="#55A868", alpha=0.15, label="within tolerance")
    axes.errorbar(centre, range(len(names)), xerr=[low, high], fmt="o", capsize=3, color="#4C72B0")
    axes.axvline(0, color="black", linewidth=0.8)
    axes.set_yticks(range(len(names)), names)
    axes.invert_yaxis()
    axes.set_xlabel("(simulated − target) / tolerance, with 95% CI")
    axes.set_title("Calibration fit: simulated vs published targets")
    axes.legend(loc="lower right")
    written = [save_figure(figure, directory / "calibration_fit.png")]
    figure, axes = plt.subplots(figsize=(7, 3.5))
    values = [e.objective for e in result.evaluations]
    axes.plot(range(len(values)), values, "o-", color="#8C8C8C", label="evaluation")
    axes.plot(range(len(values)), np.minimum.accumulate(values), color="#C44E52", label="best")
    axes.set_yscale("log" if min(values, default=1) > 0 else "linear")
    axes.set_xlabel("evaluation")
    axes.set_ylabel("objective")
    axes.set_title("Calibration objective by evaluation")
    axes.legend()
    written.append(save_figure(figure, directory / "calibration_objective.png"))
    return written


def tornado_figure(rows: list[tuple], metric: str, path: Path) -> Path:
    """Effect on one metric of each parameter at the low and high end (paired 95% CIs)."""
    effects: dict[str, dict[str, tuple]] = {}
    for parameter, setting, _value, name, _base, diff, low, high, _sig in rows:
        if name == metric and diff is not None:
            effects.setdefault(parameter, {})[setting] = (diff, low, high)
    order = sorted(effects, key=lambda p: -max(abs(v[0]) for v in effects[p].values()))
    figure, axes = plt.subplots(figsize=(7, 0.6 * len(order) + 1.8))
    for setting, colour, offset in (("low", "#4C72B0", -0.18), ("high", "#C44E52", 0.18)):
        ys, xs, errs = [], [], [[], []]
        for i, parameter in enumerate(order):
            if setting in effects[parameter]:
                diff, low, high = effects[parameter][setting]
                ys.append(i + offset)
                xs.append(diff)
                errs[0].append(diff - low if low is not None else 0)
                errs[1].append(high - diff if high is not None else 0)
        axes.barh(ys, xs, height=0.34, xerr=errs, capsize=2, color=colour, label=setting)
    axes.axvline(0, color="black", linewidth=0.8)
    axes.set_yticks(range(len(order)), order)
    axes.invert_yaxis()
    axes.set_xlabel(f"change in {metric} vs base (95% CI)")
    axes.set_title(f"Sensitivity of {metric}")
    axes.legend()
    return save_figure(figure, path)


def fan_chart(
    projections: dict[str, list[tuple]],
    metric: str,
    path: Path,
    reported: dict[str, float] | None = None,
    title: str = "Late-rate projection",
) -> Path:
    """Median with 50% and 90% bands across replications, per scenario; reported values marked."""

    figure, axes = plt.subplots(figsize=(8, 4.2))
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    quarters: list[str] = []
    for i, (name, rows) in enumerate(projections.items()):
        data = series(rows, metric)
        if not data["quarter"]:
            continue
        quarters = sorted(set(quarters) | set(data["quarter"]))
        x = [quarters.index(q) for q in data["quarter"]]
        colour = colours[i % len(colours)]
        fan_bands(axes, x, data, colour, f"{name} (median; 50%, 90% bands)")
    finish_fan(axes, quarters, reported, (metric, title), legend_size=8)
    return save_figure(figure, path)
