"""Booked and Saturday walk-ins: arrival times moved up front, attributes kept with each dossier."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from simulator.model.onestop_arrivals import NewDossiers
from simulator.model.onestop_bookings import reschedule
from simulator.model.onestop_site_hours import SiteHours, saturday_sessions
from simulator.streams import Streams
from simulator.values.calendar import WorkingCalendar
from simulator.values.onestop_values import Channel, Level
from simulator.values.scenario import load_scenario

SMALL = Path(__file__).resolve().parent / "data" / "onestop_small.toml"
PROVINCIAL = "[sites.provincial]\ncounters = { general = 1 }\n"
# Monday 10 to Friday 28 January 2022; Saturdays 15 and 22 January
PERMIT, CROSS = 0, 1  # provincial_permit (provincial level), cross_level (district level)


def _scenario(write_scenario, lever: str):
    text = SMALL.read_text(encoding="utf-8").replace(PROVINCIAL, PROVINCIAL + lever + "\n")
    scenario = load_scenario(write_scenario(text))
    return scenario, WorkingCalendar(scenario.calendar, horizon_days=60)


def _new(times, groups, channels=None) -> NewDossiers:
    n = len(times)
    return NewDossiers(
        times=list(times),
        channels=channels or [Channel.WALKIN] * n,
        groups=list(groups),
        districts=list(range(n)),  # tags: which dossier is which after reordering
        priority=[False] * n,
        pays_online=[False] * n,
    )


def test_every_booked_walkin_keeps_its_day_and_goes_to_the_priority_lane(write_scenario):
    """Share 1: provincial walk-ins get a slot of their day (10 minutes fit); others stay."""
    scenario, calendar = _scenario(write_scenario, "appointment_share = 1.0")
    nine = [calendar.at(date(2022, 1, day), "09:00") for day in (10, 11, 12)]
    new = _new([*nine, nine[0]], [PERMIT, PERMIT, PERMIT, CROSS])
    online = _new(nine, [PERMIT] * 3, [Channel.ONLINE] * 3)
    moved = reschedule(scenario, calendar, Streams(1, 0), new)
    assert moved.times == sorted(moved.times)
    for t, tag, priority in zip(moved.times, moved.districts, moved.priority, strict=True):
        if tag == 3:  # the district-level walk-in
            assert (t, priority) == (nine[0], False)
        else:
            assert priority and calendar.date_of(t) == calendar.date_of(nine[tag])
            assert calendar.is_open(t) and calendar.is_open(t + 9.99)  # served before closing
    assert reschedule(scenario, calendar, Streams(1, 0), online) == online


def test_saturday_walkins_go_to_the_nearest_saturday_in_the_horizon(write_scenario):
    """Share 1: Monday 17 and Wednesday 12 go to Saturday 15; Monday 10 has none in the horizon."""
    lever = 'saturday = { opens = "07:30", closes = "11:30", walkin_share = 1.0 }'
    scenario, calendar = _scenario(write_scenario, lever)
    times = [calendar.at(date(2022, 1, day), "09:00") for day in (10, 12, 17)]
    moved = reschedule(scenario, calendar, Streams(1, 0), _new(times, [PERMIT] * 3))
    days = {tag: calendar.date_of(t) for t, tag in zip(moved.times, moved.districts, strict=True)}
    assert days == {0: date(2022, 1, 10), 1: date(2022, 1, 15), 2: date(2022, 1, 15)}
    assert moved.priority == [False] * 3  # they come on Saturday, without a booking


def test_no_lever_leaves_the_dossiers_untouched(write_scenario):
    """Without appointment_share or saturday the same object comes back."""
    scenario, calendar = _scenario(write_scenario, "")
    new = _new([600.0], [PERMIT])
    assert reschedule(scenario, calendar, Streams(1, 0), new) is new


def test_site_hours_add_the_saturday_session_to_the_working_calendar(write_scenario):
    """Saturday 07:30-11:30 is open; at Friday 17:00 the next opening is Saturday 07:30."""
    lever = 'saturday = { opens = "07:30", closes = "11:30", walkin_share = 0.1 }'
    scenario, calendar = _scenario(write_scenario, lever)
    session = scenario.sites[Level.PROVINCIAL].saturday
    hours = SiteHours(calendar, saturday_sessions(scenario, calendar, session))
    saturday = date(2022, 1, 15)
    assert hours.is_open(calendar.at(saturday, "08:00"))
    assert not calendar.is_open(calendar.at(saturday, "08:00"))
    assert not hours.is_open(calendar.at(saturday, "12:00"))
    assert hours.next_open(calendar.at(date(2022, 1, 14), "17:00")) == calendar.at(
        saturday, "07:30"
    )
    assert hours.next_open(calendar.at(saturday, "11:30")) == calendar.at(
        date(2022, 1, 17), "07:00"
    )
    assert hours.is_working_day(saturday) is False  # everything else is the working calendar's
