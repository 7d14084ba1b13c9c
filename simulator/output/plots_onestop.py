"""Figures of a one-stop run, drawn from its metric table (replication means and 95% CIs).

Four figures: mean counter wait by site (with the national 30-minute target), late
rate by week of the horizon, queue length over an average working day at the
provincial centre, and utilisation by resource. Each reads one family of the metric
catalogue (``counter_wait_mean_min.<site>``, ``late_rate_week.<week>``,
``queue_length_hour.provincial_centre.<hour>``, ``utilisation.<resource>``), which also
gives its title and axis labels, so the figures can be redrawn from stored results
without the model.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from simulator.analysis.stats import Summary
from simulator.output.charts import bar_chart_with_ci, plt, save_figure
from simulator.values.metrics import MetricFamily, family, members

WAIT_TARGET_MIN = 30.0  # Decision 468/QĐ-TTg, 2022


def _family(summary: dict[str, Summary], pattern: str) -> tuple[MetricFamily, dict[str, Summary]]:
    """A catalogue family and its members with at least one finite value, by placeholder text.

    Per-quarter metrics (``counter_wait_mean_min.provincial_centre.2022Q3``) are other
    families, left to ``onestop project``: a bar per site and quarter would crowd the charts.
    """
    chosen = {
        part: summary[name]
        for part, name in members(summary, pattern).items()
        if summary[name].n > 0 and summary[name].mean is not None
    }
    return family(pattern), chosen


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
    chart, waits = _family(summary, "counter_wait_mean_min.<site>")
    if waits:
        figure = _bars(chart, waits)
        figure.axes[0].axhline(WAIT_TARGET_MIN, color="#C44E52", ls="--", label="30-minute target")
        figure.axes[0].legend()
        written.append(save_figure(figure, directory / "onestop_counter_wait_by_site.png"))
    chart, weeks = _family(summary, "late_rate_week.<week>")
    if weeks:
        figure = _line_with_ci(weeks, *_axes(chart))
        written.append(save_figure(figure, directory / "onestop_late_rate_by_week.png"))
    chart, hours = _family(summary, "queue_length_hour.provincial_centre.<hour>")
    if hours:
        labels = {f"{h}:00": s for h, s in hours.items()}
        figure = _line_with_ci(labels, *_axes(chart))
        written.append(save_figure(figure, directory / "onestop_queue_by_hour.png"))
    chart, use = _family(summary, "utilisation.<resource>")
    if use:
        written.append(save_figure(_bars(chart, use), directory / "onestop_utilisation.png"))
    return written


def _axes(chart: MetricFamily) -> tuple[str, str, str]:
    """Title, x label (the placeholder) and y label (the unit) of a family's chart."""
    return chart.title("en"), chart.parts[-1].noun("en"), chart.unit.label("en")


def _bars(chart: MetricFamily, bars: dict[str, Summary]) -> Any:
    title, _, unit = _axes(chart)
    return bar_chart_with_ci(list(bars), list(bars.values()), title, unit)
