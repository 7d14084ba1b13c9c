"""Figures of a one-stop run, drawn from its metric table (replication means and 95% CIs).

Four figures: mean counter wait by site (with the national 30-minute target), late
rate by week of the horizon, queue length over an average working day at the
provincial centre, and utilisation by resource. Each reads a metric family by name
(``counter_wait_mean_min.<site>``, ``late_rate_week.NN``,
``queue_length_hour.provincial_centre.HH``, ``utilisation.<resource>``), so the
figures can be redrawn from stored results without the model.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from simulator.analysis.projection import split_quarter
from simulator.analysis.stats import Summary
from simulator.output.charts import bar_chart_with_ci, plt, save_figure

WAIT_TARGET_MIN = 30.0  # Decision 468/QĐ-TTg, 2022


def _family(summary: dict[str, Summary], prefix: str) -> dict[str, Summary]:
    """Members of a metric family with at least one finite value, by their suffix.

    Per-quarter metrics (``counter_wait_mean_min.provincial_centre.2022Q3``) are left to
    ``onestop project``: a bar per site and quarter would crowd the per-site charts.
    """

    return {
        name[len(prefix) :]: s
        for name, s in summary.items()
        if name.startswith(prefix) and s.n > 0 and s.mean is not None and not split_quarter(name)
    }


def _line_with_ci(members: dict[str, Summary], title: str, xlabel: str, ylabel: str) -> Any:
    labels = list(members)
    means = [s.mean for s in members.values()]
    low = [s.ci95_low if s.ci95_low is not None else s.mean for s in members.values()]
    high = [s.ci95_high if s.ci95_high is not None else s.mean for s in members.values()]
    figure, axes = plt.subplots(figsize=(8, 4))
    axes.plot(range(len(labels)), means, marker="o", color="#4C72B0")
    axes.fill_between(range(len(labels)), low, high, alpha=0.25, color="#4C72B0", label="95% CI")
    axes.set_xticks(range(len(labels)), labels)
    axes.set_title(title)
    axes.set_xlabel(xlabel)
    axes.set_ylabel(ylabel)
    axes.grid(alpha=0.3)
    axes.legend()
    return figure


def onestop_figures(result: Any, directory: Path) -> list[Path]:
    """The figures of a one-stop run (an ExperimentResult or anything with ``summary()``)."""
    summary = result.summary()
    directory = Path(directory)
    written = []
    waits = _family(summary, "counter_wait_mean_min.")
    if waits:
        figure = bar_chart_with_ci(
            list(waits), list(waits.values()), "Mean counter wait by site", "minutes"
        )
        figure.axes[0].axhline(WAIT_TARGET_MIN, color="#C44E52", ls="--", label="30-minute target")
        figure.axes[0].legend()
        written.append(save_figure(figure, directory / "onestop_counter_wait_by_site.png"))
    weeks = _family(summary, "late_rate_week.")
    if weeks:
        figure = _line_with_ci(weeks, "Late rate by week of the quarter", "week", "late share")
        written.append(save_figure(figure, directory / "onestop_late_rate_by_week.png"))
    hours = _family(summary, "queue_length_hour.provincial_centre.")
    if hours:
        labels = {f"{h}:00": s for h, s in hours.items()}
        figure = _line_with_ci(
            labels, "Queue at the provincial centre, average working day", "hour",
            "walk-ins waiting (time-average)",
        )  # fmt: skip
        written.append(save_figure(figure, directory / "onestop_queue_by_hour.png"))
    use = _family(summary, "utilisation.")
    if use:
        figure = bar_chart_with_ci(
            list(use), list(use.values()), "Utilisation by resource", "busy share of capacity"
        )
        written.append(save_figure(figure, directory / "onestop_utilisation.png"))
    return written
