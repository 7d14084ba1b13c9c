"""Drawing primitives shared by every figure: the Agg backend, bar charts with CIs, PNG saving.

The Agg backend is used so figures are drawn the same way on a laptop, a server or CI
without a display; figures are written atomically.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (the backend must be chosen first)

from simulator.analysis.stats import Summary  # noqa: E402
from simulator.output.storage import atomic_write_bytes  # noqa: E402

__all__ = ["bar_chart_with_ci", "fan_bands", "finish_fan", "plt", "save_figure"]


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


def fan_bands(axes: Any, x: list[int], data: dict, colour: str, label: str) -> None:
    """A fan: 90% and 50% bands shaded, the median as a line (``data`` from ``series``)."""
    axes.fill_between(x, data["p05"], data["p95"], color=colour, alpha=0.15)
    axes.fill_between(x, data["p25"], data["p75"], color=colour, alpha=0.3)
    axes.plot(x, data["p50"], "o-", color=colour, label=label)


def finish_fan(
    axes: Any,
    quarters: list[str],
    reported: dict[str, float] | None,
    labels: tuple[str, str],
    legend_size: int = 8,
) -> None:
    """Reported values as stars, quarters on the x axis, ``labels`` = (y label, title)."""
    for quarter, value in (reported or {}).items():
        if quarter in quarters:
            axes.plot(
                quarters.index(quarter), value, "k*", markersize=12, label=f"reported {quarter}"
            )
    axes.set_xticks(range(len(quarters)), quarters)
    axes.set_ylabel(labels[0])
    axes.set_title(labels[1])
    axes.grid(alpha=0.3)
    axes.legend(fontsize=legend_size)
