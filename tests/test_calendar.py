"""The working calendar: opening hours, Vietnamese holidays and statutory deadlines."""

from __future__ import annotations

import math
import tomllib
from datetime import date, timedelta

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from simulator.values.calendar import CalendarSpec, WorkingCalendar
from simulator.values.calendar_table import parse_calendar
from simulator.values.errors import Location, ScenarioError
from simulator.values.validate import Table

START = date(2022, 1, 1)
CAL = WorkingCalendar(CalendarSpec(start=START))


def when(day: date, clock: str, cal: WorkingCalendar = CAL) -> float:
    return cal.at(day, clock)


def shown(t: float, cal: WorkingCalendar = CAL) -> tuple[date, str]:
    """A time as (date, "HH:MM"), for readable assertions."""
    minutes = round(t - cal.day_start(t))
    return cal.date_of(t), f"{minutes // 60:02d}:{minutes % 60:02d}"


# --- working days ----------------------------------------------------------------------


def test_first_quarter_of_2022_has_58_working_days():
    """Q1/2022 has 58 working days: 19 in January, 16 in February, 23 in March."""
    assert CAL.working_days_in(date(2022, 1, 1), date(2022, 1, 31)) == 19
    assert CAL.working_days_in(date(2022, 2, 1), date(2022, 2, 28)) == 16
    assert CAL.working_days_in(date(2022, 3, 1), date(2022, 3, 31)) == 23
    assert CAL.working_days_in(date(2022, 1, 1), date(2022, 3, 31)) == 58


def test_new_year_and_tet_2022_are_days_off():
    """1 Jan (observed Mon 3 Jan) and Tết, Mon 31 Jan to Fri 4 Feb 2022, are days off."""
    assert not CAL.is_working_day(date(2022, 1, 3))
    assert CAL.is_working_day(date(2022, 1, 4))
    tet = [date(2022, 1, 31) + timedelta(days=i) for i in range(5)]
    assert not any(CAL.is_working_day(day) for day in tet)
    assert CAL.next_working_day(date(2022, 1, 28)) == date(2022, 2, 7)


def test_a_one_day_dossier_received_before_tet_is_due_after_it():
    """Received Fri 28 Jan 2022 10:00 with 1 working day: due Mon 7 Feb 2022 17:00."""
    due = CAL.deadline(when(date(2022, 1, 28), "10:00"), days=1)
    assert shown(due) == (date(2022, 2, 7), "17:00")


def test_without_public_holidays_tet_is_worked():
    """With holidays = "none" the Tết weekdays are ordinary working days."""
    cal = WorkingCalendar(CalendarSpec(start=START, country=None))
    assert cal.is_working_day(date(2022, 2, 1))
    assert cal.working_days_in(date(2022, 1, 1), date(2022, 3, 31)) == 64


# --- deadlines -------------------------------------------------------------------------


def test_same_day_dossier_received_before_the_cutoff_is_due_today():
    """Received Thu 10 Mar 2022 at 14:59, a same-day procedure is due 17:00 that day."""
    due = CAL.deadline(when(date(2022, 3, 10), "14:59"), days=0)
    assert shown(due) == (date(2022, 3, 10), "17:00")


def test_same_day_dossier_received_after_the_cutoff_is_due_tomorrow():
    """Received Thu 10 Mar 2022 at 15:01, a same-day procedure is due Fri 17:00."""
    due = CAL.deadline(when(date(2022, 3, 10), "15:01"), days=0)
    assert shown(due) == (date(2022, 3, 11), "17:00")


def test_same_day_dossier_received_late_on_friday_is_due_monday():
    """Received Fri 11 Mar 2022 at 16:00, a same-day procedure is due Mon 14 Mar 17:00."""
    due = CAL.deadline(when(date(2022, 3, 11), "16:00"), days=0)
    assert shown(due) == (date(2022, 3, 14), "17:00")


def test_the_cutoff_only_applies_to_same_day_procedures():
    """Received Fri 16:00 with 1 working day, Friday still counts: due Monday."""
    due = CAL.deadline(when(date(2022, 3, 11), "16:00"), days=1)
    assert shown(due) == (date(2022, 3, 14), "17:00")


def test_a_receipt_after_closing_counts_from_the_next_working_day():
    """Received Fri 11 Mar 2022 at 17:30 with 1 working day: Monday counts, due Tuesday."""
    due = CAL.deadline(when(date(2022, 3, 11), "17:30"), days=1)
    assert shown(due) == (date(2022, 3, 15), "17:00")


def test_a_receipt_on_a_weekend_counts_from_monday():
    """Received Sat 12 Mar 2022 with 0 and 2 working days: due Mon 14 and Wed 16 Mar."""
    saturday = when(date(2022, 3, 12), "09:00")
    assert shown(CAL.deadline(saturday, 0)) == (date(2022, 3, 14), "17:00")
    assert shown(CAL.deadline(saturday, 2)) == (date(2022, 3, 16), "17:00")


# --- working minutes -------------------------------------------------------------------


def test_work_crossing_closing_time_resumes_next_morning():
    """20 minutes of work started Thu 16:50 end Fri 07:10."""
    end = CAL.add_working_minutes(when(date(2022, 3, 10), "16:50"), 20)
    assert shown(end) == (date(2022, 3, 11), "07:10")


def test_work_crossing_the_lunch_break_resumes_after_it():
    """20 minutes of work started 11:20 end 13:40."""
    end = CAL.add_working_minutes(when(date(2022, 3, 10), "11:20"), 20)
    assert shown(end) == (date(2022, 3, 10), "13:40")


def test_work_crossing_a_weekend_resumes_on_monday():
    """20 minutes of work started Fri 16:50 end Mon 07:10."""
    end = CAL.add_working_minutes(when(date(2022, 3, 11), "16:50"), 20)
    assert shown(end) == (date(2022, 3, 14), "07:10")


def test_work_ending_at_closing_time_ends_then():
    """10 minutes of work started 16:50 end at 17:00, not at the next opening."""
    end = CAL.add_working_minutes(when(date(2022, 3, 10), "16:50"), 10)
    assert shown(end) == (date(2022, 3, 10), "17:00")


def test_working_minutes_of_a_full_week():
    """A Monday-to-Friday week without holidays has 5 x 8 working hours."""
    week = CAL.working_minutes_between(
        when(date(2022, 3, 14), "00:00"), when(date(2022, 3, 19), "00:00")
    )
    assert week == 5 * 8 * 60


def test_opening_hours():
    """The office is open 07:00 to 11:30 and 13:30 to 17:00, closed at lunch and at night."""
    day = date(2022, 3, 10)
    assert CAL.is_open(when(day, "07:00"))
    assert not CAL.is_open(when(day, "11:30"))
    assert shown(CAL.next_open(when(day, "12:00"))) == (day, "13:30")
    assert shown(CAL.next_open(when(day, "17:00"))) == (date(2022, 3, 11), "07:00")


# --- scenario days ---------------------------------------------------------------------


def test_an_extra_working_saturday_opens_the_office():
    """With Sat 12 Mar 2022 as an extra working day, Friday's late work ends Saturday."""
    saturday = date(2022, 3, 12)
    cal = WorkingCalendar(CalendarSpec(start=START, extra_working_days=frozenset({saturday})))
    assert cal.is_working_day(saturday)
    assert cal.is_open(when(saturday, "08:00", cal))
    end = cal.add_working_minutes(when(date(2022, 3, 11), "16:50", cal), 20)
    assert shown(end, cal) == (saturday, "07:10")


def test_an_extra_day_off_closes_the_office():
    """With Mon 14 Mar 2022 off, a one-day dossier received Friday is due Tuesday."""
    monday = date(2022, 3, 14)
    cal = WorkingCalendar(CalendarSpec(start=START, extra_days_off=frozenset({monday})))
    assert not cal.is_working_day(monday)
    due = cal.deadline(when(date(2022, 3, 11), "10:00", cal), 1)
    assert shown(due, cal) == (date(2022, 3, 15), "17:00")


def test_an_extra_day_off_wins_over_an_extra_working_day():
    """A date listed both as extra working day and as extra day off is a day off."""
    saturday = date(2022, 3, 12)
    both = frozenset({saturday})
    cal = WorkingCalendar(CalendarSpec(start=START, extra_days_off=both, extra_working_days=both))
    assert not cal.is_working_day(saturday)


# --- long projections and bad times ----------------------------------------------------


def test_tables_grow_lazily_for_long_projections():
    """A calendar built for 10 days answers in 2026 exactly as one built for 2000 days."""
    small = WorkingCalendar(CalendarSpec(start=START), horizon_days=10)
    large = WorkingCalendar(CalendarSpec(start=START), horizon_days=2000)
    t = when(date(2026, 2, 13), "16:00", small)
    assert small.add_working_minutes(t, 120) == large.add_working_minutes(t, 120)
    assert small.deadline(t, 3) == large.deadline(t, 3)
    assert small.working_minutes_between(0, t) == large.working_minutes_between(0, t)
    # Tết 2026 (16-20 Feb) is known although the calendar was built in 2022.
    assert small.next_working_day(date(2026, 2, 13)) == date(2026, 2, 23)


def test_times_before_the_start_are_refused():
    """A negative time, or a date before the start, raises ValueError."""
    with pytest.raises(ValueError):
        CAL.is_open(-1.0)
    with pytest.raises(ValueError):
        CAL.add_working_days(date(2021, 12, 31), 1)
    with pytest.raises(ValueError):
        CAL.next_open(float("nan"))


def test_a_calendar_with_no_working_day_left_says_so():
    """Asking for working time after the last extra working day raises ValueError."""
    only = date(2022, 1, 8)
    cal = WorkingCalendar(
        CalendarSpec(start=START, workdays=frozenset(), extra_working_days=frozenset({only}))
    )
    assert cal.next_working_day(date(2022, 1, 1)) == only
    with pytest.raises(ValueError, match="no working day"):
        cal.next_open(when(only, "18:00", cal))


# --- reading the [calendar] table --------------------------------------------------------


def read(text: str) -> CalendarSpec:
    data = tomllib.loads("[calendar]\n" + text)
    return parse_calendar(Table(data["calendar"], Location("s.toml", "calendar")), START)


def test_an_empty_table_gives_the_defaults():
    """An empty [calendar] table means Mon-Fri, 07:00-11:30 and 13:30-17:00, VN holidays."""
    assert read("") == CalendarSpec(start=START)


def test_a_full_table_is_read():
    """Every key of a [calendar] table reaches the spec."""
    spec = read(
        """
        sessions = [["07:30", "11:30"], ["13:00", "16:30"]]
        workdays = ["mon", "tue", "wed", "thu", "fri", "Saturday"]
        holidays = "none"
        extra_days_off = [2022-04-11, "2022-04-12"]
        extra_working_days = ["2022-01-09"]
        same_day_cutoff = "14:00"
        """
    )
    assert spec == CalendarSpec(
        start=START,
        sessions=((450, 690), (780, 990)),
        workdays=frozenset(range(6)),
        country=None,
        extra_days_off=frozenset({date(2022, 4, 11), date(2022, 4, 12)}),
        extra_working_days=frozenset({date(2022, 1, 9)}),
        same_day_cutoff=840,
    )


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('sessions = [["07:00", "11:30"], ["11:00", "17:00"]]', "calendar.sessions[1]"),
        ('sessions = [["07:00", "7h30"]]', "calendar.sessions[0][1]"),
        ('sessions = [["12:00", "08:00"]]', "calendar.sessions[0]"),
        ('sessions = [["07:00"]]', "calendar.sessions[0]"),
        ("sessions = []", "calendar.sessions"),
        ('workdays = ["mon", "funday"]', "calendar.workdays[1]"),
        ("workdays = []", "calendar.workdays"),
        ('holidays = "XX"', "calendar.holidays"),
        ('extra_days_off = ["2022-13-01"]', "calendar.extra_days_off[0]"),
        ("extra_working_days = [2022-01-08T08:00:00]", "calendar.extra_working_days[0]"),
        ("same_day_cutoff = 15", "calendar.same_day_cutoff"),
        ('same_day_cutoff = "25:00"', "calendar.same_day_cutoff"),
        ('lunch = ["11:30", "13:30"]', "calendar.lunch"),
    ],
)
def test_a_bad_table_names_the_bad_key(text: str, key: str):
    """Each bad value raises a ScenarioError naming its key path."""
    with pytest.raises(ScenarioError) as caught:
        read(text)
    assert caught.value.key == key
    assert f"s.toml: {key} = " in str(caught.value)


# --- properties ------------------------------------------------------------------------

HORIZON = 3 * 365 * 1440.0
times = st.floats(0.0, HORIZON, allow_nan=False)
minutes = st.floats(0.0, 20_000.0, allow_nan=False)


@st.composite
def calendars(draw: st.DrawFn) -> WorkingCalendar:
    """Random opening hours, working weeks and start dates; small tables that must grow."""
    points = draw(st.lists(st.integers(0, 1440), min_size=2, max_size=6, unique=True))
    points = sorted(points)[: len(points) // 2 * 2]
    # At least an hour a day, so that 20 000 minutes of work fit in the 100-year limit.
    assume(sum(points[1::2]) - sum(points[::2]) >= 60)
    spec = CalendarSpec(
        start=draw(st.dates(date(2015, 1, 1), date(2035, 12, 31))),
        sessions=tuple(zip(points[::2], points[1::2], strict=True)),
        workdays=draw(st.frozensets(st.integers(0, 6), min_size=1)),
        country=draw(st.sampled_from(["VN", None])),
    )
    return WorkingCalendar(spec, horizon_days=draw(st.integers(1, 60)))


some_calendar = st.one_of(st.just(CAL), calendars())


@settings(deadline=None)
@given(some_calendar, times, times, minutes)
def test_adding_work_is_monotone_in_the_start(cal, t1, t2, m):
    """Starting later never finishes earlier."""
    t1, t2 = sorted((t1, t2))
    assert cal.add_working_minutes(t1, m) <= cal.add_working_minutes(t2, m)


@settings(deadline=None)
@given(some_calendar, times, minutes, minutes)
def test_adding_work_is_monotone_in_the_minutes(cal, t, m1, m2):
    """More work never finishes earlier."""
    m1, m2 = sorted((m1, m2))
    assert cal.add_working_minutes(t, m1) <= cal.add_working_minutes(t, m2)


@settings(deadline=None)
@given(some_calendar, times, minutes)
def test_adding_work_takes_exactly_that_much_working_time(cal, t, m):
    """The working minutes from the start to the end of a task are the task's minutes."""
    end = cal.add_working_minutes(t, m)
    assert end >= t
    assert cal.working_minutes_between(t, end) == pytest.approx(m, abs=1e-6)
    if m > 1e-3:  # ... and no earlier end would do
        assert cal.working_minutes_between(t, max(t, end - 1e-3)) < m


@settings(deadline=None)
@given(some_calendar, times)
def test_the_next_opening_is_open(cal, t):
    """next_open(t) is an open instant at or after t, with no working time before it."""
    opening = cal.next_open(t)
    assert opening >= t
    assert cal.is_open(opening)
    assert cal.working_minutes_between(t, opening) == 0


@settings(deadline=None)
@given(some_calendar, times, st.integers(0, 30), st.integers(0, 30))
def test_deadlines_follow_receipt_and_grow_with_days(cal, t, d1, d2):
    """A deadline is never before receipt, falls at a working day's close, and grows with days."""
    d1, d2 = sorted((d1, d2))
    first, second = cal.deadline(t, d1), cal.deadline(t, d2)
    assert t <= first <= second
    day = cal.date_of(first - 1)  # the day whose close it is (a close may be 24:00)
    assert cal.is_working_day(day)
    assert first == cal.close_of_day(day)


@settings(deadline=None)
@given(some_calendar, times, st.integers(0, 40))
def test_counting_working_days_undoes_adding_them(cal, t, n):
    """working_days_between counts exactly the working days add_working_days stepped over."""
    day = cal.date_of(t)
    later = cal.add_working_days(day, n)
    assert cal.is_working_day(later)
    expected = n if n > 0 or cal.is_working_day(day) else 1
    assert cal.working_days_between(cal.at(day), cal.at(later)) == expected
    assert cal.working_days_between(cal.at(later), cal.at(day)) == -expected
    assert cal.working_days_in(day + timedelta(days=1), later) == expected


@example(CAL, 0.0, 27781.0, 1e-9)  # a nanominute off a time near 27,781: below its float resolution
@given(some_calendar, times, times, minutes)
def test_the_written_out_hot_paths_give_the_definitions_floats(cal, t0, t1, m):
    """Open minutes between two times are _worked's bit for bit; taking work off leaves as much."""
    t0, t1 = sorted((t0, t1))
    assert cal.working_minutes_between(t0, t1) == cal._worked(t1) - cal._worked(t0)
    earlier = cal.subtract_working_minutes(t1, m)
    # Times near t1 are floats spaced one ulp apart, so "as much" holds to a few of those ulps
    # (one rounding each in the subtraction, the two _worked and their difference).
    resolution = 4 * math.ulp(max(t1, cal._worked(t1)))
    left = cal._worked(t1) - cal._worked(earlier)
    assert earlier == 0.0 or abs(left - m) <= resolution
