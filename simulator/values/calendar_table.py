"""Reading the ``[calendar]`` table of a scenario into a ``CalendarSpec``."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from simulator.values.calendar import (
    CLOCK_ALLOWED,
    WEEKDAY_NAMES,
    WEEKDAYS,
    CalendarSpec,
    clock_minutes,
)
from simulator.values.errors import Location
from simulator.values.limits import CALENDAR_LOOKAHEAD_DAYS
from simulator.values.public_holidays import holiday_dates
from simulator.values.validate import Table


def parse_calendar(table: Table, start: date) -> CalendarSpec:
    """The CalendarSpec of an optional ``[calendar]`` table (absent keys keep the defaults).

    Keys: sessions = [["07:00", "11:30"], ...], workdays = ["mon", ...], holidays = "VN"
    or "none", extra_days_off / extra_working_days = [2022-04-11, "2022-04-16", ...],
    same_day_cutoff = "15:00".
    """
    default = CalendarSpec(start=start)
    raw = {key: table.raw(key, None) for key in _CALENDAR_KEYS}
    spec = CalendarSpec(
        start=start,
        sessions=_or(raw["sessions"], _read_sessions, table.at("sessions"), default.sessions),
        workdays=_or(raw["workdays"], _read_workdays, table.at("workdays"), default.workdays),
        country=_or(raw["holidays"], _read_country, table.at("holidays"), default.country),
        extra_days_off=_or(raw["extra_days_off"], _read_dates, table.at("extra_days_off")),
        extra_working_days=_or(
            raw["extra_working_days"], _read_dates, table.at("extra_working_days")
        ),
        same_day_cutoff=_or(raw["same_day_cutoff"], _read_clock, table.at("same_day_cutoff"), 900),
    )
    if not spec.workdays and not spec.extra_working_days:
        table.at("workdays").fail(raw["workdays"], "no working weekday and no extra working day")
    table.done()
    return spec


_CALENDAR_KEYS = (
    "sessions",
    "workdays",
    "holidays",
    "extra_days_off",
    "extra_working_days",
    "same_day_cutoff",
)


def _or(value: Any, read: Any, where: Location, default: Any = frozenset()) -> Any:
    """read(value, where), or the default when the key is absent."""
    return default if value is None else read(value, where)


def _read_clock(value: Any, where: Location) -> int:
    # Whole numbers are refused: "15" minutes for a 15:00 cut-off is an easy slip.
    if not isinstance(value, (str, time)):
        where.fail(value, CLOCK_ALLOWED)
    try:
        return clock_minutes(value)
    except ValueError:
        where.fail(value, CLOCK_ALLOWED)


def _read_sessions(value: Any, where: Location) -> tuple[tuple[int, int], ...]:
    if not isinstance(value, list) or not value:
        where.fail(value, 'must be a non-empty list of ["HH:MM", "HH:MM"] pairs')
    sessions: list[tuple[int, int]] = []
    for i, item in enumerate(value):
        at = where.child(i)
        if not isinstance(item, list) or len(item) != 2:
            at.fail(item, 'must be a pair ["HH:MM", "HH:MM"] (opening, closing)')
        opens, closes = (_read_clock(clock, at.child(j)) for j, clock in enumerate(item))
        previous_close = sessions[-1][1] if sessions else 0
        if not previous_close <= opens < closes:
            at.fail(item, "must open before it closes, and not before the previous session closes")
        sessions.append((opens, closes))
    return tuple(sessions)


def _read_workdays(value: Any, where: Location) -> frozenset[int]:
    if not isinstance(value, list):
        where.fail(value, 'must be a list of weekday names, e.g. ["mon", "tue"]')
    days: set[int] = set()
    for i, name in enumerate(value):
        key = name.strip().lower() if isinstance(name, str) else None
        if key in WEEKDAYS:
            days.add(WEEKDAYS.index(key))
        elif key in WEEKDAY_NAMES:
            days.add(WEEKDAY_NAMES.index(key))
        else:
            where.child(i).fail(name, "must be a weekday: " + ", ".join(WEEKDAYS))
    return frozenset(days)


def _read_country(value: Any, where: Location) -> str | None:
    allowed = 'must be a country code known to the holidays package (e.g. "VN") or "none"'
    if not isinstance(value, str) or not value.strip():
        where.fail(value, allowed)
    if value.strip().lower() == "none":
        return None
    code = value.strip().upper()
    try:
        holiday_dates(code, [2000])
    except (NotImplementedError, LookupError, ValueError):
        where.fail(value, allowed)
    return code


def check_reach(spec: CalendarSpec, end: date, table: Table) -> None:
    """A calendar without working weekdays must have working days up to the model's
    look-ahead past the horizon end; otherwise a deadline there could never be found."""
    if spec.workdays:
        return
    needed = end + timedelta(days=CALENDAR_LOOKAHEAD_DAYS)
    last = max(spec.extra_working_days)
    if last < needed:
        allowed = (
            f"with no working weekday, extra working days must reach {needed} "
            f"({CALENDAR_LOOKAHEAD_DAYS} days past the horizon end); add workdays"
        )
        table.at("extra_working_days").fail(str(last), allowed)


def _read_dates(value: Any, where: Location) -> frozenset[date]:
    if not isinstance(value, list):
        where.fail(value, 'must be a list of dates (2022-04-11 or "2022-04-11")')
    days: set[date] = set()
    for i, item in enumerate(value):
        day = item
        if isinstance(item, str):
            try:
                day = date.fromisoformat(item.strip())
            except ValueError:
                day = None
        # A TOML date-time is a datetime (a subclass of date): a time of day makes no sense.
        if not isinstance(day, date) or isinstance(day, datetime):
            where.child(i).fail(item, 'must be a date such as 2022-04-11 or "2022-04-11"')
        days.add(day)
    return frozenset(days)
