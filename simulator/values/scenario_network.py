"""The plain queueing-network scenario (``kind = "network"``): stations, routing, a run length.

Used to validate the engine against queueing theory and to compare it with other
tools. Routing probabilities of a station may sum below 1: the rest leave.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from simulator.values.distributions import Distribution, parse_distribution
from simulator.values.document import Document, ScenarioKind
from simulator.values.errors import Location
from simulator.values.limits import MAX_CUSTOMERS, MAX_SERVERS, MAX_STATIONS, MAX_TIME
from simulator.values.network_graph import check_routing
from simulator.values.validate import Table, identifier, output_name, probability, string


@dataclass(frozen=True, kw_only=True)
class Route:
    to: str
    p: float


@dataclass(frozen=True, kw_only=True)
class Station:
    name: str
    servers: int
    service: Distribution
    routes: tuple[Route, ...] = ()
    # a service level: the share of waits longer than this is reported (share_wait_over_limit)
    wait_limit: float | None = None


@dataclass(frozen=True, kw_only=True)
class RunLength:
    """Either a number of arriving customers (run until they all leave) or a time horizon."""

    customers: int | None = None
    horizon: float | None = None
    warmup_customers: int = 0
    warmup: float = 0.0


@dataclass(frozen=True, kw_only=True)
class NetworkScenario:
    name: str
    description: str
    run: RunLength
    arrival_station: str
    interarrival: Distribution
    stations: tuple[Station, ...]
    source: str
    digest: str
    resolved: dict[str, Any]
    chain: tuple[str, ...] = ()  # the file and every parent it extends, child first
    kind: ScenarioKind = ScenarioKind.NETWORK


def parse(document: Document) -> NetworkScenario:
    top = Table(document.data, document.where())
    top.known("kind", "name", "description", "run", "stations", "arrivals")
    top.raw("kind")
    name = output_name(top.raw("name", document.path.stem), top.at("name"))
    description = str(top.raw("description", ""))
    run = _parse_run(top.table("run"))
    stations = tuple(
        _parse_station(item, where) for item, where in top.items("stations", limit=MAX_STATIONS)
    )
    if not stations:
        top.at("stations").fail([], "needs at least one [[stations]] entry")
    _check_names(stations, top.at("stations"))
    arrivals = top.table("arrivals")
    arrivals.known("station", "interarrival")
    names = [s.name for s in stations]
    arrival_station = arrivals.string("station", choices=names)
    check_routing(stations, arrival_station, top.at("stations"))
    interarrival = parse_distribution(arrivals.raw("interarrival"), arrivals.at("interarrival"))
    if interarrival.mean <= 0:
        arrivals.at("interarrival").fail(
            interarrival.to_spec(), "mean interarrival time must be > 0"
        )
    _check_size(run, interarrival, arrivals.at("interarrival"))
    arrivals.done()
    top.done()
    return NetworkScenario(
        name=name,
        description=description,
        run=run,
        arrival_station=arrival_station,
        interarrival=interarrival,
        stations=stations,
        source=str(document.path),
        digest=document.digest(),
        chain=document.chain,
        resolved=document.data,
    )


def _parse_run(table: Table) -> RunLength:
    for key in ("customers", "horizon", "warmup_customers", "warmup"):
        table.raw(key, None)  # known keys: a misspelt one is then reported by name
    if not (table.has("customers") or table.has("horizon")):
        table.done()
    customers = (
        table.integer("customers", None, min=1, max=MAX_CUSTOMERS)
        if table.has("customers")
        else None
    )
    horizon = (
        table.number("horizon", None, above=0.0, max=MAX_TIME) if table.has("horizon") else None
    )
    if (customers is None) == (horizon is None):
        table.where.fail(dict(table.data), "give exactly one of customers or horizon")
    warmup_customers = table.integer("warmup_customers", 0, min=0, max=MAX_CUSTOMERS)
    warmup = table.number("warmup", 0.0, min=0.0, max=MAX_TIME)
    if warmup_customers and customers is None:
        table.at("warmup_customers").fail(warmup_customers, "goes with customers, not horizon")
    if warmup and horizon is None:
        table.at("warmup").fail(warmup, "goes with horizon, not customers")
    if customers is not None and warmup_customers >= customers:
        table.at("warmup_customers").fail(warmup_customers, f"must be < customers ({customers})")
    if horizon is not None and warmup >= horizon:
        table.at("warmup").fail(warmup, f"must be < horizon ({horizon:g})")
    table.done()
    return RunLength(
        customers=customers, horizon=horizon, warmup_customers=warmup_customers, warmup=warmup
    )


def _parse_station(data: Any, where: Location) -> Station:
    table = Table(data, where)
    table.known("name", "servers", "service", "next", "wait_limit")
    name = identifier(table.raw("name"), table.at("name"))
    servers = table.integer("servers", min=1, max=MAX_SERVERS)
    service = parse_distribution(table.raw("service"), table.at("service"))
    routes = _parse_routes(table.raw("next", None), table.at("next"))
    wait_limit = (
        table.number("wait_limit", min=0.0, max=MAX_TIME) if table.has("wait_limit") else None
    )
    table.done()
    return Station(
        name=name, servers=servers, service=service, routes=routes, wait_limit=wait_limit
    )


def _parse_routes(value: Any, where: Location) -> tuple[Route, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (Route(to=string(value, where), p=1.0),)
    if not isinstance(value, list):
        where.fail(value, 'must be a station name or a list like [{ to = "a", p = 0.3 }]')
    routes = []
    for i, item in enumerate(value):
        table = Table(item, where.child(i))
        routes.append(Route(to=table.string("to"), p=probability(table.raw("p"), table.at("p"))))
        table.done()
    total = math.fsum(r.p for r in routes)
    if total > 1.0 + 1e-9:
        where.fail(value, f"routing probabilities sum to {total:g}; they must sum to at most 1")
    return tuple(routes)


def _check_size(run: RunLength, interarrival: Distribution, where: Location) -> None:
    """A horizon that would bring more customers than any run can hold is a mistake."""
    if run.horizon is not None and run.horizon / interarrival.mean > MAX_CUSTOMERS:
        expected = run.horizon / interarrival.mean
        where.fail(
            interarrival.to_spec(),
            f"with horizon {run.horizon:g} about {expected:.3g} customers would arrive; "
            f"at most {MAX_CUSTOMERS:,} are allowed",
        )


def _check_names(stations: tuple[Station, ...], where: Location) -> None:
    names = [s.name for s in stations]
    for i, station in enumerate(stations):
        if names.index(station.name) != i:
            where.child(i).child("name").fail(station.name, "station names must be unique")
    for i, station in enumerate(stations):
        for j, route in enumerate(station.routes):
            if route.to not in names:
                route_where = where.child(i).child("next")
                route_where = (
                    route_where.child(j).child("to") if len(station.routes) > 1 else route_where
                )
                route_where.fail(route.to, "must name a station: " + ", ".join(names))
