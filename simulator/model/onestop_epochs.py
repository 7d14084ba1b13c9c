"""Dated changes (``[[changes]]`` epochs) applied to the resources of a one-stop model.

Each epoch's resources are built from the epoch's values (``build_resources``, with the
run's ``Runtime``: its samplers are shared and never drawn from, and nothing of them is
scheduled) and only their staff counts are read: so the rules that turn scenario values
into servers live in one place (``onestop_build``). Where a count differs between
epochs, the run's pool is replaced, before the run starts, by one that changes its
staff at each epoch start:

* ``DatedFifoPool``: a FIFO staff pool whose number of officers changes at given
  times. More officers: the new ones are free from the change. Fewer: the officers
  free earliest leave (idle ones first); busy ones finish the work they have.
* Digitisation switched on (or off) from a date: the site's pool is put in (taken out
  of) ``Resources.digitisers`` by an event at the epoch's start, so the model sees
  exactly the sites of the current epoch; the same for ``electronic_transfer``.
* EDF agencies (a SimPy event at the epoch's start): more officers take waiting
  dossiers at once; fewer leave as they finish (``EdfAgency.resize``).
* Counters open or close at the epoch's start (a SimPy event, since walk-ins queue);
  a closing counter first serves the walk-in at it (``CounterPool.resize``).

The staff pools compute end times when a job is handed in (in time order), so a
change is applied lazily at the first job handed in after it.
Utilisation uses the time-weighted mean number of staff over the horizon.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from typing import Any

from simulator.model.onestop_build import Resources, Runtime, build_resources
from simulator.model.onestop_counters import CounterPool
from simulator.model.onestop_resources import EdfAgency, FifoPool
from simulator.values.onestop_values import OnestopScenario


class DatedFifoPool(FifoPool):
    """A FIFO pool whose officers change at given times (see the module docstring)."""

    __slots__ = ("changes",)

    def __init__(self, pool: FifoPool, schedule: list[tuple[float, int]]):
        """``pool`` (its name, calendar, work and ``done``) on a (from, servers) schedule."""
        super().__init__(
            pool.name, schedule[0][1], pool.calendar, pool.horizon, pool.work, pool.done
        )
        self.changes = schedule[1:]
        self.servers = _mean_servers(schedule, pool.horizon)

    def hand_in(self, dossier: Any, now: float) -> None:
        if self.changes and self.changes[0][0] <= now:
            self._apply(now)
        FifoPool.hand_in(self, dossier, now)

    def hand_in_work(self, item: Any, now: float, work: float, done: Any) -> None:
        if self.changes and self.changes[0][0] <= now:
            self._apply(now)
        FifoPool.hand_in_work(self, item, now, work, done)

    def _apply(self, now: float) -> None:
        while self.changes and self.changes[0][0] <= now:
            at, servers = self.changes.pop(0)
            for _ in range(servers - len(self.free_at)):
                heapq.heappush(self.free_at, at)
            for _ in range(len(self.free_at) - servers):
                heapq.heappop(self.free_at)


def _mean_servers(schedule: list[tuple[float, int]], horizon: float) -> float:
    """Time-weighted mean staff over [0, horizon] of a schedule of (from, servers)."""
    total = 0.0
    for (start, servers), (end, _) in zip(schedule, [*schedule[1:], (horizon, 0)], strict=True):
        total += servers * max(0.0, min(end, horizon) - start)
    return total / horizon if horizon > 0 else float(schedule[0][1])


def apply_epochs(scenario: OnestopScenario, resources: Resources, runtime: Runtime) -> None:
    """Replace the pools whose staff change between epochs (no-op without ``[[changes]]``)."""
    epochs = scenario.epochs
    if not epochs:
        return
    starts = [0.0, *((e.start - scenario.start).days * 1440.0 for e in epochs)]
    built = [resources, *(build_resources(e.values, runtime) for e in epochs)]
    _dated_reviewers(resources, starts, built)
    _dated_digitisers(resources, runtime, starts, built)
    _dated_agencies(resources, runtime, starts, built)
    _dated_counters(resources, runtime, starts, built)


def _schedule(starts: list[float], counts: list[int]) -> list[tuple[float, int]] | None:
    """(from, servers) at each change of the count; None if it never changes."""
    schedule = [(starts[0], counts[0])]
    for start, count in zip(starts[1:], counts[1:], strict=True):
        if count != schedule[-1][1]:
            schedule.append((start, count))
    return schedule if len(schedule) > 1 else None


def _dated_reviewers(resources: Resources, starts: list[float], built: list[Resources]) -> None:
    for site, pools in resources.review_pools.items():
        for index, pool in enumerate(pools):
            schedule = _schedule(starts, [b.review_pools[site][index].servers for b in built])
            if schedule:
                pools[index] = DatedFifoPool(pool, schedule)


def _dated_digitisers(
    resources: Resources, runtime: Runtime, starts: list[float], built: list[Resources]
) -> None:
    """Digitisation staff change, or digitisation (and electronic transfer) switches on or off.

    ``Resources.digitisers`` and ``electronic_sites`` hold the sites of the current epoch:
    events at the epoch starts put a site's pool in or take it out.
    """
    sites = dict.fromkeys(site for b in built for site in b.digitisers)
    for site in sites:
        pools = [b.digitisers.get(site) for b in built]
        counts = [p.servers if p is not None else 0 for p in pools]
        electronic = [site in b.electronic_sites for b in built]
        if _schedule(starts, counts) is None and _schedule(starts, electronic) is None:
            continue
        staffed = [(a, c) for a, c in zip(starts, counts, strict=True) if c > 0]
        schedule = _schedule([a for a, _ in staffed], [c for _, c in staffed]) or staffed[:1]
        # any epoch's pool: they share the run's sampler and next step (``Runtime``)
        pool = DatedFifoPool(next(p for p in pools if p is not None), schedule)
        pool.servers = _mean_servers(list(zip(starts, counts, strict=True)), runtime.horizon)
        for at, count, sends in zip(starts, counts, electronic, strict=True):
            switch = _switch(resources, site, pool if count else None, sends)
            if at <= 0.0:
                switch(None)
            else:
                runtime.env.timeout(at).callbacks.append(switch)


def _switch(resources: Resources, site: str, pool: Any, electronic: bool) -> Callable:
    def switch(_event: Any) -> None:
        if pool is None:
            resources.digitisers.pop(site, None)
        else:
            resources.digitisers[site] = pool
        if electronic and pool is not None:
            resources.electronic_sites.add(site)
        else:
            resources.electronic_sites.discard(site)

    return switch


def _dated_agencies(
    resources: Resources, runtime: Runtime, starts: list[float], built: list[Resources]
) -> None:
    for name, stages in resources.agencies.items():
        for index, stage in enumerate(stages):
            schedule = _schedule(starts, [b.agencies[name][index].resource.servers for b in built])
            if schedule is None:
                continue
            agency = stage.resource
            if not isinstance(agency, EdfAgency):  # FIFO: known end times, changed lazily
                stage.resource = DatedFifoPool(agency, schedule)
                continue
            for (_, before), (at, after) in zip(schedule, schedule[1:], strict=False):
                runtime.env.timeout(at).callbacks.append(_resize(agency, after - before))
            agency.servers = _mean_servers(schedule, runtime.horizon)


def _resize(resource: EdfAgency | CounterPool, change: int) -> Callable:
    return lambda _event: resource.resize(change)


def _dated_counters(
    resources: Resources, runtime: Runtime, starts: list[float], built: list[Resources]
) -> None:
    """Counters open or close at an epoch's start (a SimPy event: the queue moves then).

    Fewer counters: ``free`` goes below zero and the busy counters close as their
    walk-ins are served. ``servers`` becomes the time-weighted mean, for utilisation.
    """
    for site, pools in resources.counter_pools.items():
        if any(site not in b.counter_pools for b in built):
            continue  # post offices of one epoch only: the model reads the first epoch's
        for index, pool in enumerate(pools):
            schedule = _schedule(starts, [b.counter_pools[site][index].servers for b in built])
            if schedule is None:
                continue
            for (_, before), (at, after) in zip(schedule, schedule[1:], strict=False):
                runtime.env.timeout(at).callbacks.append(_resize(pool, after - before))
            pool.servers = _mean_servers(schedule, runtime.horizon)
