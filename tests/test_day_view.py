"""A day at a site's counters from event rows: visits, services, queues, waits."""

from __future__ import annotations

import math

from simulator.analysis.day_view import busy_at, day_view, mean_wait_by, queue_at, sent_home_by

POOL = "counters_kon_tum_city.0"
NINE = 9 * 60.0


def _row(case, activity, at, instance=None, priority=False, channel="walkin"):
    return (case, activity, at, POOL, instance, "kon_tum_city", channel, priority)


def _view(rows, closed=frozenset()):
    return day_view(rows, [(POOL, 1)], 0.0, set(closed), lambda a, b: b - a)


def test_a_citizen_queues_from_the_ticket_until_called():
    """Ticket at 09:00, called at 09:12 on counter 1, received at 09:20: a 12-minute wait."""
    view = _view(
        [
            _row(1, "reception end", NINE + 20, 1),
            _row(1, "take ticket", NINE),
            _row(1, "called", NINE + 12, 1),
        ]
    )
    assert [v.case for v in queue_at(view, NINE + 5)[POOL]] == [1]
    assert queue_at(view, NINE + 12)[POOL] == []
    assert busy_at(view, NINE + 15)[(POOL, 1)].end_at == NINE + 20
    assert busy_at(view, NINE + 20) == {}
    assert math.isnan(mean_wait_by(view, NINE + 11)[0])
    assert mean_wait_by(view, NINE + 12) == (12.0, 1)


def test_the_priority_lane_is_drawn_first_and_pickups_are_known():
    """A priority ticket taken later stands before an earlier one; a closed case is a pick-up."""
    view = _view(
        [
            _row(1, "take ticket", NINE),
            _row(2, "take ticket", NINE + 1, priority=True),
            _row(3, "take ticket", NINE + 2),
        ],
        closed={3},
    )
    queue = queue_at(view, NINE + 3)[POOL]
    assert [v.case for v in queue] == [2, 1, 3]
    assert [v.pickup for v in queue] == [False, False, True]


def test_those_still_queueing_at_closing_are_sent_home():
    """Sent home at 17:00: out of the queue, counted from then, with no wait."""
    close = 17 * 60.0
    view = _view([_row(1, "take ticket", close - 5), _row(1, "sent home", close)])
    assert sent_home_by(view, close - 1) == []
    assert [v.case for v in sent_home_by(view, close)] == [1]
    assert queue_at(view, close)[POOL] == []
    assert mean_wait_by(view, close)[1] == 0


def test_rows_of_other_days_are_left_out():
    """Only the day's rows count (the view of day 0 ignores day 1)."""
    view = _view([_row(1, "take ticket", 1440 + NINE)])
    assert view.visits == ()
