"""New dossiers of a run, drawn up front as a non-homogeneous Poisson process.

The horizon is cut into slots: for walk-in and postal dossiers, the open part of each
clock hour of each working day; for online dossiers, every clock hour of every day.
A slot's weight is (day weight, e.g. the surge before Tết) x (weekday weight) x (hour
weight) x (open share of the hour). The expected number of a channel's dossiers in a
slot is N x channel share x weight / sum of weights, the count is Poisson and the times
are uniform within the slot: so N is the expected count over the horizon and each
channel is a Poisson process with the given profile. Each dossier's group, district,
priority and online fee payment are then drawn from categorical shares (Poisson
splitting keeps each class Poisson), each from its own named stream.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta

import numpy as np

from simulator.model.onestop_trend_arrivals import trend_times, uses_trends
from simulator.streams import Streams
from simulator.values.calendar import MINUTES_PER_DAY, WorkingCalendar
from simulator.values.onestop_values import Channel, OnestopScenario

CHANNELS = tuple(Channel)  # indexed by value: a numpy code back to its member


@dataclass(frozen=True, kw_only=True)
class NewDossiers:
    """Arrival attributes, one list entry per dossier, in time order."""

    times: list[float]
    channels: list[Channel]
    groups: list[int]
    districts: list[int]
    priority: list[bool]
    pays_online: list[bool]


def day_weight(scenario: OnestopScenario, index: int) -> float:
    day = scenario.start + timedelta(days=index)
    weight = 1.0
    for first, last, factor in scenario.arrivals.day_weights:
        if first <= day <= last:
            weight *= factor
    return weight


def slots(scenario: OnestopScenario, calendar: WorkingCalendar, online: bool) -> np.ndarray:
    """Rows (start, length, weight) of the arrival slots of one channel profile."""
    spec = scenario.arrivals
    hours = spec.online_hour_weights if online else spec.inperson_hour_weights
    weekdays = spec.online_weekday_weights if online else spec.weekday_weights
    rows = []
    for index in range((scenario.end - scenario.start).days + 1):
        day = scenario.start + timedelta(days=index)
        if not online and not calendar.is_working_day(day):
            continue
        weight = day_weight(scenario, index) * weekdays[day.weekday()]
        base = index * MINUTES_PER_DAY
        sessions = ((0, MINUTES_PER_DAY),) if online else calendar.spec.sessions
        for opens, closes in sessions:
            for hour in range(opens // 60, math.ceil(closes / 60)):
                low, high = max(opens, hour * 60), min(closes, hour * 60 + 60)
                if high > low and hours[hour] > 0 and weight > 0:
                    rows.append((base + low, high - low, weight * hours[hour] * (high - low) / 60))
    return np.array(rows, dtype=float).reshape(-1, 3)


def _times(table: np.ndarray, expected: float, rng: np.random.Generator) -> np.ndarray:
    if table.size == 0 or expected <= 0:
        return np.empty(0)
    weights = table[:, 2]
    counts = rng.poisson(expected * weights / weights.sum())
    starts = np.repeat(table[:, 0], counts)
    lengths = np.repeat(table[:, 1], counts)
    return starts + rng.random(starts.size) * lengths


def _categorical(rng: np.random.Generator, shares: list[float], size: int) -> np.ndarray:
    cumulative = np.cumsum(shares)
    return np.minimum(
        np.searchsorted(cumulative / cumulative[-1], rng.random(size), "right"), len(shares) - 1
    )


def _channel_times(scenario: OnestopScenario, calendar: WorkingCalendar, streams: Streams) -> tuple:
    """In-person times, online times and which in-person dossiers are postal."""
    if uses_trends(scenario):  # growth, online ramps, dated changes (onestop_trend_arrivals)
        return trend_times(scenario, calendar, streams, slots)
    n = scenario.arrivals.expected_new
    shares = scenario.channels
    inperson = _times(
        slots(scenario, calendar, online=False),
        n * (shares[Channel.WALKIN] + shares[Channel.POSTAL]),
        streams.generator("arrivals.inperson"),
    )
    online = _times(
        slots(scenario, calendar, online=True),
        n * shares[Channel.ONLINE],
        streams.generator("arrivals.online"),
    )
    postal_share = shares[Channel.POSTAL] / max(
        shares[Channel.WALKIN] + shares[Channel.POSTAL], 1e-300
    )
    is_postal = streams.generator("arrivals.channel").random(inperson.size) < postal_share
    return inperson, online, is_postal


def draw_new_dossiers(
    scenario: OnestopScenario, calendar: WorkingCalendar, streams: Streams
) -> NewDossiers:
    """All new dossiers of one replication (see the module docstring)."""
    inperson, online, is_postal = _channel_times(scenario, calendar, streams)
    times = np.concatenate([inperson, online])
    channels = np.concatenate(
        [
            np.where(is_postal, Channel.POSTAL, Channel.WALKIN).astype(np.int64),
            np.full(online.size, Channel.ONLINE, np.int64),
        ]
    )
    order = np.argsort(times, kind="stable")
    size = times.size
    districts = [d.population for d in scenario.districts]
    fee_shares = np.array([g.online_fee_share for g in scenario.groups])
    groups = _categorical(
        streams.generator("arrivals.group"), [g.share for g in scenario.groups], size
    )
    return NewDossiers(
        times=times[order].tolist(),
        channels=[CHANNELS[code] for code in channels[order].tolist()],
        groups=groups.tolist(),
        districts=_categorical(streams.generator("arrivals.district"), districts, size).tolist(),
        priority=(
            streams.generator("arrivals.priority").random(size) < scenario.reception.priority_share
        ).tolist(),
        pays_online=(streams.generator("arrivals.fee").random(size) < fee_shares[groups]).tolist(),
    )


@dataclass(frozen=True, kw_only=True)
class CarriedOver:
    """Dossiers in progress at the start: group, district, channel and elapsed share."""

    groups: list[int]
    districts: list[int]
    channels: list[Channel]
    elapsed: list[float]  # share of the statutory time already used, uniform on [0, 1)
    overdue: list[bool]  # already past the deadline at the start (arrivals.carried_overdue_share)


def draw_carried_over(scenario: OnestopScenario, streams: Streams) -> CarriedOver:
    """Carried-over dossiers; groups are length-biased: share x max(statutory days, 0.5).

    A dossier in progress at a given instant is more likely to be a long one (the
    inspection paradox), so a group's weight is its share of new dossiers times the
    time its dossiers stay open, approximated by its statutory days (half a day for
    same-day procedures). Which ones are already overdue is drawn from a stream of its own,
    so the other draws keep their order whatever the overdue share.
    """
    size = scenario.arrivals.carried_over
    rng = streams.generator("carried_over")
    weights = [g.share * max(g.days, 0.5) for g in scenario.groups]
    channel_shares = [scenario.channels[c] for c in CHANNELS]
    return CarriedOver(
        groups=_categorical(rng, weights, size).tolist(),
        districts=_categorical(rng, [d.population for d in scenario.districts], size).tolist(),
        channels=[CHANNELS[code] for code in _categorical(rng, channel_shares, size).tolist()],
        elapsed=rng.random(size).tolist(),
        overdue=(
            streams.generator("carried_over.overdue").random(size)
            < scenario.arrivals.carried_overdue_share
        ).tolist(),
    )
