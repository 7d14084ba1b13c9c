"""The staffing figure: staff found by hour of day against the walk-in arrival profile.

Staff are stacked bars by pool and clock hour: a plain count holds in every hour that meets
an open session of the calendar; a schedule band only within its hours as well. The arrival
profile is the scenario's ``inperson_hour_weights`` as a share of the day's walk-ins per
hour, the shape the arrivals follow (a one-stop scenario; a network one has no clock hours).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from simulator.output.charts import plt, save_figure


def staff_by_hour(lever: Any, count: int, sessions: Sequence[tuple[float, float]]) -> np.ndarray:
    """Staff on duty in each clock hour: in the hours that meet an open session (clock hours)
    and, for a schedule band, the band's hours; 0 elsewhere."""
    hour = np.arange(24)
    start, end = lever.hours() or (0.0, 24.0)
    open_ = np.zeros(24, dtype=bool)
    for opens, closes in sessions:
        open_ |= (hour + 1 > max(opens, start)) & (hour < min(closes, end))
    return np.where(open_, float(count), 0.0)


def pool_label(lever: Any) -> str:
    """The last part of the pool's key (``transport``), with its band if it has one."""
    name = [part for part in lever.pool.split(".") if part != "schedule"][-1]
    return name if lever.band == "all day" else f"{name} {lever.band}"


def staffing_figure(result: Any, scenario: Any, path: Path) -> Path | None:
    """Staff by hour, stacked by pool, and walk-ins per hour; None for a scenario without hours."""
    if scenario.kind.value != "onestop":
        return None
    sessions = [(opens / 60, closes / 60) for opens, closes in scenario.calendar.sessions]
    figure, axes = plt.subplots(figsize=(8, 4.5))
    hours, bottom = np.arange(24), np.zeros(24)
    for lever, count in zip(result.levers, result.staffing, strict=True):
        staff = staff_by_hour(lever, count, sessions)
        axes.bar(hours + 0.5, staff, width=0.8, bottom=bottom, label=pool_label(lever))
        bottom += staff
    weights = np.asarray(scenario.arrivals.inperson_hour_weights, dtype=float)
    profile = axes.twinx()
    share = 100 * weights / weights.sum() if weights.sum() > 0 else weights
    profile.plot(hours + 0.5, share, color="black", marker="o", label="walk-ins")
    profile.set_ylabel("walk-ins arriving in the hour (% of the day)")
    profile.set_ylim(0, max(share.max(), 1.0) * 1.3)
    axes.set_ylim(0, max(bottom.max(), 1.0) * 1.3)
    axes.set_xlabel("hour of day")
    axes.set_ylabel("staff on duty (stacked by pool)")
    axes.set_xlim(max(0, int(sessions[0][0]) - 1), min(24, int(np.ceil(sessions[-1][1])) + 1))
    axes.legend(fontsize=7, loc="upper left", ncols=3)
    profile.legend(fontsize=7, loc="upper right")
    verdict = "passed" if result.final_passed else "did not pass"
    axes.set_title(f"Staff found (cost {result.cost:g}; check on fresh replications {verdict})")
    return save_figure(figure, path)
