"""Network scenarios are validated into frozen values, and every mistake is named."""

import pytest

from simulator.values.errors import ScenarioError
from simulator.values.scenario import load_scenario

VALID = """
kind = "network"
name = "two"
[run]
customers = 100
[arrivals]
station = "a"
interarrival = { dist = "exponential", mean = 1.0 }
[[stations]]
name = "a"
servers = 2
service = { dist = "exponential", mean = 1.5 }
next = [{ to = "b", p = 0.5 }, { to = "a", p = 0.25 }]
[[stations]]
name = "b"
servers = 1
service = { dist = "deterministic", value = 0.5 }
"""


def test_valid_network_loads_into_frozen_values(write_scenario):
    """A two-station network with feedback reads back as stations and routes."""
    scenario = load_scenario(write_scenario(VALID))
    assert [s.name for s in scenario.stations] == ["a", "b"]
    assert [(r.to, r.p) for r in scenario.stations[0].routes] == [("b", 0.5), ("a", 0.25)]
    assert scenario.run.customers == 100
    with pytest.raises(AttributeError):
        scenario.name = "other"  # frozen


@pytest.mark.parametrize(
    ("old", "new", "key", "allowed"),
    [
        ("servers = 2", "servers = 0", "stations[0].servers", ">= 1"),
        ("servers = 2", "servers = 1000000000000", "stations[0].servers", "<="),
        ("servers = 2", 'servers = "two"', "stations[0].servers", "whole number"),
        ("servers = 2", "serverz = 2", "stations[0].serverz", "did you mean 'servers'"),
        ('name = "two"', 'name = "two"\nseed = 3', "seed", "unknown key; allowed here"),
        ("p = 0.5", "p = 1.5", "stations[0].next[0].p", "<= 1"),
        ("p = 0.25", "p = 0.75", "stations[0].next", "sum to at most 1"),
        ('to = "b"', 'to = "c"', "stations[0].next[0].to", "must name a station"),
        ('station = "a"', 'station = "z"', "arrivals.station", "one of"),
        ("mean = 1.0 }", "mean = nan }", "arrivals.interarrival.mean", "finite"),
        ("customers = 100", "customers = -3", "run.customers", ">= 1"),
        ("customers = 100", "horizon = 5.0e15", "run.horizon", "<="),
        ('kind = "network"', 'kind = "netwerk"', "kind", "one of"),
        ('name = "b"', 'name = "a"', "stations[1].name", "unique"),
    ],
)
def test_each_mistake_names_file_key_value_and_what_is_allowed(
    write_scenario, old, new, key, allowed
):
    """One bad value gives one line naming where it is and what would be accepted."""
    assert old in VALID
    path = write_scenario(VALID.replace(old, new, 1))
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    line = str(caught.value)
    assert line.startswith(f"{path}: {key} = ")
    assert allowed in line
    assert "\n" not in line


def test_missing_run_length_is_required(write_scenario):
    """A [run] table without customers or horizon says to give one of them."""
    path = write_scenario(VALID.replace("customers = 100", ""))
    with pytest.raises(ScenarioError, match="exactly one of customers or horizon"):
        load_scenario(path)


def test_error_in_a_parent_names_the_parent(write_scenario):
    """A bad value inherited from a parent is reported in the parent's file."""
    parent = write_scenario(VALID.replace("servers = 1\n", "servers = -1\n"), "parent.toml")
    child = write_scenario('extends = "parent.toml"\nname = "child"\n', "child.toml")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(child)
    assert str(caught.value).startswith(f"{parent}: stations[1].servers = -1")
