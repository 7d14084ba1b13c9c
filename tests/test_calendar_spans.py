"""Working minutes of many spans at once are, float for float, those of one span at a time."""

from pathlib import Path

import numpy as np
import pytest

from simulator.values.calendar import WorkingCalendar
from simulator.values.calendar_spans import working_minutes_spans
from simulator.values.scenario import load_scenario

BASELINE = Path(__file__).resolve().parent.parent / "scenarios" / "baseline_q1_2022.toml"


@pytest.fixture(scope="module")
def calendar():
    return WorkingCalendar(load_scenario(BASELINE).calendar, horizon_days=30)


def test_random_spans_and_session_edges_match_the_method_exactly(calendar):
    """Spans over Tết and weekends, on and around openings and closings, backwards too."""
    rng = np.random.default_rng(3)
    starts = rng.uniform(0.0, 200 * 1440.0, 3000)  # beyond the 30 days built: tables grow
    ends = starts + rng.exponential(5 * 1440.0, starts.size)
    edges = [calendar._opens[5], calendar._closes[5], calendar._closes[5] - 1e-9, 0.0]
    starts = np.concatenate([starts, edges, [3000.0, 0.0]])
    ends = np.concatenate([ends, edges[::-1], [10.0, 0.0]])  # backwards spans: negative
    starts, ends = starts.tolist(), ends.tolist()
    together = working_minutes_spans(calendar, starts, ends)  # first: it grows the tables
    one_by_one = [calendar.working_minutes_between(a, b) for a, b in zip(starts, ends, strict=True)]
    assert together.tolist() == one_by_one
    assert min(one_by_one) < 0.0 < max(one_by_one)


def test_no_spans_give_an_empty_array_and_a_negative_time_is_refused(calendar):
    """An empty list is no work; a time before the start is refused as by the method."""
    assert working_minutes_spans(calendar, [], []).size == 0
    with pytest.raises(ValueError, match="before the calendar start"):
        working_minutes_spans(calendar, [-1.0], [5.0])
