"""Weeks and quarters for reporting, counted from hand-built records."""

from datetime import date

import pytest

from simulator.values.periods import (
    Period,
    count_by_period,
    next_quarter,
    period_label,
    quarter_start,
)


def test_quarter_labels_follow_the_calendar_year():
    """31 March is in Q1, 1 April in Q2, 31 December in Q4."""
    assert period_label(date(2022, 3, 31), Period.QUARTER) == "2022Q1"
    assert period_label(date(2022, 4, 1), Period.QUARTER) == "2022Q2"
    assert period_label(date(2022, 12, 31), Period.QUARTER) == "2022Q4"


def test_weeks_are_iso_weeks():
    """Sat 1 Jan 2022 belongs to the last ISO week of 2021; Mon 3 Jan starts week 1."""
    assert period_label(date(2022, 1, 1), Period.WEEK) == "2021W52"
    assert period_label(date(2022, 1, 3), Period.WEEK) == "2022W01"


def test_quarter_arithmetic_wraps_the_year():
    """The quarter after Q4/2022 starts on 1 January 2023."""
    assert next_quarter(date(2022, 11, 15)) == date(2023, 1, 1)
    assert quarter_start("2023Q3") == date(2023, 7, 1)


def test_closures_are_counted_by_week_and_quarter():
    """Five hand-built closures: two weeks, two quarters, late rates by hand."""
    closures = [
        (date(2022, 3, 28), True),
        (date(2022, 3, 29), False),
        (date(2022, 3, 31), False),
        (date(2022, 4, 1), True),
        (date(2022, 4, 4), False),
    ]
    weeks = count_by_period(closures, Period.WEEK)
    assert [(w.label, w.resolved, w.late) for w in weeks] == [
        ("2022W13", 4, 2),
        ("2022W14", 1, 0),
    ]
    quarters = count_by_period(closures, Period.QUARTER)
    assert [q.label for q in quarters] == ["2022Q1", "2022Q2"]
    assert quarters[0].late_rate == pytest.approx(1 / 3)
    assert quarters[1].late_rate == pytest.approx(1 / 2)
