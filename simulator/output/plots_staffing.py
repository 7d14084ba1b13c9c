"""The staffing figure: staff found by hour of day against the walk-in arrival profile.

Staff are drawn as steps by pool: a plain count holds from the calendar's first opening
to its last closing; a schedule band only within its hours. The arrival profile is the
scenario's ``inperson_hour_weights`` as a share of the day's walk-ins per hour, the shape
that the arrivals follow (a one-stop scenario; a network scenario has no clock hours).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from simulator.output.charts import plt, save_figure

HOURS = np.arange(25)  # step edges: 00:00 .. 24:00


def staff_by_hour(lever: Any, count: int, opens: float, closes: float) -> np.ndarray:
    """Staff on duty in each clock hour (NaN where the count does not apply)."""
    start, end = lever.hours() or (opens, closes)
    hour = np.arange(24)
    on = (hour + 1 > start) & (hour < end)
    return np.where(on, float(count), np.nan)


def staffing_figure(result: Any, scenario: Any, path: Path) -> Path | None:
    """Staff by hour and pool, and walk-ins per hour; None for a scenario without hours."""
    if scenario.kind.value != "onestop":
        return None
    sessions = scenario.calendar.sessions
    opens, closes = sessions[0][0] / 60, sessions[-1][1] / 60
    figure, axes = plt.subplots(figsize=(8, 4.5))
    for lever, count in zip(result.levers, result.staffing, strict=True):
        staff = staff_by_hour(lever, count, opens, closes)
        label = lever.pool if lever.band == "all day" else f"{lever.pool} {lever.band}"
        axes.step(HOURS, np.append(staff, staff[-1]), where="post", label=label)
    axes.set_xlabel("hour of day")
    axes.set_ylabel("staff on duty")
    axes.set_xlim(max(0, int(opens) - 1), min(24, int(np.ceil(closes)) + 1))
    axes.grid(alpha=0.3)
    weights = np.asarray(scenario.arrivals.inperson_hour_weights, dtype=float)
    profile = axes.twinx()
    share = 100 * weights / weights.sum() if weights.sum() > 0 else weights
    profile.bar(np.arange(24) + 0.5, share, width=0.9, color="#8C8C8C", alpha=0.25)
    profile.set_ylabel("walk-ins arriving in the hour (% of the day)")
    axes.set_zorder(profile.get_zorder() + 1)
    axes.patch.set_visible(False)
    axes.legend(fontsize=7, loc="upper right")
    verdict = "passed" if result.final_passed else "did not pass"
    axes.set_title(f"Staff found (cost {result.cost:g}; fresh check {verdict})")
    return save_figure(figure, path)
