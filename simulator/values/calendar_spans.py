"""Working minutes of many spans at once: the array form of ``working_minutes_between``.

A run's recorder needs the open minutes from a dossier's paper result to its closing and
from its arrival to its closing for every resolved dossier, only to add them up; one
``WorkingCalendar.working_minutes_between`` per span is a microsecond of Python, so the
recorder keeps the spans and asks here once, at the end. The arithmetic is the method's,
element by element: the minutes worked up to t are (worked at the last opening at or
before t + min(t, its closing)) - that opening, or 0 before the first opening, and a
span is the difference, so every element is the very float the method returns. It reads
the calendar's session tables after covering the spans' times through the method itself
(which also rejects a negative or NaN time, as one call would).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from simulator.values.calendar import WorkingCalendar


def working_minutes_spans(
    calendar: WorkingCalendar, starts: Sequence[float], ends: Sequence[float]
) -> np.ndarray:
    """``calendar.working_minutes_between(starts[k], ends[k])`` for every k, as an array."""
    t0, t1 = np.asarray(starts, dtype=float), np.asarray(ends, dtype=float)
    for times in (t0, t1):
        if times.size:  # extends the tables to cover them, or raises as the method would
            calendar.working_minutes_between(float(times.min()), float(times.max()))
    if not calendar._opens:  # no session at all: nothing is ever open
        return np.zeros(t1.shape) - np.zeros(t0.shape)
    tables = [np.array(t) for t in (calendar._opens, calendar._closes, calendar._worked_at_open)]
    return _worked(t1, *tables) - _worked(t0, *tables)


def _worked(t: np.ndarray, opens: np.ndarray, closes: np.ndarray, at_open: np.ndarray):
    """Working minutes from the calendar's start up to each t (``WorkingCalendar._worked``)."""
    index = np.searchsorted(opens, t, side="right") - 1
    last = np.maximum(index, 0)
    worked = at_open[last] + np.minimum(t, closes[last]) - opens[last]
    return np.where(index >= 0, worked, 0.0)
