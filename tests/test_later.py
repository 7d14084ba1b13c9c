"""A Later is a SimPy timeout with one callback: same time, value and order as env.timeout."""

from __future__ import annotations

import pytest
import simpy

from simulator.model.later import Later, call_later


def test_a_later_fires_at_its_time_with_its_value_in_the_order_of_timeouts():
    """Mixed with plain timeouts at equal times, callbacks run in the order they were made."""
    env, seen = simpy.Environment(), []
    Later(env, 5.0, lambda event: seen.append(("later a", env.now, event.value)), "a")
    env.timeout(5.0, "t").callbacks.append(
        lambda event: seen.append(("timeout", env.now, event.value))
    )
    Later(env, 2.0, lambda event: seen.append(("later b", env.now, event.value)), "b")
    Later(env, 5.0, lambda event: seen.append(("later c", env.now, event.value)))
    env.run()
    assert seen == [
        ("later b", 2.0, "b"),
        ("later a", 5.0, "a"),
        ("timeout", 5.0, "t"),
        ("later c", 5.0, None),
    ]


def test_a_later_in_the_past_is_refused():
    """A negative delay would move the clock backwards: refused, as by env.timeout."""
    env = simpy.Environment()
    with pytest.raises(ValueError, match="Negative delay"):
        Later(env, -1.0, lambda _event: None)


def test_call_later_calls_the_action_on_its_item_at_its_time():
    """call_later(env, 3, action, item) runs action(item) at t = 3."""
    env, seen = simpy.Environment(), []
    call_later(env, 3.0, lambda item: seen.append((env.now, item)), "dossier")
    env.run()
    assert seen == [(3.0, "dossier")]
