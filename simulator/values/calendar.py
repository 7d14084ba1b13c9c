"""The working calendar: when a one-stop shop is open, and statutory deadlines.

Simulation time ``t`` is a float: minutes since 00:00 of the calendar's start date.
A day is a working day when it is an extra working day of the scenario, or a working
weekday that is neither a public holiday (``holidays`` package, observed days included;
Vietnam's from a table made from it, see ``public_holidays.py``)
nor an extra day off; an explicit extra day off wins over everything. On working days
the office is open during each session, ``open <= t < close``.

The hot queries (``is_open``, ``next_open``, ``add_working_minutes``,
``working_minutes_between``, ``deadline``) run hundreds of thousands of times per run,
so the constructor precomputes plain sorted lists (session openings and closings, the
working minutes worked before each, and a running count of working days) and the
queries answer with ``bisect``. Tables are extended on demand when a query reaches
past them, so multi-year projections stay correct.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date, time, timedelta

from simulator.values.public_holidays import holiday_dates

MINUTES_PER_DAY = 1440
# The holidays package knows lunar holidays (Tết) only up to about 2100; a century of
# tables is far more than any projection and stops runaway growth on a bad time.
MAX_DAYS = 100 * 366
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
CLOCK_PATTERN = re.compile(r"(\d{1,2}):(\d{2})")
CLOCK_ALLOWED = 'must be a time "HH:MM" between "00:00" and "24:00"'


def clock_minutes(clock: str | int | time) -> int:
    """Minutes after midnight of "HH:MM", a ``datetime.time`` or whole minutes (0..1440)."""
    if isinstance(clock, time):
        if clock.second or clock.microsecond or clock.tzinfo:
            raise ValueError(f"clock time {clock} must be whole minutes, without time zone")
        return clock.hour * 60 + clock.minute
    if isinstance(clock, str):
        match = CLOCK_PATTERN.fullmatch(clock.strip())
        if match is None or int(match[2]) > 59:
            raise ValueError(f"clock time {clock!r} is not HH:MM")
        clock = int(match[1]) * 60 + int(match[2])
    if isinstance(clock, bool) or not isinstance(clock, int) or not 0 <= clock <= MINUTES_PER_DAY:
        raise ValueError(f"clock time {clock!r} is not within 00:00..24:00")
    return clock


@dataclass(frozen=True, kw_only=True)
class CalendarSpec:
    """What a scenario says about opening hours and days (see the module docstring)."""

    start: date
    sessions: tuple[tuple[int, int], ...] = ((420, 690), (810, 1020))
    workdays: frozenset[int] = frozenset({0, 1, 2, 3, 4})
    country: str | None = "VN"
    extra_days_off: frozenset[date] = frozenset()
    extra_working_days: frozenset[date] = frozenset()
    same_day_cutoff: int = 900

    def __post_init__(self) -> None:
        # Programmer errors only: scenario files are checked, with locations, by parse_calendar.
        if not self.sessions:
            raise ValueError("a calendar needs at least one session")
        previous_close = 0
        for opens, closes in self.sessions:
            if not previous_close <= opens < closes <= MINUTES_PER_DAY:
                raise ValueError(f"sessions {self.sessions} must be increasing, within a day")
            previous_close = closes
        if not self.workdays <= set(range(7)):
            raise ValueError(f"workdays {set(self.workdays)} must be numbers 0 (Mon) to 6 (Sun)")
        if not 0 <= self.same_day_cutoff <= MINUTES_PER_DAY:
            raise ValueError(f"same_day_cutoff {self.same_day_cutoff} must be within a day")


class WorkingCalendar:
    """Answers opening-hour and deadline questions for one ``CalendarSpec``."""

    def __init__(self, spec: CalendarSpec, horizon_days: int = 800) -> None:
        self.spec = spec
        self.start = spec.start
        self._last_close = spec.sessions[-1][1]
        self._holiday_dates: set[date] = set()
        self._holiday_years: set[int] = set()
        # Per day (index = days since start): is it a working day, and a running count.
        self._working: list[bool] = []
        self._day_count: list[int] = [0]  # working days among days [0, i)
        # Per session of a working day, in time order.
        self._opens: list[float] = []
        self._closes: list[float] = []
        self._worked_at_open: list[float] = []  # working minutes since start before it opens
        self._worked_at_close: list[float] = []  # ... and when it closes
        self._end = 0.0  # first t the tables do not cover
        self._extend(min(max(1, horizon_days), MAX_DAYS))

    # --- building the tables -------------------------------------------------------------

    def _extend(self, n_days: int) -> None:
        """Add days up to (excluding) day index n_days to the tables."""
        first = len(self._working)
        self._load_holidays(self.start + timedelta(days=first), self.start + timedelta(n_days))
        for index in range(first, n_days):
            working = self._by_rule(self.start + timedelta(days=index))
            self._working.append(working)
            self._day_count.append(self._day_count[-1] + working)
            if working:
                self._add_sessions(index)
        self._end = float(n_days * MINUTES_PER_DAY)

    def _add_sessions(self, index: int) -> None:
        worked = self._worked_at_close[-1] if self._worked_at_close else 0.0
        base = index * MINUTES_PER_DAY
        for opens, closes in self.spec.sessions:
            self._opens.append(float(base + opens))
            self._closes.append(float(base + closes))
            self._worked_at_open.append(worked)
            worked += closes - opens
            self._worked_at_close.append(worked)

    def _load_holidays(self, first: date, last: date) -> None:
        """Load public holidays of every year from first to last (and neighbours)."""
        if self.spec.country is None:
            return
        # Neighbouring years too: an observed day can fall in the next calendar year.
        years = set(range(first.year - 1, last.year + 2)) - self._holiday_years
        if not years:
            return
        try:
            found = holiday_dates(self.spec.country, years)
        except NotImplementedError as error:
            raise ValueError(f"unknown holidays country {self.spec.country!r}") from error
        self._holiday_dates.update(found)
        self._holiday_years |= years

    def _by_rule(self, day: date) -> bool:
        """Whether day is a working day; holidays of its year must be loaded."""
        if day in self.spec.extra_days_off:
            return False
        if day in self.spec.extra_working_days:
            return True
        return day.weekday() in self.spec.workdays and day not in self._holiday_dates

    def _grow(self, min_days: int) -> None:
        """Extend the tables to at least min_days days (doubling, to amortise)."""
        if min_days > MAX_DAYS:
            raise ValueError(
                f"time is beyond the calendar's limit of {MAX_DAYS} days after {self.start}"
            )
        self._extend(min(max(min_days, 2 * len(self._working)), MAX_DAYS))

    def _grow_for_working_time(self) -> None:
        """Extend the tables because a query needs working time beyond them."""
        covered = self.start + timedelta(days=len(self._working))
        if not self.spec.workdays and covered > max(self.spec.extra_working_days, default=covered):
            raise ValueError(f"the calendar has no working day after {covered}")
        self._grow(len(self._working) + 1)

    def _cover(self, t: float) -> None:
        """Make the tables cover t (called only when t is outside them)."""
        if not t >= 0.0 or not math.isfinite(t):
            raise ValueError(f"time {t!r} is before the calendar start or not a number")
        self._grow(int(t // MINUTES_PER_DAY) + 1)

    def _index(self, day: date) -> int:
        """Day index of a date, extending the tables to cover it."""
        index = (day - self.start).days
        if index < 0:
            raise ValueError(f"{day} is before the calendar start {self.start}")
        if index >= len(self._working):
            self._grow(index + 1)
        return index

    def _time_index(self, t: float) -> int:
        if not 0.0 <= t < self._end:
            self._cover(t)
        return int(t // MINUTES_PER_DAY)

    def _worked(self, t: float) -> float:
        """Working minutes from the start up to t (t covered by the tables): the definition
        the hot methods write out (tests/test_calendar.py holds them to it)."""
        i = bisect_right(self._opens, t) - 1
        if i < 0:
            return 0.0
        close = self._closes[i]  # min(t, close) without the call: the same float
        return self._worked_at_open[i] + (t if t < close else close) - self._opens[i]

    def _nth_working(self, index: int, n: int) -> int:
        """Index of the n-th working day after day index (n == 0: itself if working, else next)."""
        if n == 0:
            if self._working[index]:
                return index
            n = 1
        wanted = self._day_count[index + 1] + n
        while self._day_count[-1] < wanted:
            self._grow_for_working_time()
        return bisect_left(self._day_count, wanted, index + 2) - 1

    # --- dates and clock times -----------------------------------------------------------

    def date_of(self, t: float) -> date:
        """The calendar date containing t."""
        return self.start + timedelta(days=int(t // MINUTES_PER_DAY))

    def at(self, day: date, clock: str | int = 0) -> float:
        """The t of a date at "HH:MM" or at whole minutes after midnight."""
        return float((day - self.start).days * MINUTES_PER_DAY + clock_minutes(clock))

    def day_start(self, t: float) -> float:
        """The t of 00:00 on t's date."""
        return float(t // MINUTES_PER_DAY * MINUTES_PER_DAY)

    def close_of_day(self, day: date) -> float:
        """The t of the last session's close on that date (working day or not)."""
        return float((day - self.start).days * MINUTES_PER_DAY + self._last_close)

    # --- working days --------------------------------------------------------------------

    def is_working_day(self, day: date) -> bool:
        """Whether the office opens on that date (any date, even before the start)."""
        index = (day - self.start).days
        if 0 <= index < len(self._working):
            return self._working[index]
        self._load_holidays(day, day)
        return self._by_rule(day)

    def is_public_holiday(self, day: date) -> bool:
        """Whether the date is a public holiday (observed days included), any weekday."""
        self._load_holidays(day, day)
        return day in self._holiday_dates

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after day."""
        return self.add_working_days(day, 1)

    def add_working_days(self, day: date, n: int) -> date:
        """The n-th working day after day; n == 0 gives day itself if working, else the next."""
        if n < 0:
            raise ValueError(f"add_working_days needs n >= 0, got {n}")
        return self.start + timedelta(days=self._nth_working(self._index(day), n))

    def working_days_in(self, first: date, last: date) -> int:
        """How many working days lie in [first, last] (0 if last is before first)."""
        if last < first:
            return 0
        return self._day_count[self._index(last) + 1] - self._day_count[self._index(first)]

    def working_days_between(self, t0: float, t1: float) -> int:
        """Working days after date_of(t0) up to and including date_of(t1); negative if reversed."""
        i0, i1 = self._time_index(t0), self._time_index(t1)
        return self._day_count[i1 + 1] - self._day_count[i0 + 1]

    # --- working time (the hot path) -----------------------------------------------------

    def is_open(self, t: float) -> bool:
        """Whether t is inside a session of a working day (open <= t < close)."""
        if not 0.0 <= t < self._end:
            self._cover(t)
        i = bisect_right(self._opens, t) - 1
        return i >= 0 and t < self._closes[i]

    def next_open(self, t: float) -> float:
        """t itself if the office is open then, else the next session's opening."""
        if not 0.0 <= t < self._end:
            self._cover(t)
        i = bisect_right(self._opens, t) - 1
        if i >= 0 and t < self._closes[i]:
            return t
        while i + 1 >= len(self._opens):
            self._grow_for_working_time()
        return self._opens[i + 1]

    def working_minutes_between(self, t0: float, t1: float) -> float:
        """Open minutes in [t0, t1]; negative if t1 is before t0."""
        if not 0.0 <= t0 < self._end:
            self._cover(t0)
        if not 0.0 <= t1 < self._end:
            self._cover(t1)
        # ``_worked`` twice, written out (a hot path); the same arithmetic, so the same floats
        opens, closes, at_open = self._opens, self._closes, self._worked_at_open
        i = bisect_right(opens, t1) - 1
        if i < 0:
            worked1 = 0.0
        else:
            close = closes[i]
            worked1 = at_open[i] + (t1 if t1 < close else close) - opens[i]
        i = bisect_right(opens, t0) - 1
        if i < 0:
            return worked1 - 0.0
        close = closes[i]
        return worked1 - (at_open[i] + (t0 if t0 < close else close) - opens[i])

    def add_working_minutes(self, t: float, minutes: float) -> float:
        """The earliest s >= t with working_minutes_between(t, s) == minutes (minutes >= 0).

        Work ending exactly at a closing time ends then, not at the next opening.
        """
        if not minutes > 0.0:
            if minutes == 0.0:
                return t
            raise ValueError(f"add_working_minutes needs minutes >= 0, got {minutes!r}")
        if not 0.0 <= t < self._end:
            self._cover(t)
        i = bisect_right(self._opens, t) - 1
        if i < 0:
            worked = 0.0
        else:
            close = self._closes[i]
            # Fast and exact when the work fits in the session that is open now.
            if t + minutes <= close:
                return t + minutes
            worked = self._worked_at_open[i] + (t if t < close else close) - self._opens[i]
        while not self._worked_at_close or worked + minutes > self._worked_at_close[-1]:
            self._grow_for_working_time()
        j = bisect_left(self._worked_at_close, worked + minutes)
        # What is left for session j, computed so that starting just before an opening
        # gives exactly the same end as starting at it; the comparison below (max(t, end))
        # guards against rounding.
        left = minutes - (self._worked_at_open[j] - worked)
        end = self._opens[j] + left
        return end if end > t else t  # max(t, end) without the call (a hot path)

    def subtract_working_minutes(self, t: float, minutes: float) -> float:
        """An s <= t with working_minutes_between(s, t) == minutes (a session's close rather
        than the next opening when it falls between sessions), never before 0.

        A reminder "N working days before the deadline" is the deadline less N days of
        open minutes; with less open time than that since the start, the start itself.
        """
        if minutes < 0.0:
            raise ValueError(f"subtract_working_minutes needs minutes >= 0, got {minutes!r}")
        if not 0.0 <= t < self._end:
            self._cover(t)
        # ``_worked(t)`` written out (a hot path); the same arithmetic, so the same floats
        i = bisect_right(self._opens, t) - 1
        worked = 0.0
        if i >= 0:
            close = self._closes[i]
            worked = self._worked_at_open[i] + (t if t < close else close) - self._opens[i]
        wanted = worked - minutes
        if wanted <= 0.0:
            return 0.0
        j = bisect_left(self._worked_at_close, wanted)
        return self._opens[j] + (wanted - self._worked_at_open[j])

    def deadline(self, received_at: float, days: int) -> float:
        """The appointment t of a procedure whose statutory time is ``days`` working days.

        Counting starts on day d0: the receipt date if it is a working day, the receipt
        is before that day's last closing time and, for days == 0 only, before the
        same-day cut-off (15:00 by default); otherwise d0 is the next working day.
        days == 0 is due at the close of d0; days >= 1 at the close of the days-th
        working day after d0. A receipt before opening on a working day counts that day.
        """
        if days < 0:
            raise ValueError(f"deadline needs days >= 0, got {days}")
        if not 0.0 <= received_at < self._end:  # ``_time_index`` written out (a hot path)
            self._cover(received_at)
        index = int(received_at // MINUTES_PER_DAY)
        clock = received_at - index * MINUTES_PER_DAY
        counts_today = (
            self._working[index]
            and clock < self._last_close
            and (days > 0 or clock < self.spec.same_day_cutoff)
        )
        # Counting from the next working day is the same as one more day after today.
        due = self._nth_working(index, days if counts_today else days + 1)
        return float(due * MINUTES_PER_DAY + self._last_close)
