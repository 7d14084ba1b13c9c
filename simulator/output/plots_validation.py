"""The validation figure: each target's reported value against the simulated mean and its 95%
interval, one panel per target, on a scale of the target's tolerance (so every panel reads the
same way: the green band is "within tolerance", whatever the metric's units)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from simulator.analysis.validation import TargetCheck
from simulator.output.charts import plt, save_figure

PANEL_HEIGHT = 0.95  # inches per target


def validation_figure(checks: Sequence[TargetCheck], path: Path, title: str) -> Path:
    """Reported (at 0) vs simulated (mean, 95% CI) in tolerance units, one panel per target."""
    figure, panels = plt.subplots(
        len(checks), 1, figsize=(7.5, PANEL_HEIGHT * len(checks) + 1.0), squeeze=False
    )
    for axes, check in zip(panels[:, 0], checks, strict=True):
        _panel(axes, check)
    panels[-1, 0].set_xlabel("(simulated − reported) / tolerance; bar: 95% CI of the mean")
    figure.suptitle(title)
    figure.tight_layout()
    return save_figure(figure, path)


def _panel(axes, check: TargetCheck) -> None:
    target, s = check.target, check.summary
    axes.axvspan(-1, 1, color="#55A868", alpha=0.15)
    axes.plot([0], [0], "k*", markersize=11)
    reach = 1.5
    if s.mean is not None:
        centre = target.scaled_error(s.mean)
        low = target.scaled_error(s.ci95_low) if s.ci95_low is not None else centre
        high = target.scaled_error(s.ci95_high) if s.ci95_high is not None else centre
        colour = "#4C72B0" if check.within_tolerance else "#C44E52"
        error_bar = [[centre - low], [high - centre]]
        axes.errorbar([centre], [0], xerr=error_bar, fmt="o", capsize=4, color=colour)
        reach = max(reach, 1.1 * max(abs(low), abs(high)))
    axes.set_xlim(-reach, reach)
    axes.set_yticks([])
    simulated = "undefined" if s.mean is None else _number(s.mean)
    axes.set_title(
        f"{target.metric}: reported {_number(target.value)} ± {_number(target.tolerance)} (★), "
        f"simulated {simulated}",
        fontsize=9,
        loc="left",
    )


def _number(value: float) -> str:
    """Counts with thousands separators, rates and shares with four significant digits."""
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.4g}"
