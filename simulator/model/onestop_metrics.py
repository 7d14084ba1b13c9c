"""Counting outcomes of a one-stop run and reducing them to named metrics.

Everything is streamed into counters and sums (per-site counter waits are kept as
``array('d')``); per-dossier data leaves only through the optional ``trace``. An
outcome whose time is after the horizon is not counted: the dossier is pending, of
the kind ``onestop_outcomes.pending_at`` gives at the horizon (awaiting review, a
supplement or reception; else in processing within its deadline or overdue).

Online reviews and the 8-working-hour rule: a review is one pass of an online dossier
through review (at submission, or when its supplement is uploaded), answered by
acceptance, refusal or a request for a supplement. ``online_review_over_limit`` counts
reviews answered after the limit within the horizon plus reviews still unanswered at
its end whose limit had already passed; its share divides by the reviews answered
within the horizon plus those unanswered past their limit (a review still within its
limit at the end is in neither).

Metric names: see ``Recorder.metrics``; per-site and per-resource parts after one dot,
weeks of the horizon ``late_rate_week.01``..., hours of the day at the provincial
centre ``queue_length_hour.provincial_centre.07``...
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Callable
from typing import Any

from simulator.model.conservation import check_balance
from simulator.model.onestop_build import digitiser_name
from simulator.model.onestop_citizen import CitizenTrips
from simulator.model.onestop_districts import district_book
from simulator.model.onestop_dossier import trace_row
from simulator.model.onestop_outcomes import GAVE_UP, LATE, ON_TIME, Outcome, pending_at
from simulator.model.onestop_quarters import QuarterBook, reports_quarters
from simulator.model.onestop_resources import StaffResource
from simulator.model.onestop_waits import counter_metrics
from simulator.values.calendar_spans import working_minutes_spans
from simulator.values.onestop_values import PROVINCIAL_CENTRE, Channel

WEEK_MINUTES = 7 * 1440.0
# spans kept before their working minutes are added to the totals: a long run's memory stays
# bounded (statistics are streamed) while the sums keep the order of a running total
SPANS_KEPT = 65_536
WALKIN, POSTAL, ONLINE = Channel.WALKIN, Channel.POSTAL, Channel.ONLINE


class Recorder:
    """Streams outcomes of one run (see the module docstring); it draws no random numbers."""

    def __init__(self, model: Any, trace: Callable[[tuple], None] | None) -> None:
        self.model = model
        self.resources = model.resources
        self.trace = trace
        self.events = None  # an event log (onestop_events.attach), or None: no log
        self.open: set = set()
        self.counts = dict.fromkeys(Outcome, 0)
        self.arrivals = self.carried_over = self.fee_payments = 0
        self.entered = 0  # every dossier handed to ``arrived``, for the conservation check
        self.channels = [0] * len(Channel)  # indexed by channel
        self.late_due_to_closing_lag = 0
        # (paper result, closing) of resolved dossiers not closed as made, and (arrival,
        # closing) of resolved new ones: their working minutes are added in chunks (_sum_spans)
        self.closing_spans: tuple[array, array] = (array("d"), array("d"))
        self.cycle_spans: tuple[array, array] = (array("d"), array("d"))
        self.closing_minutes = 0.0  # working minutes from paper result to closing, resolved
        self.closed_as_made = 0  # resolved dossiers closed as their result was made
        self.cycle_minutes = 0.0
        self.cycle_count = 0
        weeks = math.ceil(model.horizon / WEEK_MINUTES)
        self.week_resolved = [0] * weeks
        self.week_late = [0] * weeks
        self.reviews = self.reviews_within = self.reviews_open_over = 0
        self.supplements = self.supplements_late = 0
        self.trips = CitizenTrips(model.scenario, self.resources.trip_hours)
        self.districts = district_book(model.scenario)  # None unless levels are declared
        self.digitise_minutes: dict[str, list[float]] = {}  # site -> [sum, count]
        self.online_at_counter = 0
        self.quarters = QuarterBook(model) if reports_quarters(model.scenario) else None

    def arrived(self, dossier: Any, pays_online: bool) -> None:
        self.entered += 1
        if dossier.carried:
            self.carried_over += 1
        else:
            self.arrivals += 1
        self.channels[dossier.channel] += 1
        self.fee_payments += pays_online
        self.open.add(dossier)
        if self.events is not None:
            self.events.arrived(dossier)

    def reviewed(self, within_limit: bool, at: float) -> None:
        """A review answered at ``at`` (not counted after the horizon: still open there)."""
        if at <= self.model.horizon:
            self.reviews += 1
            self.reviews_within += within_limit

    def digitised(self, site: str, minutes: float) -> None:
        """Working minutes from reception to digitised (queue for VNPost staff + scanning)."""
        total = self.digitise_minutes.setdefault(site, [0.0, 0])
        total[0] += minutes
        total[1] += 1

    def supplement_asked(self, late: bool, at: float) -> None:
        """A request for a supplement at ``at``; ``late``: after the 3 working days allowed."""
        if at <= self.model.horizon:
            self.supplements += 1
            self.supplements_late += late

    def finish(self, dossier: Any, outcome: Outcome, at: float, pickup: bool = False) -> None:
        """The dossier's outcome at ``at``; ignored (still pending) if after the horizon.

        ``pickup``: the result is fetched at a counter (the model decides, and draws).
        """
        if at > self.model.horizon:
            return
        self.open.discard(dossier)
        self.counts[outcome] += 1
        if self.events is not None:
            self.events.finished(dossier, outcome, at)
        if self.quarters is not None:
            # ``_value_``: the member's value without Enum's slow ``value`` property
            self.quarters.finished(dossier, outcome._value_, at)
        if outcome is GAVE_UP:
            self.arrivals -= 1
            self.channels[dossier.channel] -= 1
        elif outcome is ON_TIME or outcome is LATE:
            self._resolved(dossier, outcome, at, pickup)
        if outcome is not GAVE_UP:
            self.trips.add(dossier, pickup)
        if self.trace is not None:
            self.trace(trace_row(self.model.scenario, dossier, outcome.value))

    def _resolved(self, dossier: Any, outcome: Outcome, at: float, pickup: bool) -> None:
        """Count a resolved dossier (``pickup``: its result is fetched at a counter)."""
        week = min(int(at // WEEK_MINUTES), len(self.week_resolved) - 1)
        self.week_resolved[week] += 1
        if self.districts is not None:
            self.districts.add(dossier, outcome is LATE)
        if outcome is LATE:
            self.week_late[week] += 1
            if dossier.paper_done_at <= dossier.deadline_at:
                self.late_due_to_closing_lag += 1
        if at == dossier.paper_done_at:
            self.closed_as_made += 1
        else:
            self.closing_spans[0].append(dossier.paper_done_at)
            self.closing_spans[1].append(at)
        if not dossier.carried:
            self.cycle_spans[0].append(dossier.arrived_at)
            self.cycle_spans[1].append(at)
            if len(self.cycle_spans[0]) == SPANS_KEPT:
                self._sum_spans()
        if pickup and dossier.channel is ONLINE:  # a level-3 result
            self.online_at_counter += 1

    # --- the end of the run ---------------------------------------------------------------

    def _close_open(self) -> None:
        horizon = self.model.horizon
        for dossier in sorted(self.open, key=lambda d: d.seq):
            outcome = pending_at(dossier, horizon)
            self.counts[outcome] += 1
            if outcome is Outcome.PENDING_REVIEW:
                self._review_open(dossier)
            if self.quarters is not None:
                self.quarters.finished(dossier, outcome.value, math.inf)
            self.trips.add(dossier, False)
            if self.trace is not None:
                self.trace(trace_row(self.model.scenario, dossier, outcome.value))
        self.open.clear()

    def _sum_spans(self) -> None:
        """Add the working minutes of the kept spans to the totals, in the order the dossiers
        were resolved, and forget the spans."""
        calendar = self.model.calendar
        closing, cycle = self.closing_spans, self.cycle_spans
        self.closing_minutes = _added(
            working_minutes_spans(calendar, *closing), self.closing_minutes
        )
        self.cycle_minutes = _added(working_minutes_spans(calendar, *cycle), self.cycle_minutes)
        self.cycle_count += len(cycle[0])
        for spans in (*closing, *cycle):
            del spans[:]

    def _review_open(self, dossier: Any) -> None:
        """An online dossier unanswered at the end: over the limit if that has passed."""
        model = self.model
        start = dossier.arrived_at if dossier.resumed_at == math.inf else dossier.resumed_at
        waited = model.calendar.working_minutes_between(start, model.horizon)
        self.reviews_open_over += waited > model.scenario.reception.review_limit_minutes

    def metrics(self) -> dict[str, float]:
        self._close_open()
        self._sum_spans()
        self._check_conservation()
        values = self._headline()
        values.update(self._closing())
        values.update(self.trips.metrics())
        if self.districts is not None:
            values.update(self.districts.metrics(self.trips))
        names = {site: pool.name for site, pool in self.resources.digitisers.items()}
        names.update(
            (s, digitiser_name(s, self.model.site_level[s]))
            for s in self.resources.counter_digitisers
        )
        for site, name in names.items():
            minutes, count = self.digitise_minutes.get(site, (0.0, 0))
            values[f"digitisation_time_mean_min.{name}"] = _ratio(minutes, count)
        values.update(self._counters())
        values.update(self._utilisation())
        values.update(self._weeks())
        if self.quarters is not None:
            values.update(self.quarters.metrics())
        values.update(self._hours())
        return values

    def _check_conservation(self) -> None:
        """Every dossier that entered is in exactly one end state (``Outcome``)."""
        streams = self.model.streams
        gave_up = self.counts[Outcome.GAVE_UP]
        check_balance(
            "dossiers",
            f"replication {streams.replication} (seed {streams.seed})",
            self.entered,
            {outcome.value: count for outcome, count in self.counts.items()},
            ("arrivals + carried_over + gave_up", self.arrivals + self.carried_over + gave_up),
            ("walkin + postal + online + gave_up", sum(self.channels) + gave_up),
        )

    def _headline(self) -> dict[str, float]:
        c, channels = self.counts, self.channels
        handled = self.arrivals + self.carried_over
        resolved = c[Outcome.ON_TIME] + c[Outcome.LATE]
        sites = self.resources.counter_sites.values()
        return {
            "arrivals": float(self.arrivals),
            "carried_over": float(self.carried_over),
            "handled": float(handled),
            "walkin": float(channels[WALKIN]),
            "postal": float(channels[POSTAL]),
            # the report gives walk-in and postal together (71,202)
            "walkin_and_postal": float(channels[WALKIN] + channels[POSTAL]),
            "online": float(channels[ONLINE]),
            "online_share": _ratio(channels[ONLINE], handled),
            "resolved": float(resolved),
            "resolved_on_time": float(c[Outcome.ON_TIME]),
            "resolved_late": float(c[Outcome.LATE]),
            "on_time_rate": _ratio(c[Outcome.ON_TIME], resolved),
            "late_rate": _ratio(c[Outcome.LATE], resolved),
            "pending_within_deadline": float(c[Outcome.PENDING_WITHIN]),
            "pending_overdue": float(c[Outcome.PENDING_OVERDUE]),
            "pending_awaiting_review": float(c[Outcome.PENDING_REVIEW]),
            "pending_awaiting_supplement": float(c[Outcome.PENDING_SUPPLEMENT]),
            "pending_awaiting_reception": float(c[Outcome.PENDING_RECEPTION]),
            "returned_or_withdrawn": float(c[Outcome.RETURNED]),
            "late_due_to_closing_lag": float(self.late_due_to_closing_lag),
            "cycle_time_mean_days": _ratio(
                self.cycle_minutes / self.model.day_minutes, self.cycle_count
            ),
            "supplements_asked": float(self.supplements),
            "supplement_requests_over_limit": float(self.supplements_late),
            "walkins_returned_next_day": float(sum(s.returned_next_day for s in sites)),
            "walkins_gave_up": float(c[Outcome.GAVE_UP]),
            "online_reviews": float(self.reviews),
            "online_review_within_8h_share": _ratio(self.reviews_within, self.reviews),
            **self._review_limit(),
            "online_results_at_counter": float(self.online_at_counter),
            "online_fee_payments": float(self.fee_payments),
        }

    def _review_limit(self) -> dict[str, float]:
        """Reviews over the 8-hour limit, those still unanswered at the end included."""
        over = self.reviews - self.reviews_within + self.reviews_open_over
        return {
            "online_review_over_limit": float(over),
            "online_review_over_limit_share": _ratio(over, self.reviews + self.reviews_open_over),
        }

    def _closing(self) -> dict[str, float]:
        """How results reached the information system (``model.onestop_closing``)."""
        c = self.counts
        resolved = c[Outcome.ON_TIME] + c[Outcome.LATE]
        desk = self.model.closing
        return {
            # late with the paper result itself after the deadline (queues, transfers, approval)
            "late_due_to_processing": float(c[Outcome.LATE] - self.late_due_to_closing_lag),
            "closing_delay_mean_days": _ratio(
                self.closing_minutes / self.model.day_minutes, resolved
            ),
            "closed_as_made_share": _ratio(self.closed_as_made, resolved),
            "closing_entries": float(desk.entries if desk is not None else 0),
        }

    def _counters(self) -> dict[str, float]:
        values = counter_metrics(self.resources.counter_sites.values())
        sites = self.resources.counter_sites.values()
        values["results_picked_up"] = float(sum(site.pickups for site in sites))
        values.update(self.model.results.metrics())
        return values

    def _utilisation(self) -> dict[str, float]:
        resources = self.resources
        capacity = self.model.calendar.working_minutes_between(0.0, self.model.horizon)
        values = {}
        for name, site in resources.counter_sites.items():
            values[f"utilisation.counters_{name}"] = _utilisation(site.pools, capacity)
        for pool in resources.digitisers.values():
            values[f"utilisation.{pool.name}"] = _utilisation([pool], capacity)
        reviewers = [pool for pools in resources.review_pools.values() for pool in pools]
        values["utilisation.online_reviewers"] = _utilisation(reviewers, capacity)
        for name, stages in resources.agencies.items():
            values[f"utilisation.{name}"] = _utilisation([s.resource for s in stages], capacity)
        return values

    def _weeks(self) -> dict[str, float]:
        return {
            f"late_rate_week.{i + 1:02d}": _ratio(late, resolved)
            for i, (late, resolved) in enumerate(
                zip(self.week_late, self.week_resolved, strict=True)
            )
        }

    def _hours(self) -> dict[str, float]:
        model = self.model
        site = self.resources.counter_sites.get(PROVINCIAL_CENTRE)
        if site is None:
            return {}
        site._advance(model.horizon)
        days = model.calendar.working_days_in(model.scenario.start, model.scenario.end)
        open_minutes = [0.0] * 24
        for opens, closes in model.scenario.calendar.sessions:
            for hour in range(opens // 60, math.ceil(closes / 60)):
                open_minutes[hour] += min(closes, hour * 60 + 60) - max(opens, hour * 60)
        # time-average over the open part of each clock hour of the working days
        return {
            f"queue_length_hour.{PROVINCIAL_CENTRE}.{hour:02d}": _ratio(
                site.hour_area[hour], minutes * days
            )
            for hour, minutes in enumerate(open_minutes)
            if minutes > 0
        }


def _utilisation(resources: list[StaffResource], capacity: float) -> float:
    """Busy minutes over staff x working minutes of the horizon, summed over ``resources``."""
    busy = sum(r.busy_minutes for r in resources)
    return _ratio(busy, sum(r.servers for r in resources) * capacity)


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else math.nan


def _added(minutes: Any, total: float) -> float:
    """``total`` plus each of ``minutes`` one by one, in order: the floats a running total gave."""
    for value in minutes.tolist():
        total += value
    return total
