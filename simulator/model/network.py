"""The plain queueing network in SimPy, driven by event callbacks.

Each customer is one SimPy event (``_Customer``) that is scheduled again for each of its
service completions: a station keeps its own FIFO queue and busy-server count, and the
customer's callback moves it on when its service ends. No generator process per customer
and no new event object per service (together about 3x faster than idiomatic SimPy on the
tandem benchmark), while SimPy still owns the clock and the event order: every arrival and
completion goes through ``Environment.schedule`` and ``Environment.run``.

The event bound of ``event_limit.run_bounded`` is kept by counting in the callbacks (every
event of the network has exactly one of them) instead of stepping the environment by hand;
both raise the same ScenarioError.

Warm-up: observations start at ``observe_from`` — the warm-up time, or the arrival
instant of the first customer after ``warmup_customers``. Time-weighted areas are
reset then; waits count customers reaching a station from then on; sojourns and
``served`` count customers entering the system from then on.
"""

from __future__ import annotations

import math
from array import array
from collections import deque

import numpy as np
import simpy
from simpy.events import NORMAL

from simulator.model.conservation import check_balance
from simulator.streams import Streams, uniform_sampler
from simulator.values.errors import ScenarioError
from simulator.values.limits import MAX_EVENTS_PER_REPLICATION
from simulator.values.scenario_network import NetworkScenario, Station

_FOREVER = math.inf


class _Customer(simpy.Event):
    """One customer, and the event of its next service completion (or arrival).

    Scheduled with ``Environment.schedule`` directly: the event is reused for each step
    of the customer's way, so ``callbacks`` is reset to the station's one-item list (never
    mutated) before each scheduling. ``due_at`` is the time it is scheduled for, computed
    as SimPy does (``now + delay``), so the callback needs no ``env.now``.
    """

    def __init__(self, env: simpy.Environment, arrived_at: float) -> None:
        self.env = env
        self.callbacks = None
        self._value = None
        self._ok = True
        self.system_arrival_at = arrived_at
        self.station_arrival_at = arrived_at
        self.due_at = arrived_at


class _Node:
    """One station: c servers, a FIFO queue, and its running statistics."""

    def __init__(self, env: simpy.Environment, spec: Station, streams: Streams, network: _Network):
        self.env = env
        self.name = spec.name
        self.servers = spec.servers
        self.wait_limit = spec.wait_limit
        self.busy = 0
        self.queue: deque[_Customer] = deque()
        self.service = spec.service.sampler(streams.generator(f"service.{spec.name}"))
        self.network = network
        self.schedule = env.schedule  # bound once: called for every service
        self.finish_callbacks = [self._finish]  # shared by every scheduling, never mutated
        self.next_nodes: list[_Node] = []
        self.cumulative: list[float] = []
        self.uniform = None
        if len(spec.routes) > 1 or (spec.routes and spec.routes[0].p < 1.0):
            rng = streams.generator(f"routing.{spec.name}")
            self.uniform = uniform_sampler(rng)
        self.route = self._route_at_random
        # statistics
        self.last_at = 0.0
        self.queue_area = 0.0
        self.busy_area = 0.0
        self.arrivals = 0
        self.waits = array("d")

    def link(self, spec: Station, nodes: dict[str, _Node]) -> None:
        total = 0.0
        for route in spec.routes:
            total += route.p
            self.next_nodes.append(nodes[route.to])
            self.cumulative.append(total)
        if self.uniform is None:  # one sure next station, or none: no draw
            self.route = self.next_nodes[0].arrive if self.next_nodes else self.network.leave

    def _advance(self, now: float) -> None:
        elapsed = now - self.last_at
        self.queue_area += len(self.queue) * elapsed
        self.busy_area += self.busy * elapsed
        self.last_at = now

    def reset(self, now: float) -> None:
        self._advance(now)
        self.queue_area = self.busy_area = 0.0

    def arrive(self, customer: _Customer, now: float) -> None:
        elapsed = now - self.last_at  # _advance, inlined: this runs once per visit
        self.queue_area += len(self.queue) * elapsed
        self.busy_area += self.busy * elapsed
        self.last_at = now
        customer.station_arrival_at = now
        if now >= self.network.observe_from:
            self.arrivals += 1
        if self.busy < self.servers:
            self.busy += 1
            self._start(customer, now)
        else:
            self.queue.append(customer)

    def _start(self, customer: _Customer, now: float) -> None:
        if customer.station_arrival_at >= self.network.observe_from:
            self.waits.append(now - customer.station_arrival_at)
        delay = self.service()
        customer.due_at = now + delay
        customer.callbacks = self.finish_callbacks
        self.schedule(customer, NORMAL, delay)

    def _finish(self, customer: _Customer) -> None:
        network = self.network
        network.budget -= 1
        if network.budget < 0:
            network.over_budget()
        now = customer.due_at
        elapsed = now - self.last_at  # _advance, inlined
        self.queue_area += len(self.queue) * elapsed
        self.busy_area += self.busy * elapsed
        self.last_at = now
        if self.queue:
            self._start(self.queue.popleft(), now)
        else:
            self.busy -= 1
        self.route(customer, now)

    def _route_at_random(self, customer: _Customer, now: float) -> None:
        u = self.uniform()
        for node, bound in zip(self.next_nodes, self.cumulative, strict=True):
            if u < bound:
                node.arrive(customer, now)
                return
        self.network.leave(customer, now)


class _Network:
    """The arrival source, the stations, and the system-level counters."""

    def __init__(self, env: simpy.Environment, scenario: NetworkScenario, streams: Streams):
        self.env = env
        self.scenario = scenario
        run = scenario.run
        self.observe_from = run.warmup if run.horizon is not None else _FOREVER
        if run.customers is not None and run.warmup_customers == 0:
            self.observe_from = 0.0
        self.nodes = {s.name: _Node(env, s, streams, self) for s in scenario.stations}
        for spec in scenario.stations:
            self.nodes[spec.name].link(spec, self.nodes)
        self.entry = self.nodes[scenario.arrival_station]
        self.interarrival = scenario.interarrival.sampler(streams.generator("arrivals"))
        self.arrival_callbacks = [self._arrive]  # shared, never mutated
        self.to_arrive = run.customers if run.customers is not None else -1
        self.budget = MAX_EVENTS_PER_REPLICATION  # events left before the run is stopped
        self.arrived = 0
        self.counted_arrivals = 0
        self.served = 0
        self.left = 0  # every customer who left, observed or not (conservation check)
        self.sojourn_total = 0.0
        self.replication = f"replication {streams.replication} (seed {streams.seed})"

    def start(self) -> None:
        run = self.scenario.run
        if run.horizon is not None and run.warmup > 0:
            self.env.timeout(run.warmup).callbacks.append(self._end_warmup)
        self._schedule_arrival(self.env.now)

    def _schedule_arrival(self, now: float) -> None:
        """The next customer, scheduled as the event of its own arrival."""
        if self.to_arrive == 0:
            return
        self.to_arrive -= 1
        delay = self.interarrival()
        customer = _Customer(self.env, now + delay)
        customer.callbacks = self.arrival_callbacks
        self.env.schedule(customer, NORMAL, delay)

    def _end_warmup(self, _event: simpy.Event | None = None) -> None:
        now = self.env.now
        self.observe_from = now
        for node in self.nodes.values():
            node.reset(now)

    def _arrive(self, customer: _Customer) -> None:
        self.budget -= 1
        if self.budget < 0:
            self.over_budget()
        now = customer.due_at
        self.arrived += 1
        if self.arrived == self.scenario.run.warmup_customers + 1 and self.observe_from == _FOREVER:
            self._end_warmup()
        if now >= self.observe_from:
            self.counted_arrivals += 1
        self.entry.arrive(customer, now)
        self._schedule_arrival(now)

    def leave(self, customer: _Customer, now: float) -> None:
        self.left += 1
        if customer.system_arrival_at >= self.observe_from:
            self.served += 1
            self.sojourn_total += now - customer.system_arrival_at

    def over_budget(self) -> None:
        """Stop a run whose routing keeps customers going round (the bound of run_bounded)."""
        allowed = (
            f"more than {MAX_EVENTS_PER_REPLICATION:,} simulation events in one replication at "
            f"t = {self.env.now:g}: a routing loop that never ends, or a run far too long"
        )
        events = f"{MAX_EVENTS_PER_REPLICATION - self.budget:,} events"
        raise ScenarioError(self.scenario.source, "run", events, allowed)

    def check_conservation(self) -> None:
        """Every customer who arrived has left or is queued or in service at a station."""
        nodes = self.nodes.values()
        ends = {
            "left": self.left,
            "queued": sum(len(node.queue) for node in nodes),
            "in service": sum(node.busy for node in nodes),
        }
        check_balance("customers", self.replication, self.arrived, ends)

    def metrics(self) -> dict[str, float]:
        self.check_conservation()
        end_at = self.env.now
        span = end_at - self.observe_from
        values = {
            "arrivals": float(self.counted_arrivals),
            "served": float(self.served),
            "in_system_at_end": float(self.counted_arrivals - self.served),
            "sojourn_mean": self.sojourn_total / self.served if self.served else math.nan,
        }
        for node in self.nodes.values():
            node._advance(end_at)
            values.update(_node_metrics(node, span))
        return values


def _node_metrics(node: _Node, span: float) -> dict[str, float]:
    waits = np.frombuffer(node.waits, dtype=float) if node.waits else np.empty(0)
    has_waits = waits.size > 0
    name = node.name
    values = {
        f"arrivals.{name}": float(node.arrivals),
        f"wait_mean.{name}": float(waits.mean()) if has_waits else math.nan,
        f"wait_p95.{name}": float(np.percentile(waits, 95)) if has_waits else math.nan,
        f"utilisation.{name}": node.busy_area / (node.servers * span) if span > 0 else math.nan,
        f"queue_length_mean.{name}": node.queue_area / span if span > 0 else math.nan,
        f"in_service_mean.{name}": node.busy_area / span if span > 0 else math.nan,
        f"arrival_rate.{name}": node.arrivals / span if span > 0 else math.nan,
    }
    if node.wait_limit is not None:
        over = float((waits > node.wait_limit).mean()) if has_waits else math.nan
        values[f"share_wait_over_limit.{name}"] = over
    return values


def simulate(scenario: NetworkScenario, streams: Streams) -> dict[str, float]:
    """Run one replication of a plain network and return its metrics."""
    env = simpy.Environment()
    network = _Network(env, scenario, streams)
    network.start()
    env.run(until=scenario.run.horizon)  # bounded: the callbacks count the events
    return network.metrics()
