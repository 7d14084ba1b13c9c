"""The Kon Tum one-stop-shop model: reception, digitisation, processing, closing.

A dossier's life (times in minutes since 00:00 of the start date, on the calendar):

1. *Submission.* Every dossier belongs to a commune section of its district
   (``onestop_placement``). Walk-ins take a ticket at a counter pool of their site (a
   sector at the provincial centre, or all its counters if ``pooled``; the district
   section, or their own commune's section); they are *received* when served
   (``onestop_counters``). Postal dossiers are received on arrival. Online dossiers queue
   for a reviewer of their site (their commune's, at commune level), who accepts
   (received then), refuses (returned) or asks for a supplement; whether that took at
   most 8 working hours is counted.
2. *Digitisation* (sites with ``digitise``): with ``digitise_at_counter`` (VNPost at the
   centre) the counter staff scan a walk-in's dossier in the sitting that received it, a
   postal one between tickets; else staff behind the counters do it (a FIFO pool).
3. *Transfer* to the first agency: the same day if ready before the 15:00 cut-off,
   else at the next working day's opening; online dossiers, and digitised ones at sites
   with ``electronic_transfer``, at once. A location-independent walk-in (submitted at its
   district section, a post office or the provincial centre, ``onestop_placement``)
   takes ``transfer_delay`` more.
4. *Stages*: at each agency of the route an officer works on it, then the leader's
   approval (or, without pacing, the group's lead time); the last stage's paper result
   is paced to a margin before the deadline (``onestop_pacing``); between agencies a
   transfer delay.
   At the first stage a share is returned or withdrawn, and a share of walk-in and
   postal dossiers is asked for supplements (online ones are asked at review):
   ``onestop_supplements`` brings them back and moves the clock.
5. *Closing* in the information system (``onestop_closing``): at once, or when an
   officer enters the result. Late means closed after the deadline (receipt +
   statutory working days, ``calendar.deadline``).
6. *Returning the result* (``onestop_results``): a pick-up ticket at a counter (walk-ins,
   level-3 online results), by post, or online.

District agencies exist once per district, commune agencies once per commune section;
a dossier uses those of its district and its commune. The carried-over dossiers start
mid-process (``onestop_carried``).

Only events that need the clock are SimPy events (arrivals, counter services, EDF
jobs, arrivals at agencies, the daily closing): FIFO staff pools compute their end
times directly (``onestop_resources``), and an outcome whose time is known is
recorded then, counting as pending if that time is after the horizon.

Every resource takes a dossier with ``hand_in`` and calls one of the model's steps
(``Runtime``: received, reviewed, digitised, worked) when it is through. Durations are in
working minutes; random draws are made here, in the resources and the desks (closing,
results), none in the recorder.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, timedelta

import simpy

from simulator.model.event_limit import run_bounded
from simulator.model.later import Later, call_later
from simulator.model.onestop_arrivals import draw_new_dossiers
from simulator.model.onestop_bookings import reschedule
from simulator.model.onestop_build import Runtime, build_resources, site_levels
from simulator.model.onestop_carried import start_carried_over
from simulator.model.onestop_closing import ClosingDesk
from simulator.model.onestop_counters import MAIL
from simulator.model.onestop_day_close import DayClose
from simulator.model.onestop_dossier import TRACE_COLUMNS, Dossier
from simulator.model.onestop_epochs import apply_epochs
from simulator.model.onestop_metrics import Recorder
from simulator.model.onestop_outcomes import LATE, ON_TIME, RETURNED
from simulator.model.onestop_pacing import planned_at
from simulator.model.onestop_placement import Placement
from simulator.model.onestop_results import ResultDesk
from simulator.model.onestop_rules import RuleBook
from simulator.model.onestop_shifts import apply_schedules
from simulator.model.onestop_site_hours import open_saturdays
from simulator.model.onestop_supplements import SupplementDesk
from simulator.streams import Streams, uniform_sampler
from simulator.values.calendar import WorkingCalendar
from simulator.values.limits import CALENDAR_LOOKAHEAD_DAYS
from simulator.values.onestop_values import (
    Channel,
    Discipline,
    Level,
    OnestopScenario,
)

# module-level names: per-dossier code compares channels by identity without attribute lookups
WALKIN, POSTAL, ONLINE = Channel.WALKIN, Channel.POSTAL, Channel.ONLINE


class OnestopModel:
    """Builds the resources of a scenario and moves dossiers through them."""

    events = None  # an event log (onestop_events.attach), or None: no log

    def __init__(self, scenario: OnestopScenario, streams: Streams, trace: Callable | None = None):
        self.scenario = scenario
        self.streams = streams
        self.env = simpy.Environment()
        horizon_days = (scenario.end - scenario.start).days + 1
        self.calendar = WorkingCalendar(
            scenario.calendar, horizon_days=horizon_days + CALENDAR_LOOKAHEAD_DAYS
        )
        self.horizon = float(horizon_days * 1440)
        self.day_minutes = scenario.working_day_minutes
        self.cutoff = float(scenario.calendar.same_day_cutoff)
        self._samplers(streams)
        runtime = Runtime(
            env=self.env,
            calendar=self.calendar,
            horizon=self.horizon,
            streams=streams,
            received=self._received,
            reviewed=self._reviewed,
            digitised=self._digitised,
            worked=self._worked,
        )
        self.resources = build_resources(scenario, runtime)
        self.placement = Placement(scenario, self.resources, streams)
        self.recorder = Recorder(self, trace)
        apply_epochs(scenario, self.resources, runtime)  # changes from a date ([[changes]])
        apply_schedules(scenario, self.resources, runtime)  # staff by hour (onestop_shifts)
        self.rules = RuleBook(scenario, streams)
        self.rules_at = self.rules.at  # the rules in force at a time (bound once: a hot call)
        # the only rules, if no [[changes]]: ``one_rules or rules_at(t)`` makes no call then
        self.one_rules = self.rules.first if len(self.rules.rules) == 1 else None
        self.site_level = site_levels(scenario)
        self.closing = ClosingDesk(self, streams) if scenario.closing is not None else None
        self.supplement_desk = SupplementDesk(self, streams)
        self.results = ResultDesk(self, streams)
        open_saturdays(self)  # counters open on Saturday mornings (onestop_site_hours)
        self.seq = 0

    def _samplers(self, streams: Streams) -> None:
        """The model's own draws (resources draw their work times from theirs)."""
        p = self.scenario.processing
        self.u_returned = uniform_sampler(streams.generator("returned"))
        self.u_closing = uniform_sampler(streams.generator("closing"))
        if p.closing_lag_minutes is not None:  # the old closing rule (no [closing] table)
            self.closing_lag = p.closing_lag_minutes.sampler(streams.generator("closing_lag"))
        self.transfer_delay = p.transfer_delay_minutes.sampler(streams.generator("transfer"))
        self.u_give_up = uniform_sampler(streams.generator("give_up"))
        self.u_refused = uniform_sampler(streams.generator("refused"))
        location = self.scenario.location_independence
        if location is not None:
            self.location_delay = location.transfer_delay_minutes.sampler(
                streams.generator("location_transfer")
            )

    # --- running --------------------------------------------------------------------------

    def run(self) -> dict[str, float]:
        start_carried_over(self)
        new = draw_new_dossiers(self.scenario, self.calendar, self.streams)
        new = reschedule(self.scenario, self.calendar, self.streams, new)  # bookings, Saturdays
        self._arrivals = new
        self._next = 0
        if len(new.times):  # the first arrival; each schedules the next (``_arrive``)
            Later(self.env, new.times[0] - self.env._now, self._arrive)
        DayClose(self).start()  # counters send their queues home (onestop_day_close)
        if self.closing is not None:
            self.closing.start()
        run_bounded(self.env, self.horizon, self.scenario.source)
        return self.recorder.metrics()

    def _arrive(self, _event: simpy.Event) -> None:
        new, i = self._arrivals, self._next
        self._next = i + 1
        self._enter(
            new.groups[i], new.channels[i], new.districts[i], new.priority[i], new.pays_online[i]
        )
        if i + 1 < len(new.times):  # the next arrival
            Later(self.env, new.times[i + 1] - self.env._now, self._arrive)

    def submit(
        self,
        at: float,
        group: str,
        channel: str | Channel,
        district: str,
        priority: bool = False,
        commune: int | None = None,
    ) -> None:
        """Add one new dossier at time ``at`` (for stories and tests; call before ``run``).

        ``channel`` is a ``Channel`` or its key (``"walkin"``, ``"postal"``, ``"online"``);
        ``commune`` the number of its commune section within the district (None: drawn).
        """
        names = [g.name for g in self.scenario.groups]
        districts = [d.name for d in self.scenario.districts]
        member = Channel.from_key(channel) if isinstance(channel, str) else Channel(channel)
        args = (names.index(group), member, districts.index(district), priority, False, commune)
        self.env.timeout(at - self.env.now).callbacks.append(lambda _event: self._enter(*args))

    def _enter(
        self,
        group: int,
        channel: Channel,
        district: int,
        priority: bool,
        pays: bool,
        commune: int | None = None,
    ) -> None:
        now = self.env._now
        place = self.placement
        route = self.resources.routes[group]
        dossier = Dossier(self.seq, route, channel, district, place.commune(district, commune), now)
        dossier.section = place.section(dossier)
        self.seq += 1
        dossier.priority = priority
        self.recorder.arrived(dossier, pays)
        if channel is WALKIN:
            if place.location is not None:
                place.choose(dossier)
            dossier.counter = place.counter_pool(dossier)
            dossier.counter.hand_in(dossier, now)
        elif channel is POSTAL:
            self._received(dossier, now)
        else:  # online: reviewed at its site, then received or refused (``_reviewed``)
            self.resources.review_pools[dossier.site][dossier.section].hand_in(dossier, now)

    def working_days(self) -> list[date]:
        """The working days of the horizon, in order."""
        days = (self.scenario.start + timedelta(days=i) for i in range(int(self.horizon // 1440)))
        return [day for day in days if self.calendar.is_working_day(day)]

    def _reviewed(self, dossier: Dossier, at: float) -> None:
        """An online dossier's review (handed in on arrival or upload) ends at ``at``:
        refused, asked for a supplement (``supplement_desk``) or accepted (received)."""
        start = dossier.arrived_at if dossier.resumed_at == math.inf else dossier.resumed_at
        within = self.calendar.working_minutes_between(start, at)
        self.recorder.reviewed(within <= self.scenario.reception.review_limit_minutes, at)
        if self.u_refused() < self.scenario.reception.online_refused_share:
            self.recorder.finish(dossier, RETURNED, at)
        elif not self.supplement_desk.at_review(dossier, at, self.rules_at(at).processing):
            self._received(dossier, at)

    # --- reception and transfer -----------------------------------------------------------

    def _received(self, dossier: Dossier, at: float) -> None:
        """The dossier is received at ``at`` (now, or later for online ones), or received
        again with its supplement (walk-in and postal dossiers)."""
        if math.isnan(dossier.received_at):
            dossier.received_at = at
            dossier.deadline_at = self.calendar.deadline(at, dossier.route.days)
        else:
            self.supplement_desk.resume(dossier, at)
        if self.events is not None:
            self.events.received(dossier, at)
        if dossier.channel is ONLINE:
            self._stage_at(dossier, at)
            return
        if dossier.site in self.resources.counter_digitisers:
            if dossier.channel is POSTAL:  # on to ``_digitised`` as counter work
                dossier.ticket = MAIL
                self.placement.counter_pool(dossier).hand_in(dossier, at)
            else:  # scanned in the sitting that received it
                self.recorder.digitised(dossier.site, 0.0)
                self._sent(dossier, at)
            return
        pool = self.resources.digitisers.get(dossier.site)
        if pool is not None:  # on to ``_digitised``
            pool.hand_in(dossier, at)
        elif dossier.remote:
            self._remote_transfer(dossier, self._paper_transfer(at))
        else:
            self._stage_at(dossier, self._paper_transfer(at))

    def _digitised(self, dossier: Dossier, ready: float) -> None:
        """Digitisation staff finish the dossier (received at its site) at ``ready``."""
        # from its latest reception: the first, or the one that took its supplement in
        taken_in = dossier.received_at if dossier.resumed_at == math.inf else dossier.resumed_at
        minutes = self.calendar.working_minutes_between(taken_in, ready)
        self.recorder.digitised(dossier.site, minutes)
        if self.events is not None:
            self.events.digitised(dossier, ready)
        self._sent(dossier, ready)

    def _sent(self, dossier: Dossier, ready: float) -> None:
        """A digitised dossier goes on: electronically at once, or with the paper file."""
        if dossier.site not in self.resources.electronic_sites:
            ready = self._paper_transfer(ready)
        if dossier.remote:
            self._remote_transfer(dossier, ready)
        else:
            self._stage_at(dossier, ready)

    def _remote_transfer(self, dossier: Dossier, ready: float) -> None:
        """A location-independent dossier, sent at ``ready``, goes on to its agency from where
        it was submitted (VNPost's run): ``location_delay`` working minutes more."""
        self._stage_at(dossier, self.calendar.add_working_minutes(ready, self.location_delay()))

    def _paper_transfer(self, ready: float) -> float:
        """Same day if ready before the cut-off of a working day, else next morning."""
        day_start = ready // 1440.0 * 1440.0
        opens = self.calendar.next_open(ready)
        if opens - day_start < self.cutoff:
            return ready
        return self.calendar.next_open(day_start + 1440.0)

    def _at(self, at: float, action: Callable[[Dossier], None], dossier: Dossier) -> None:
        """``action(dossier)`` at ``at``: at once if that is now (no SimPy event), else later."""
        now = self.env._now
        if at <= now:
            action(dossier)
        else:
            call_later(self.env, at - now, action, dossier)

    # --- processing -----------------------------------------------------------------------

    def _stage_at(self, dossier: Dossier, at: float) -> None:
        """At ``at`` (at once if that is now, else at the event ``_stage_event``), at the
        agency of its current stage: an officer works on it (on to ``_worked``)."""
        now = self.env._now
        if at > now:
            Later(self.env, at - now, self._stage_event, dossier)
            return
        stage = dossier.route.stages[dossier.commune][dossier.stage]
        if self.events is not None:
            self.events.stage_start(dossier)
        stage.resource.hand_in(dossier, now)

    def _stage_event(self, event: simpy.Event) -> None:
        """``_stage_at`` at the event's time, written out (no frame for the check: a hot path)."""
        dossier = event.value
        stage = dossier.route.stages[dossier.commune][dossier.stage]
        if self.events is not None:
            self.events.stage_start(dossier)
        stage.resource.hand_in(dossier, self.env._now)

    def _worked(self, dossier: Dossier, at: float) -> None:
        """The officer finished work on the dossier's current stage at ``at``."""
        if self.events is not None:
            self.events.stage_end(dossier, at)
        rules = self.one_rules or self.rules_at(at)
        processing = rules.processing
        if not dossier.checked:
            dossier.checked = True
            if self.u_returned() < processing.returned_share:
                self.recorder.finish(dossier, RETURNED, at)
                return
            # online dossiers were asked at review
            desk = self.supplement_desk
            if dossier.channel is not ONLINE and desk.at_first_stage(dossier, at, processing):
                return
        if not processing.paced:
            self.after_lead(dossier, self.calendar.add_working_minutes(at, dossier.route.lead()))
            return
        route = dossier.route  # ``approval_minutes`` written out (a hot path)
        approval = rules.commune_approval if route.commune_stage[dossier.stage] else rules.approval
        ready = self.calendar.add_working_minutes(at, approval())
        if dossier.stage == route.n_stages - 1:
            planned = planned_at(self.calendar, dossier, rules)
            ready = planned if planned > ready else ready  # max(ready, planned)
        self.after_lead(dossier, ready)

    def after_lead(self, dossier: Dossier, at: float) -> None:
        dossier.stage += 1
        if dossier.stage < dossier.route.n_stages:
            delay = self.transfer_delay()
            self._stage_at(dossier, self.calendar.add_working_minutes(at, delay))
        else:
            self._paper_done(dossier, at)

    def _paper_done(self, dossier: Dossier, at: float) -> None:
        dossier.paper_done_at = at
        if self.events is not None:
            self.events.paper_result(dossier, at)
        if self.closing is not None:  # on to ``closed``, at once or after an entry
            self.closing.result_made(dossier, at)
            return
        # the old rule without a [closing] table: a share is closed after a random lag
        closed = at
        if self.u_closing() < self.scenario.processing.closing_lag_share:
            closed = self.calendar.add_working_minutes(at, self.closing_lag())
        self.closed(dossier, closed)

    def closed(self, dossier: Dossier, at: float, at_once: bool = True) -> None:
        """The dossier is closed in the information system at ``at``: resolved."""
        dossier.closed_at = at
        outcome = LATE if at > dossier.deadline_at else ON_TIME
        self.recorder.finish(dossier, outcome, at, self.results.result_closed(dossier, at))


def simulate(
    scenario: OnestopScenario, streams: Streams, trace: Callable[[tuple], None] | None = None
) -> dict[str, float]:
    """Run one replication of a one-stop scenario and return its metrics.

    ``trace``, when given, is called once per dossier with a tuple of TRACE_COLUMNS.
    """
    return OnestopModel(scenario, streams, trace).run()


__all__ = ["TRACE_COLUMNS", "Discipline", "Level", "OnestopModel", "simulate"]
