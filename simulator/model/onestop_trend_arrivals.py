"""New dossiers under trends and dated changes (``onestop_trends``), over many quarters.

The slots and their weights are those of ``onestop_arrivals``; what changes is the
expected count of a slot. ``expected_new`` is read as the expected number of new
dossiers in the *reference period*: the first three months from the start (or the
whole horizon if shorter), so that a Q1 calibration keeps its meaning when the
horizon is extended. A slot of a channel profile (in person, online) then expects

    expected_new x weight / (sum of the profile's weights in the reference period)
                 x channel share on the slot's day x (1 + growth) ** (quarter index)

where the quarter index counts calendar quarters after the start's quarter, and the
channel share comes from the online trend (walk-in and postal scaled down
proportionally) or, without one, from the epoch (``[[changes]]``) of the slot's day.
Counts are Poisson and times uniform within slots, as in ``onestop_arrivals``.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date, timedelta
from typing import Any

import numpy as np

from simulator.values.calendar import MINUTES_PER_DAY
from simulator.values.onestop_trends import Trends, online_share_at
from simulator.values.onestop_values import Channel
from simulator.values.periods import add_months


def uses_trends(scenario: Any) -> bool:
    """True when the plain single-period arrival draw does not describe the scenario."""
    return scenario.quarterly or scenario.trends is not None or bool(scenario.epochs)


def _quarter_index(start: date, day: date) -> int:
    return (day.year - start.year) * 4 + (day.month - 1) // 3 - (start.month - 1) // 3


def daily_factors(scenario: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per day of the horizon: growth factor, online share, postal share of in-person."""
    trends = scenario.trends or Trends()
    starts = [e.start for e in scenario.epochs]
    epochs = [scenario, *(e.values for e in scenario.epochs)]
    base_online = scenario.channels[Channel.ONLINE]
    growth, online, postal = [], [], []
    for index in range((scenario.end - scenario.start).days + 1):
        day = scenario.start + timedelta(days=index)
        quarter = _quarter_index(scenario.start, day)
        shares = epochs[bisect_right(starts, day)].channels
        growth.append((1.0 + trends.arrival_growth_per_quarter) ** quarter)
        if trends.moves_online:
            online.append(online_share_at(trends, base_online, scenario.start, day, quarter))
        else:
            online.append(shares[Channel.ONLINE])
        inperson = shares[Channel.WALKIN] + shares[Channel.POSTAL]
        postal.append(shares[Channel.POSTAL] / inperson if inperson > 0 else 0.0)
    return np.array(growth), np.array(online), np.array(postal)


def reference_end(scenario: Any) -> float:
    """The minute the reference period of ``expected_new`` ends (see the module docstring)."""
    end = min(add_months(scenario.start, 3), scenario.end + timedelta(days=1))
    return float((end - scenario.start).days * MINUTES_PER_DAY)


def _draw(table: np.ndarray, factor: np.ndarray, expected: float, reference: float, rng) -> Any:
    if table.size == 0 or expected <= 0:
        return np.empty(0)
    weights = table[:, 2]
    norm = weights[table[:, 0] < reference].sum() or weights.sum()
    days = (table[:, 0] // MINUTES_PER_DAY).astype(np.int64)
    counts = rng.poisson(expected * weights * factor[days] / norm)
    starts = np.repeat(table[:, 0], counts)
    lengths = np.repeat(table[:, 1], counts)
    return starts + rng.random(starts.size) * lengths


def trend_times(scenario: Any, calendar: Any, streams: Any, slots: Any) -> tuple:
    """In-person times, online times and which in-person dossiers are postal."""
    growth, online, postal = daily_factors(scenario)
    reference = reference_end(scenario)
    expected = scenario.arrivals.expected_new
    inperson_times = _draw(
        slots(scenario, calendar, online=False),
        growth * (1.0 - online),
        expected,
        reference,
        streams.generator("arrivals.inperson"),
    )
    online_times = _draw(
        slots(scenario, calendar, online=True),
        growth * online,
        expected,
        reference,
        streams.generator("arrivals.online"),
    )
    days = (inperson_times // MINUTES_PER_DAY).astype(np.int64)
    is_postal = streams.generator("arrivals.channel").random(inperson_times.size) < postal[days]
    return inperson_times, online_times, is_postal
