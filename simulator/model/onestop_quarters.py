"""Per-quarter metrics of a one-stop run: closures, arrivals, backlog and counter waits.

Quarters are calendar quarters (``periods.Period.QUARTER``); the first starts at the
horizon's start and the last ends at the horizon (either may be partial). Counting is
streamed, like the rest of ``onestop_metrics``: each outcome is bucketed by the quarter
of its time, each new dossier by the quarter it arrived in (counted with its outcome:
every dossier has exactly one, the open ones at the end), and a dossier is *pending*
at a quarter's end if it arrived before it and its outcome (if any) comes after it;
it is within its deadline or overdue there only if it was in processing then (the
kinds of ``onestop_outcomes.pending_at``, as at the end of the run), so ``pending``
also counts dossiers awaiting review, a supplement or reception. Dossiers open at a
quarter's end simply carry over: the run continues.

Metric names end in ``.<quarter>`` (``late_rate.2022Q3``,
``counter_wait_mean_min.provincial_centre.2022Q3``) so ``projection.split_quarter``
splits off the quarter. ``online_share.<quarter>`` is the share of new dossiers
submitted in the quarter (the whole-run ``online_share`` also counts carried-over ones).
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from datetime import date, timedelta
from typing import Any

import numpy as np

from simulator.model.onestop_outcomes import PENDING_OVERDUE, PENDING_WITHIN, pending_at
from simulator.model.onestop_waits import wait_metrics
from simulator.values.onestop_values import Channel
from simulator.values.periods import Period, next_quarter, period_label

ON_TIME, LATE, GAVE_UP = "resolved_on_time", "resolved_late", "gave_up"
ONLINE = Channel.ONLINE  # a module-level name: Enum class attribute access is slow
WAIT_SITE = "provincial_centre"


def quarter_edges(start: date, end: date) -> tuple[list[str], list[float]]:
    """Labels of the calendar quarters in [start, end] and the minute each one ends."""
    labels, edges = [], []
    day = start
    while day <= end:
        following = next_quarter(day)
        labels.append(period_label(day, Period.QUARTER))
        edges.append(float((min(following, end + timedelta(days=1)) - start).days * 1440))
        day = following
    return labels, edges


def reports_quarters(scenario: Any) -> bool:
    """Per-quarter metrics for horizons given in quarters or spanning more than one quarter."""
    return scenario.quarterly or next_quarter(scenario.start) <= scenario.end


class QuarterBook:
    """Streams a run's outcomes into per-quarter counts (see the module docstring)."""

    def __init__(self, model: Any) -> None:
        scenario = model.scenario
        self.sites = model.resources.counter_sites
        self.labels, self.edges = quarter_edges(scenario.start, scenario.end)
        n = len(self.labels)
        self.arrivals, self.online = [0] * n, [0] * n
        self.resolved, self.late = [0] * n, [0] * n
        self.pending, self.within, self.overdue = [0] * n, [0] * n, [0] * n
        self.wait_marks: list[dict[str, int]] = []
        for edge in self.edges[:-1]:  # waits are appended in time order: mark each quarter's end
            model.env.timeout(edge).callbacks.append(self._mark_waits)

    def _mark_waits(self, _event: Any) -> None:
        self.wait_marks.append({k: len(s.waits) for k, s in self.sites.items()})

    def finished(self, dossier: Any, outcome: str, at: float) -> None:
        """An outcome at ``at`` (inf: still open at the end of the run)."""
        first = 0  # a carried-over dossier is open from the start
        if not dossier.carried:
            first = bisect_right(self.edges, dossier.arrived_at)
            # a new dossier that gave up is not one of the quarter's arrivals
            self.arrivals[first] += outcome != GAVE_UP
            self.online[first] += dossier.channel is ONLINE
        last = bisect_left(self.edges, at)  # an outcome at a quarter's last minute is in it
        if outcome in (ON_TIME, LATE):
            self.resolved[last] += 1
            self.late[last] += outcome == LATE
        for quarter in range(first, min(last, len(self.edges))):
            edge = self.edges[quarter]
            self.pending[quarter] += 1
            kind = pending_at(dossier, edge)
            self.within[quarter] += kind is PENDING_WITHIN
            self.overdue[quarter] += kind is PENDING_OVERDUE

    def metrics(self) -> dict[str, float]:
        values: dict[str, float] = {}
        for i, label in enumerate(self.labels):
            resolved, late = self.resolved[i], self.late[i]
            values[f"arrivals.{label}"] = float(self.arrivals[i])
            values[f"online_share.{label}"] = _ratio(self.online[i], self.arrivals[i])
            values[f"resolved.{label}"] = float(resolved)
            values[f"resolved_late.{label}"] = float(late)
            values[f"late_rate.{label}"] = _ratio(late, resolved)
            values[f"on_time_rate.{label}"] = _ratio(resolved - late, resolved)
            values[f"pending.{label}"] = float(self.pending[i])
            values[f"pending_within_deadline.{label}"] = float(self.within[i])
            values[f"pending_overdue.{label}"] = float(self.overdue[i])
        values.update(self._waits())
        return values

    def _waits(self) -> dict[str, float]:
        sites = self.sites
        ends = [*self.wait_marks, {k: len(s.waits) for k, s in sites.items()}]
        values: dict[str, float] = {}
        for i, label in enumerate(self.labels):
            parts = {}
            for name, site in sites.items():
                low = self.wait_marks[i - 1][name] if i else 0
                waits = np.frombuffer(site.waits, dtype=float) if site.waits else np.empty(0)
                parts[name] = waits[low : ends[i][name]]
            everyone = np.concatenate(list(parts.values())) if parts else np.empty(0)
            values.update(wait_metrics(everyone, f".{label}"))
            if WAIT_SITE in parts:
                values.update(wait_metrics(parts[WAIT_SITE], f".{WAIT_SITE}.{label}"))
        return values


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else math.nan
