"""Calendar periods for reporting: ISO weeks and quarters, and counting events into them.

Values layer (no SimPy): the model buckets closures into periods as they happen
(streaming, so memory does not grow with the number of dossiers) and the analysis
turns the buckets into rates.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum


class Period(Enum):
    WEEK = "week"
    QUARTER = "quarter"


def period_label(day: date, period: Period) -> str:
    """``2022Q1`` for quarters; ``2022W05`` (ISO week, Monday first) for weeks."""
    if period is Period.QUARTER:
        return f"{day.year}Q{(day.month - 1) // 3 + 1}"
    year, week, _ = day.isocalendar()
    return f"{year}W{week:02d}"


def quarter_start(label: str) -> date:
    """The first day of a quarter label such as ``2023Q3``."""
    year, quarter = int(label[:4]), int(label[5])
    return date(year, 3 * (quarter - 1) + 1, 1)


def add_months(day: date, months: int) -> date:
    """The same day of the month ``months`` later (clipped to the month's last day)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(day.day, last))


def next_quarter(day: date) -> date:
    """The first day of the quarter after the one containing ``day``."""
    month = 3 * ((day.month - 1) // 3) + 4
    return date(day.year + (month > 12), (month - 1) % 12 + 1, 1)


@dataclass(frozen=True, kw_only=True)
class PeriodCount:
    label: str
    resolved: int
    late: int

    @property
    def late_rate(self) -> float:
        return self.late / self.resolved if self.resolved else float("nan")


def count_by_period(closures: Iterable[tuple[date, bool]], period: Period) -> list[PeriodCount]:
    """Resolved and late dossiers per period from (closed on, late?) records, in time order."""
    resolved: dict[str, int] = {}
    late: dict[str, int] = {}
    for day, was_late in closures:
        label = period_label(day, period)
        resolved[label] = resolved.get(label, 0) + 1
        late[label] = late.get(label, 0) + int(was_late)
    return [PeriodCount(label=k, resolved=resolved[k], late=late[k]) for k in sorted(resolved)]
