"""Staff by hour for the staffing figure: a plain count all open day, a band in its hours."""

from __future__ import annotations

import numpy as np

from simulator.output.plots_staffing import pool_label, staff_by_hour
from simulator.values.staffing import Lever

SESSIONS = [(7.0, 11.5), (13.5, 17.0)]


def test_a_plain_count_holds_in_the_open_hours():
    """Open 07:00-11:30 and 13:30-17:00: 4 staff in the hours 7..11 and 13..16, none at 12."""
    staff = staff_by_hour(Lever(key="a.b", low=1, high=9), 4, SESSIONS)
    assert list(np.flatnonzero(staff == 4)) == [7, 8, 9, 10, 11, 13, 14, 15, 16]
    assert staff.sum() == 4 * 9


def test_a_band_holds_only_in_its_hours():
    """A 07:00-09:30 band covers the hours 7, 8 and 9 (part of it)."""
    band = Lever(key="sites.provincial.schedule.land.07:00-09:30", low=1, high=9)
    staff = staff_by_hour(band, 6, SESSIONS)
    assert list(np.flatnonzero(staff)) == [7, 8, 9]


def test_a_pool_is_labelled_by_its_last_name_and_band():
    """transport for a plain count; an agency's band names the agency and the hours."""
    plain = Lever(key="sites.provincial.counters.transport", low=1, high=9)
    assert pool_label(plain) == "transport"
    band = Lever(key="agencies[3].schedule.07:00-11:30", low=1, high=9)
    assert pool_label(band) == "agencies[3] 07:00-11:30"
