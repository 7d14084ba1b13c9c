"""Per-quarter counts: each dossier is counted once, with its outcome, in its quarters."""

import math
from pathlib import Path
from types import SimpleNamespace

from simulator.model.onestop import OnestopModel
from simulator.streams import Streams
from simulator.values.onestop_values import Channel
from simulator.values.scenario import load_scenario

SMALL = Path(__file__).resolve().parent / "data" / "onestop_small.toml"
DAY = 1440.0


def _book(write_scenario):
    """The quarter book of an empty run over two quarters from 14 March 2022 (Q1: 18 days)."""
    text = SMALL.read_text(encoding="utf-8").replace(
        "start = 2022-01-10\nend = 2022-01-28", "start = 2022-03-14\nquarters = 1"
    )
    model = OnestopModel(load_scenario(write_scenario(text)), Streams(1, 0))
    model.run()  # no dossiers: the book is empty, its quarters' ends marked
    return model.recorder.quarters


def _dossier(arrived_at, channel=Channel.WALKIN, carried=False, deadline_at=math.inf):
    """A dossier received as it arrived, unless online (then still awaiting review)."""
    received_at = math.nan if channel is Channel.ONLINE else arrived_at
    return SimpleNamespace(
        carried=carried, arrived_at=arrived_at, channel=channel, asked_at=math.inf,
        resumed_at=math.inf, received_at=received_at, deadline_at=deadline_at,
        first_deadline_at=math.nan,
    )  # fmt: skip


def test_arrivals_come_with_outcomes_and_who_gave_up_is_not_one(write_scenario):
    """A walk-in who gave up, an online one still open, a carried-over one, one resolved in Q2."""
    book = _book(write_scenario)
    assert book.labels == ["2022Q1", "2022Q2"] and book.edges[0] == 18 * DAY
    book.finished(_dossier(2 * DAY), "gave_up", 2 * DAY + 30)
    book.finished(_dossier(20 * DAY, Channel.ONLINE), "pending_awaiting_review", math.inf)
    book.finished(_dossier(-1.0, carried=True, deadline_at=DAY), "resolved_late", 3 * DAY)
    book.finished(_dossier(10 * DAY, deadline_at=25 * DAY), "resolved_on_time", 22 * DAY)
    metrics = book.metrics()
    assert (metrics["arrivals.2022Q1"], metrics["arrivals.2022Q2"]) == (1.0, 1.0)
    assert (metrics["online_share.2022Q1"], metrics["online_share.2022Q2"]) == (0.0, 1.0)
    assert (metrics["resolved.2022Q1"], metrics["resolved_late.2022Q1"]) == (1.0, 1.0)
    assert metrics["resolved.2022Q2"] == 1.0
    # open at the end of Q1: the one resolved in Q2 (within its deadline); at the end of Q2
    # the online one still awaiting review
    assert (metrics["pending.2022Q1"], metrics["pending_within_deadline.2022Q1"]) == (1.0, 1.0)
    assert (metrics["pending.2022Q2"], metrics["pending_within_deadline.2022Q2"]) == (1.0, 0.0)
