"""Service-level targets and the staff counts `onestop staff` may vary: reading and checking."""

from __future__ import annotations

import pytest

from simulator.values.errors import ScenarioError
from simulator.values.staffing import ALL_DAY, Direction, Lever, load_service_levels, parse_levers

WAIT = "share_wait_over_15min.provincial_centre"


def test_a_service_level_file_gives_each_target_its_direction(write_scenario):
    """at_most and at_least targets are read with their limits."""
    path = write_scenario(
        f"""
        [[targets]]
        metric = "{WAIT}"
        at_most = 0.05
        [[targets]]
        metric = "on_time_rate"
        at_least = 0.98
        """
    )
    targets = load_service_levels(path).targets
    assert [(t.metric, t.direction, t.limit) for t in targets] == [
        (WAIT, Direction.AT_MOST, 0.05),
        ("on_time_rate", Direction.AT_LEAST, 0.98),
    ]


@pytest.mark.parametrize(
    ("body", "key", "allowed"),
    [
        (f'metric = "{WAIT}"\nat_most = 0.05\nat_least = 0.0', "targets[0]", "exactly one of"),
        (f'metric = "{WAIT}"', "targets[0]", "exactly one of"),
        ('metric = "share_wait_over_16min"\nat_most = 0.05', "targets[0].metric", "metric"),
        (f'metric = "{WAIT}"\nat_most = "low"', "targets[0].at_most", "number"),
        (f'metric = "{WAIT}"\nat_most = 0.05\nlimit = 1', "targets[0]", "limit"),
    ],
)
def test_a_bad_target_is_one_line_naming_its_key(write_scenario, body, key, allowed):
    """A target without exactly one limit, of an unknown metric or with a stray key fails."""
    path = write_scenario("[[targets]]\n" + body + "\n")
    with pytest.raises(ScenarioError) as error:
        load_service_levels(path)
    assert error.value.key.startswith(key)
    assert allowed in error.value.line()
    assert "\n" not in error.value.line()


def test_levers_take_their_costs_and_default_to_one():
    """--vary gives ranges; --cost weighs a unit of one key, the others cost 1."""
    levers = parse_levers(["a.b=2:5", "stations[0].servers=1:3"], ["a.b=2.5"])
    assert levers == (
        Lever(key="a.b", low=2, high=5, start=2, cost=2.5),
        Lever(key="stations[0].servers", low=1, high=3, start=1, cost=1.0),
    )


def test_a_range_may_name_where_the_search_starts():
    """MIN:MAX:START starts at START; the removal pass may still go down to MIN."""
    (lever,) = parse_levers(["a.b=2:9:5"], [])
    assert (lever.low, lever.high, lever.first) == (2, 9, 5)


@pytest.mark.parametrize(
    ("vary", "costs", "source", "allowed"),
    [
        (["a.b=5:2"], [], "--vary", "MIN < MAX"),
        (["a.b=2:5:7"], [], "--vary", "START <= MAX"),
        (["a.b=2:5:1"], [], "--vary", "MIN <= START"),
        (["a.b=2:5:3:4"], [], "--vary", "MIN:MAX:START"),
        (["a.b=2"], [], "--vary", "MIN:MAX"),
        (["a.b=1.5:3"], [], "--vary", "whole numbers"),
        (["a..b=1:3"], [], "--vary", "malformed"),
        (["a.b=1:3", "a.b=2:4"], [], "--vary", "twice"),
        (["a.b=1:3"], ["c.d=2"], "--cost", "not one of the --vary keys"),
        (["a.b=1:3"], ["a.b=0"], "--cost", "> 0"),
        (["a.b=1:3"], ["a.b=cheap"], "--cost", "> 0"),
    ],
)
def test_a_bad_range_or_cost_is_exit_2_with_one_line(vary, costs, source, allowed):
    """Malformed, reversed, repeated ranges and costs of unknown keys are refused."""
    with pytest.raises(ScenarioError) as error:
        parse_levers(vary, costs)
    assert error.value.file == source
    assert allowed in error.value.line()


def test_a_schedule_band_is_reported_with_its_pool_and_hours():
    """A band key names its pool and hours; a plain count is staffed all day."""
    band = Lever(key="sites.provincial.schedule.transport.07:00-09:30", low=1, high=9)
    days = Lever(key="agencies[3].schedule.fri 13:30-17:00", low=1, high=9)
    plain = Lever(key="sites.provincial.counters.transport", low=1, high=9)
    assert (band.pool, band.band, band.hours()) == (
        "sites.provincial.schedule.transport",
        "07:00-09:30",
        (7.0, 9.5),
    )
    assert (days.pool, days.band) == ("agencies[3].schedule", "fri 13:30-17:00")
    assert (plain.pool, plain.band, plain.hours()) == (plain.key, ALL_DAY, None)
    # the schedule format allows a space after a day's comma: still a band, not "all day"
    spaced = Lever(key="sites.provincial.schedule.land.mon, tue 07:00-09:00", low=1, high=9)
    assert (spaced.band, spaced.hours()) == ("mon, tue 07:00-09:00", (7.0, 9.0))
