"""Dated changes (``[[changes]]`` epochs) applied to the resources of a one-stop model.

Each epoch's resources are found by building a *shadow* model of the epoch's values
(never run; its own streams, so the run's random numbers are untouched) and reading
its staff counts: so the rules that turn scenario values into servers live in one
place (``onestop_build``). Where a count differs between epochs, the model's pool is
replaced, before the run starts, by one that changes its staff at each epoch start:

* ``DatedFifoPool``: a FIFO staff pool whose number of officers changes at given
  times. More officers: the new ones are free from the change. Fewer: the officers
  free earliest leave (idle ones first); busy ones finish the work they have.
* Digitisation switched on (or off) from a date: the site's pool is put in (taken out
  of) ``model.digitisers`` by an event at the epoch's start, so the model sees exactly
  the sites of the current epoch; the same for ``electronic_transfer``.
* EDF agencies (a SimPy event at the epoch's start): more officers take waiting
  dossiers at once; fewer leave as they finish (``EdfAgency.resize``).
* Counters open or close at the epoch's start (a SimPy event, since walk-ins queue);
  a closing counter first serves the walk-in at it.

The staff pools compute end times when a job is handed in (in time order), so a
change is applied lazily at the first job handed in after it.
Utilisation uses the time-weighted mean number of staff over the horizon.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from typing import Any

from simulator.model.onestop_resources import FifoPool


class DatedFifoPool(FifoPool):
    """A FIFO pool whose officers change at given times (see the module docstring)."""

    __slots__ = ("changes",)

    def __init__(self, name: str, schedule: list[tuple[float, int]], calendar, horizon: float):
        super().__init__(name, schedule[0][1], calendar, horizon)
        self.changes = [change for change in schedule[1:]]
        self.servers = _mean_servers(schedule, horizon)

    def serve(self, now: float, work: float) -> float:
        if self.changes and self.changes[0][0] <= now:
            self._apply(now)
        return FifoPool.serve(self, now, work)

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


def apply_epochs(model: Any, shadow: Callable[[Any], Any]) -> None:
    """Replace the pools whose staff change between epochs (no-op without ``[[changes]]``).

    ``shadow(values)`` builds a model of an epoch's values that is never run (the model
    passes its own constructor, with streams of their own).
    """
    epochs = model.scenario.epochs
    if not epochs:
        return

    starts = [0.0, *((e.start - model.scenario.start).days * 1440.0 for e in epochs)]
    shadows = [model, *(shadow(e.values) for e in epochs)]
    _dated_reviewers(model, starts, shadows)
    _dated_digitisers(model, starts, shadows)
    _dated_agencies(model, starts, shadows)
    _dated_counters(model, starts, shadows)


def _schedule(starts: list[float], counts: list[int]) -> list[tuple[float, int]] | None:
    """(from, servers) at each change of the count; None if it never changes."""
    schedule = [(starts[0], counts[0])]
    for start, count in zip(starts[1:], counts[1:], strict=True):
        if count != schedule[-1][1]:
            schedule.append((start, count))
    return schedule if len(schedule) > 1 else None


def _dated_reviewers(model: Any, starts: list[float], shadows: list[Any]) -> None:
    for site, pool in list(model.review_pools.items()):
        schedule = _schedule(starts, [s.review_pools[site].servers for s in shadows])
        if schedule:
            model.review_pools[site] = DatedFifoPool(
                pool.name, schedule, model.calendar, model.horizon
            )


def _dated_digitisers(model: Any, starts: list[float], shadows: list[Any]) -> None:
    """Digitisation staff change, or digitisation (and electronic transfer) switches on or off.

    ``model.digitisers`` and ``model.electronic_sites`` hold the sites of the current epoch:
    events at the epoch starts put a site's pool in or take it out.
    """
    sites = dict.fromkeys(site for s in shadows for site in s.digitisers)
    for site in sites:
        pools = [s.digitisers.get(site) for s in shadows]
        counts = [p.servers if p is not None else 0 for p in pools]
        electronic = [site in getattr(s, "electronic_sites", ()) for s in shadows]
        if _schedule(starts, counts) is None and _schedule(starts, electronic) is None:
            continue
        staffed = [(a, c) for a, c in zip(starts, counts, strict=True) if c > 0]
        schedule = _schedule([a for a, _ in staffed], [c for _, c in staffed]) or staffed[:1]
        name = next(p.name for p in pools if p is not None)
        pool = DatedFifoPool(name, schedule, model.calendar, model.horizon)
        pool.servers = _mean_servers(list(zip(starts, counts, strict=True)), model.horizon)
        for at, count, sends in zip(starts, counts, electronic, strict=True):
            switch = _switch(model, site, pool if count else None, sends)
            if at <= 0.0:
                switch(None)
            else:
                model.env.timeout(at).callbacks.append(switch)


def _switch(model: Any, site: str, pool: Any, electronic: bool) -> Any:
    def switch(_event: Any) -> None:
        if pool is None:
            model.digitisers.pop(site, None)
        else:
            model.digitisers[site] = pool
        if electronic and pool is not None:
            model.electronic_sites.add(site)
        else:
            model.electronic_sites.discard(site)

    return switch


def _dated_agencies(model: Any, starts: list[float], shadows: list[Any]) -> None:
    for name, stages in model.agencies.items():
        for index, stage in enumerate(stages):
            counts = [_stage_servers(s.agencies[name][index]) for s in shadows]
            schedule = _schedule(starts, counts)
            if schedule is None:
                continue
            if stage.fifo is not None:
                stage.fifo = DatedFifoPool(stage.fifo.name, schedule, model.calendar, model.horizon)
                continue
            for (_, before), (at, after) in zip(schedule, schedule[1:], strict=False):
                model.env.timeout(at).callbacks.append(_edf_resize(stage.edf, after - before))
            stage.edf.servers = _mean_servers(schedule, model.horizon)


def _edf_resize(agency: Any, change: int) -> Any:
    return lambda _event: agency.resize(change)


def _stage_servers(stage: Any) -> int:
    return stage.fifo.servers if stage.fifo is not None else stage.edf.servers


def _dated_counters(model: Any, starts: list[float], shadows: list[Any]) -> None:
    """Counters open or close at an epoch's start (a SimPy event: the queue moves then).

    Fewer counters: ``free`` goes below zero and the busy counters close as their
    walk-ins are served. ``servers`` becomes the time-weighted mean, for utilisation.
    """
    for site, pools in model.counter_pools.items():
        for index, pool in enumerate(pools):
            schedule = _schedule(starts, [s.counter_pools[site][index].servers for s in shadows])
            if schedule is None:
                continue
            for (_, before), (at, after) in zip(schedule, schedule[1:], strict=False):
                resize = _counter_resize(model, pool, after - before)
                model.env.timeout(at).callbacks.append(resize)
            pool.servers = _mean_servers(schedule, model.horizon)


def _counter_resize(model: Any, pool: Any, change: int) -> Any:
    def resize(_event: Any) -> None:
        pool.free += change
        if change > 0:
            pool._pull(model.env.now)

    return resize
