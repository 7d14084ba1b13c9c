"""The static check of a network's routing graph: no closed class, no zero-time loop."""

from __future__ import annotations

import pytest

from simulator.values.distributions import parse_distribution
from simulator.values.errors import Location, ScenarioError
from simulator.values.network_graph import check_routing
from simulator.values.scenario_network import Route, Station

WHERE = Location("net.toml", "stations")


def _station(name, *routes, service=1.0):
    dist = (
        {"dist": "deterministic", "value": 0}
        if service == 0
        else {"dist": "exponential", "mean": service}
    )
    return Station(
        name=name,
        servers=1,
        service=parse_distribution(dist, WHERE),
        routes=tuple(Route(to=to, p=p) for to, p in routes),
    )


def _refusal(stations, arrival="a") -> ScenarioError:
    with pytest.raises(ScenarioError) as caught:
        check_routing(stations, arrival, WHERE)
    return caught.value


def test_self_loop_with_p_one_is_a_closed_class():
    """A station sending everyone back to itself keeps them for ever: refused at its next."""
    error = _refusal([_station("a", ("b", 1.0)), _station("b", ("b", 1.0))])
    assert error.key == "stations[1].next"
    assert "stations b route only among themselves" in error.allowed


def test_two_station_loop_without_exit_names_both():
    """Probabilities summing to 1 between two stations: both named, at the first of them."""
    error = _refusal([_station("a", ("b", 1.0)), _station("b", ("a", 0.5), ("b", 0.5))])
    assert error.key == "stations[0].next"
    assert "stations a, b" in error.allowed


def test_loops_with_a_way_out_are_accepted():
    """Feedback with an exit (directly or through another station) is a valid network."""
    check_routing([_station("a", ("a", 0.9))], "a", WHERE)
    check_routing(
        [_station("a", ("b", 1.0)), _station("b", ("a", 0.5), ("c", 0.5)), _station("c")],
        "a",
        WHERE,
    )


def test_closed_loop_nobody_reaches_is_harmless():
    """A closed pair that no customer can reach from the arrival station is accepted."""
    check_routing([_station("a"), _station("b", ("c", 1.0)), _station("c", ("b", 1.0))], "a", WHERE)


def test_routes_with_p_zero_are_no_way_out_and_no_way_in():
    """A route with p = 0 neither leads out of a loop nor into one."""
    error = _refusal([_station("a", ("a", 1.0), ("c", 0.0)), _station("c")])
    assert error.key == "stations[0].next"
    check_routing([_station("a", ("b", 0.0)), _station("b", ("b", 1.0))], "a", WHERE)


def test_zero_time_loop_is_refused_even_with_an_exit():
    """Zero service time round a loop: the clock stands still, so it is refused at a service."""
    stations = [
        _station("a", ("b", 1.0)),
        _station("b", ("c", 1.0), service=0),
        _station("c", ("b", 0.5), service=0),
    ]
    error = _refusal(stations)
    assert error.key == "stations[1].service"
    assert "stations b, c form a loop with zero service time" in error.allowed


def test_zero_time_stations_in_a_line_are_accepted():
    """Zero-time stations are fine when no loop joins them (time moves elsewhere)."""
    stations = [_station("a", ("b", 1.0), service=0), _station("b", ("a", 0.5))]
    check_routing(stations, "a", WHERE)
    check_routing([_station("a", ("b", 1.0), service=0), _station("b", service=0)], "a", WHERE)
