"""Returning results: pick-up tickets at the counter, results by post, when citizens come.

Stories use tests/data/onestop_small.toml (one provincial counter, 10-minute service,
lead time one working day, closed as soon as made) with a 4-minute pick-up service, and
add dossiers with ``OnestopModel.submit``. Times are minutes from 00:00 of Monday
10 January 2022; the office opens 07:00-11:30 and 13:30-17:00.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest

from simulator.model.onestop import OnestopModel
from simulator.streams import Streams
from simulator.values.scenario import load_scenario

SMALL = Path(__file__).resolve().parent / "data" / "onestop_small.toml"
MONDAY = date(2022, 1, 10)
PICKUP = 'service = { dist = "deterministic", value = 10 }\n'
PICKUP_EDIT = (PICKUP, PICKUP + 'pickup_service = { dist = "deterministic", value = 4 }\n')


def _scenario(write_scenario, *edits: tuple[str, str]):
    text = SMALL.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    return load_scenario(write_scenario(text))


def _run(scenario, channel: str):
    """One provincial permit at 08:00 Monday by ``channel``: the metrics and the model."""
    model = OnestopModel(scenario, Streams(1, 0))
    model.submit(8 * 60.0, "provincial_permit", channel, "kon_tum_city")
    return model.run(), model


def _counter(model):
    return model.resources.counter_pools["provincial_centre"][0]


def test_a_walkins_result_is_a_pickup_ticket_at_its_counter(write_scenario):
    """The walk-in comes back for its result: a second, 4-minute ticket at the same counter."""
    metrics, model = _run(_scenario(write_scenario, PICKUP_EDIT), "walkin")
    assert metrics["resolved_on_time"] == 1
    assert metrics["results_picked_up"] == 1
    assert (_counter(model).jobs, _counter(model).busy_minutes) == (2, 14.0)
    assert metrics["pickup_wait_mean_min.provincial_centre"] == 0.0
    # reception waits alone make the counter wait
    assert metrics["counter_wait_mean_min.provincial_centre"] == 0.0
    assert metrics["visits_per_dossier"] == 2


def test_without_a_pickup_service_the_visit_is_travel_only(write_scenario):
    """An older scenario (no pickup_service): the pick-up visit counts, the counter is free."""
    metrics, model = _run(_scenario(write_scenario), "walkin")
    assert metrics["results_picked_up"] == 0
    assert _counter(model).jobs == 1
    assert metrics["visits_per_dossier"] == 2


def test_a_postal_result_takes_no_counter(write_scenario):
    """A postal dossier's result goes back by post: no counter work, no visit."""
    metrics, model = _run(_scenario(write_scenario, PICKUP_EDIT), "postal")
    assert metrics["results_by_post"] == 1
    assert metrics["results_picked_up"] == 0
    assert _counter(model).jobs == 0
    assert metrics["visits_per_dossier"] == 0


def test_a_walkin_may_have_its_result_posted(write_scenario):
    """With result_by_post_share = 1 the walk-in does not come back: one visit, one job."""
    share = ("level3_share = 0.0\n", "level3_share = 0.0\nresult_by_post_share = 1.0\n")
    metrics, model = _run(_scenario(write_scenario, PICKUP_EDIT, share), "walkin")
    assert metrics["results_by_post"] == 1
    assert metrics["results_picked_up"] == 0
    assert _counter(model).jobs == 1
    assert metrics["visits_per_dossier"] == 1


def test_a_level3_online_result_is_picked_up_at_a_counter(write_scenario):
    """With level3_share = 1 the online dossier's result takes a pick-up ticket."""
    share = ("level3_share = 0.0", "level3_share = 1.0")
    metrics, model = _run(_scenario(write_scenario, PICKUP_EDIT, share), "online")
    assert metrics["results_picked_up"] == 1
    assert _counter(model).jobs == 1


@pytest.mark.parametrize(
    ("closed", "first", "last"),
    [
        # closed Tuesday 09:00, due Thursday: the citizen comes on Thursday
        (("2022-01-11", "09:00"), ("2022-01-13", "07:00"), ("2022-01-13", "17:00")),
        # closed late, Friday 10:00: that day, after the closing
        (("2022-01-14", "10:00"), ("2022-01-14", "10:00"), ("2022-01-14", "17:00")),
        # closed Thursday 18:00, after hours: Friday
        (("2022-01-13", "18:00"), ("2022-01-14", "07:00"), ("2022-01-14", "17:00")),
    ],
)
def test_the_citizen_comes_on_the_appointment_day_or_when_it_is_closed(
    write_scenario, closed, first, last
):
    """A pick-up moment lies in the open hours of the later of the two days."""
    model = OnestopModel(_scenario(write_scenario, PICKUP_EDIT), Streams(1, 0))
    calendar = model.calendar

    def t(day: str, clock: str) -> float:
        return calendar.at(date.fromisoformat(day), clock)

    dossier = SimpleNamespace(deadline_at=t("2022-01-13", "17:00"))
    for _ in range(50):
        at = model.results.pickup_at(dossier, t(*closed))
        assert t(*first) <= at <= t(*last) and calendar.is_open(at)
