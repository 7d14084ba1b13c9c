"""Matplotlib figures drawn from result tables (never from a running model).

Every figure is written atomically as PNG. The Agg backend is used so figures are
drawn the same way on a laptop, a server or CI without a display.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (the backend must be chosen first)

from simulator.stats import Summary  # noqa: E402
from simulator.storage import atomic_write_bytes  # noqa: E402

# Per-station or per-site metric families, one bar chart each: prefix -> (title, axis label).
FAMILIES = {
    "wait_mean": ("Mean wait before service, by station", "time units"),
    "utilisation": ("Utilisation by resource", "busy share of capacity"),
    "queue_length_mean": ("Mean queue length by station (time-weighted)", "customers waiting"),
    "counter_wait_mean_min": ("Mean counter wait by site", "minutes"),
    "share_wait_over_30min": ("Share of walk-ins waiting over 30 minutes", "share"),
}


def save_figure(figure: Any, path: Path) -> Path:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    plt.close(figure)
    atomic_write_bytes(path, buffer.getvalue())
    return path


def bar_chart_with_ci(
    labels: Sequence[str], summaries: Sequence[Summary], title: str, ylabel: str
) -> Any:
    """Bars of replication means with 95% confidence intervals as error bars."""
    means = [s.mean if s.mean is not None else 0.0 for s in summaries]
    lower = [s.mean - s.ci95_low if s.ci95_low is not None else 0.0 for s in summaries]
    upper = [s.ci95_high - s.mean if s.ci95_high is not None else 0.0 for s in summaries]
    width = max(5.0, 0.5 * len(labels) + 2)
    figure, axes = plt.subplots(figsize=(min(width, 16), 4))
    axes.bar(range(len(labels)), means, yerr=[lower, upper], capsize=3, color="#4C72B0")
    axes.set_xticks(range(len(labels)), labels, rotation=45 if len(labels) > 4 else 0, ha="right")
    axes.set_title(title)
    axes.set_ylabel(ylabel)
    axes.grid(axis="y", alpha=0.3)
    return figure


def family_figures(summary: dict[str, Summary], directory: Path) -> list[Path]:
    """One bar chart per metric family that has per-station values."""
    written = []
    for prefix, (title, ylabel) in FAMILIES.items():
        members = {
            name.split(".", 1)[1]: s
            for name, s in summary.items()
            if name.startswith(prefix + ".") and s.n > 0
        }
        if not members:
            continue
        figure = bar_chart_with_ci(list(members), list(members.values()), title, ylabel)
        written.append(save_figure(figure, directory / f"{prefix}.png"))
    return written


def run_figures(result: Any, directory: Path) -> list[Path]:
    """The figures of one ``onestop run``."""
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
    comparison: Any, metrics: Sequence[str], labels: dict[str, str], title: str, directory: Path
) -> list[Path]:
    """One difference chart per headline metric; the file name is the metric name."""
    written = []
    for metric in metrics:
        differences = {
            alt.scenario.name: comparison.differences(alt).get(metric)
            for alt in comparison.alternatives
        }
        differences = {k: v for k, v in differences.items() if v is not None and v.n > 0}
        if not differences:
            continue
        figure = difference_chart(metric, labels.get(metric, metric), differences, title)
        written.append(save_figure(figure, directory / f"diff_{metric}.png"))
    return written
