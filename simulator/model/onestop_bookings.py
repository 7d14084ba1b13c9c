"""Walk-ins who book a slot or come on Saturday: their arrival times, moved up front.

New dossiers are drawn first (``onestop_arrivals``); then, for each walk-in whose
procedure's level has a reception lever (``values.site_levers``), two draws of its own
streams decide (drawn for every such walk-in, so that each scenario reads them in step):

* ``arrivals.saturday``: with ``saturday.walkin_share``, the walk-in comes on the nearest
  Saturday with a session instead (Monday and Tuesday: the Saturday before; Wednesday to
  Friday: the one after), at a uniform time within the session;
* ``arrivals.booking``: otherwise, with ``appointment_share``, it books a slot: the slots
  are spread evenly over the same day's open hours, so its time is uniform over them
  (the peak of the day is levelled), and at the counter it is called ahead of the ticket
  queue, in the priority lane (``CounterPool``). The last slot of a session starts one
  mean service time before it closes, so that a booked visit can end before closing.

Every other attribute stays with its dossier (group, district, fee, ...), so the other
streams are read exactly as without the levers (common random numbers), and the dossiers
are put back in time order.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import numpy as np

from simulator.model.onestop_arrivals import NewDossiers
from simulator.model.onestop_site_hours import SATURDAY, saturday_sessions
from simulator.streams import Streams
from simulator.values.calendar import MINUTES_PER_DAY, WorkingCalendar
from simulator.values.onestop_values import Channel, OnestopScenario, SiteSpec

# days from each weekday (Monday 0) to its nearest Saturday
TO_SATURDAY = (-2, -3, 3, 2, 1, 0, 0)


def reschedule(
    scenario: OnestopScenario, calendar: WorkingCalendar, streams: Streams, new: NewDossiers
) -> NewDossiers:
    """The new dossiers with booked and Saturday walk-ins moved (see the module docstring)."""
    levers = {
        level: spec
        for level, spec in scenario.sites.items()
        if spec.appointment_share > 0 or spec.saturday is not None
    }
    if not levers:
        return new
    times, priority = list(new.times), list(new.priority)
    levels = [group.level for group in scenario.groups]
    chosen = [
        i
        for i, channel in enumerate(new.channels)
        if channel is Channel.WALKIN and levels[new.groups[i]] in levers
    ]
    saturday = streams.generator("arrivals.saturday").random((len(chosen), 2))
    booking = streams.generator("arrivals.booking").random((len(chosen), 2))
    moves = {level: _saturday_of_day(scenario, calendar, spec) for level, spec in levers.items()}
    for k, i in enumerate(chosen):
        level = levels[new.groups[i]]
        spec = levers[level]
        session = moves[level].get(int(times[i] // MINUTES_PER_DAY))
        if session is not None and saturday[k, 0] < spec.saturday.walkin_share:
            opens, closes = session
            times[i] = opens + float(saturday[k, 1]) * (closes - opens)
        elif booking[k, 0] < spec.appointment_share:
            times[i] = _slot(calendar, times[i], float(booking[k, 1]), spec.service.mean)
            priority[i] = True
    return _in_time_order(replace(new, times=times, priority=priority))


def _saturday_of_day(
    scenario: OnestopScenario, calendar: WorkingCalendar, spec: SiteSpec
) -> dict[int, tuple[float, float]]:
    """Day index -> the session of its nearest Saturday (days without one are absent)."""
    if spec.saturday is None or spec.saturday.walkin_share == 0:
        return {}
    sessions = {
        int(opens // MINUTES_PER_DAY): (opens, closes)
        for opens, closes in saturday_sessions(scenario, calendar, spec.saturday)
    }
    moves = {}
    for index in range((scenario.end - scenario.start).days + 1):
        day = scenario.start + timedelta(days=index)
        if day.weekday() != SATURDAY and index + TO_SATURDAY[day.weekday()] in sessions:
            moves[index] = sessions[index + TO_SATURDAY[day.weekday()]]
    return moves


def _slot(calendar: WorkingCalendar, at: float, u: float, service: float) -> float:
    """A time uniform over the slots of ``at``'s day (u in [0, 1)): each session's open
    time but its last ``service`` minutes (the whole session if it is shorter)."""
    day_start = at // MINUTES_PER_DAY * MINUTES_PER_DAY
    sessions = [
        (opens, closes - service if closes - service > opens else closes)
        for opens, closes in calendar.spec.sessions
    ]
    left = u * sum(last - opens for opens, last in sessions)
    for opens, last in sessions:
        if left < last - opens:
            return day_start + opens + left
        left -= last - opens
    return at  # not reached: u < 1


def _in_time_order(new: NewDossiers) -> NewDossiers:
    order = np.argsort(np.asarray(new.times), kind="stable").tolist()
    return NewDossiers(
        times=[new.times[i] for i in order],
        channels=[new.channels[i] for i in order],
        groups=[new.groups[i] for i in order],
        districts=[new.districts[i] for i in order],
        priority=[new.priority[i] for i in order],
        pays_online=[new.pays_online[i] for i in order],
    )
