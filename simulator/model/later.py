"""A SimPy timeout with its one callback, made in one call (the model's per-dossier events).

``Later(env, delay, callback, value)`` is ``env.timeout(delay, value)`` with ``callback``
appended: the same ``Timeout``, scheduled with the same priority and the next event id,
so events and their order are exactly as before. Written out because the model makes
a couple of hundred thousand of them per replication, and ``Timeout.__init__`` plus
``Environment.schedule`` plus the append were three calls where one will do.
"""

from __future__ import annotations

from collections.abc import Callable
from heapq import heappush
from typing import Any

import simpy
from simpy.events import NORMAL


class Later(simpy.Timeout):
    """A timeout of ``delay`` whose processing calls ``callback(event)``; ``event.value``
    is ``value``."""

    # a plain attribute in place of ``Event.value``'s property: a Later's value is known
    # when it is made, and each callback reads it (a call saved per event)
    value = None

    def __init__(
        self,
        env: simpy.Environment,
        delay: float,
        callback: Callable[[simpy.Event], None],
        value: Any = None,
    ):
        if delay < 0:
            raise ValueError(f"Negative delay {delay}")
        self.env = env
        self.callbacks = [callback]
        self._value = self.value = value
        self._delay = delay
        self._ok = True
        heappush(env._queue, (env._now + delay, NORMAL, next(env._eid), self))


def call_later(
    env: simpy.Environment, delay: float, action: Callable[[Any], None], item: Any
) -> None:
    """``action(item)`` after ``delay``, without a closure per call."""
    Later(env, delay, _call, (action, item))


def _call(event: simpy.Event) -> None:
    action, item = event.value
    action(item)


__all__ = ["Later", "call_later"]
