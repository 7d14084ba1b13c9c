"""Running a SimPy environment with a bound on the number of events it processes.

A routing loop with no exit, or with zero service time, never lets the clock pass the
horizon: ``env.run`` would go on until memory runs out. ``run_bounded`` steps the
environment itself and stops with a ScenarioError naming the scenario file after
``MAX_EVENTS_PER_REPLICATION`` events (a counter in the loop, not a bound derived up
front: loops make the number of visits unknowable before the run). The events processed
and their order are exactly those of ``env.run(until)``: the loop takes every event
strictly before ``until``, and ``env.run`` then settles the events at ``until`` itself.

The loop is ``Environment.step`` written out (SimPy 4's event queue of ``(time,
priority, id, event)`` and its callback protocol): a call to ``peek`` and ``step`` per
event was a tenth of a one-stop replication's time, and the events, their order and
failure handling are the same.

Python's cyclic garbage collector is paused while the loop runs (and restored after, even
on an error): a run allocates hundreds of thousands of events and dossiers that are freed
by reference counting or live to the end, and the collector's passes over them, every few
hundred allocations, took a tenth of a replication. Memory stays bounded by one run.
"""

from __future__ import annotations

import gc
import math
from collections.abc import Iterator
from contextlib import contextmanager
from heapq import heappop

import simpy

from simulator.values.errors import ScenarioError
from simulator.values.limits import MAX_EVENTS_PER_REPLICATION


def run_bounded(
    env: simpy.Environment,
    until: float | None,
    source: str,
    limit: int = MAX_EVENTS_PER_REPLICATION,
) -> int:
    """``env.run(until)`` that stops after ``limit`` events; returns the events processed."""
    with _collector_paused():
        return _run(env, until, source, limit)


def _run(env: simpy.Environment, until: float | None, source: str, limit: int) -> int:
    stop_at = math.inf if until is None else until
    queue = env._queue  # SimPy's own heap, stepped as env.step does
    events = 0
    while queue and queue[0][0] < stop_at:
        env._now, _, _, event = heappop(queue)
        callbacks, event.callbacks = event.callbacks, None
        for callback in callbacks:
            callback(event)
        if not event._ok and not hasattr(event, "_defused"):
            _crash(event)
        events += 1
        if events > limit:
            allowed = (
                f"more than {limit:,} simulation events in one replication at t = "
                f"{env.now:g}: a routing loop that never ends, or a run far too long"
            )
            raise ScenarioError(source, "run", f"{events:,} events", allowed)
    if until is not None:
        env.run(until=until)
    return events


def _crash(event: simpy.Event) -> None:
    """A failed event nobody defused crashes the run, as in ``Environment.step``."""
    error = type(event._value)(*event._value.args)
    error.__cause__ = event._value
    raise error


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection inside (see the module docstring)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
