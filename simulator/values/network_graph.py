"""A static check of a network's routing graph: every customer can leave, and time moves.

Two kinds of graph make a run that never ends (or never lets anyone out), so both are
load-time errors naming the stations:

* a *closed class*: stations reachable from the arrival station from which no path leads
  out of the network (a station routing to itself with p = 1, ``next = "desk"`` on desk
  itself, two stations whose probabilities sum to 1 between them). Customers pile up in
  it for ever. Found as the reachable stations from which the exit is unreachable
  (a reverse search from every station that lets customers leave).
* a *zero-time loop*: a cycle of reachable stations whose service times are all 0. A
  customer may go round it any number of times while the simulated clock stands still, so
  neither a horizon nor a customer count is sure to stop the run.

A route with p = 0 is no edge. A station leaves customers out when its probabilities sum
below 1 by more than ``EXIT_TOLERANCE`` (the loader accepts sums up to 1 + 1e-9).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from simulator.values.errors import Location

EXIT_TOLERANCE = 1e-9
MAX_NAMES = 8  # stations named in one error line


def check_routing(stations: Sequence[Any], arrival_station: str, where: Location) -> None:
    """Fail at the first offending station's ``next`` (closed class) or ``service`` (zero time)."""
    index = {s.name: i for i, s in enumerate(stations)}
    edges = [sorted({index[r.to] for r in s.routes if r.p > 0}) for s in stations]
    reachable = _search([index[arrival_station]], edges)
    leaving = [i for i, s in enumerate(stations) if _exit_share(s) > EXIT_TOLERANCE]
    reverse: list[list[int]] = [[] for _ in stations]
    for i, targets in enumerate(edges):
        for j in targets:
            reverse[j].append(i)
    trapped = _cycles(reachable - _search(leaving, reverse), edges, reverse)
    if trapped:
        first = stations[trapped[0]]
        where.child(trapped[0]).child("next").fail(
            _spec(first),
            f"stations {_names(stations, trapped)} route only among themselves: no customer "
            "can ever leave; let some probabilities sum below 1 or route to a way out",
        )
    zero_time = {i for i in reachable if stations[i].service.mean == 0}
    loop = _cycles(zero_time, edges, reverse)
    if loop:
        where.child(loop[0]).child("service").fail(
            stations[loop[0]].service.to_spec(),
            f"stations {_names(stations, loop)} form a loop with zero service time: the "
            "simulated clock would stand still; give one of them a positive service time",
        )


def _exit_share(station: Any) -> float:
    if not station.routes:
        return 1.0
    return 1.0 - math.fsum(r.p for r in station.routes)


def _search(starts: list[int], edges: list[list[int]]) -> set[int]:
    seen = set(starts)
    stack = list(starts)
    while stack:
        for j in edges[stack.pop()]:
            if j not in seen:
                seen.add(j)
                stack.append(j)
    return seen


def _cycles(members: set[int], edges: list[list[int]], reverse: list[list[int]]) -> list[int]:
    """The members on (or between) cycles of the graph the members span, in order.

    Peel off members with no predecessor or no successor among the members left (a queue,
    each edge looked at a bounded number of times): what remains holds every cycle, and
    nothing that only leads into one (the stations *of* the loop are named, not its feeders).
    """
    alive = set(members)
    outs = {i: sum(j in alive for j in edges[i]) for i in alive}
    ins = {i: sum(k in alive for k in reverse[i]) for i in alive}
    queue = [i for i in alive if not outs[i] or not ins[i]]
    while queue:
        i = queue.pop()
        if i not in alive:
            continue
        alive.discard(i)
        for j in edges[i]:
            if j in alive:
                ins[j] -= 1
                if not ins[j]:
                    queue.append(j)
        for k in reverse[i]:
            if k in alive:
                outs[k] -= 1
                if not outs[k]:
                    queue.append(k)
    return sorted(alive)


def _names(stations: Sequence[Any], members: list[int]) -> str:
    names = [stations[i].name for i in members[:MAX_NAMES]]
    more = f" and {len(members) - MAX_NAMES} more" if len(members) > MAX_NAMES else ""
    return ", ".join(names) + more


def _spec(station: Any) -> Any:
    if len(station.routes) == 1 and station.routes[0].p == 1.0:
        return station.routes[0].to
    return [{"to": r.to, "p": r.p} for r in station.routes]
