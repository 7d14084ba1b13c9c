"""The rules in force at a time: the epoch of [[changes]] holding it, in any order of look-ups."""

import math
from pathlib import Path

import numpy as np

from simulator.model.onestop_rules import RuleBook
from simulator.streams import Streams
from simulator.values.scenario import load_scenario

ROOT = Path(__file__).resolve().parent.parent
PROJECTION = ROOT / "scenarios" / "projection_2022_2024.toml"


def _searched(book: RuleBook, t: float):
    """The epoch by a plain search of the starts (index -1, the last, before the start)."""
    return book.rules[int(np.searchsorted(book.starts, t, side="right")) - 1]


def test_rules_follow_the_epochs_at_random_times_and_at_their_starts():
    """Look-ups jumping back and forth, on and just off each start, find the search's epoch."""
    book = RuleBook(load_scenario(PROJECTION), Streams(1, 0))
    assert len(book.rules) == 8  # the seven dated changes and the base
    rng = np.random.default_rng(5)
    edges = [s + d for s in book.starts for d in (-1e-9, 0.0, 1e-9)]
    times = [*rng.uniform(-2000.0, book.starts[-1] + 50_000.0, 500).tolist(), *edges]
    for t in [*times, *reversed(times), *sorted(times)]:
        assert book.at(t) is _searched(book, t), t
    assert book.at(math.nan) is book.rules[-1]  # never inside the bounds: searched as before
    assert book.at(-1.0) is book.rules[-1] and book.at(0.0) is book.first


def test_one_epoch_gives_its_rules_at_every_time():
    """Without changes every time, even before the start or NaN, has the scenario's rules."""
    book = RuleBook(load_scenario(ROOT / "scenarios" / "baseline_q1_2022.toml"), Streams(1, 0))
    for t in (-5.0, 0.0, 1e6, math.inf, math.nan, 3.0):
        assert book.at(t) is book.first
