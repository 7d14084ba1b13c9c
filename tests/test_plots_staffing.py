"""Staff by hour for the staffing figure: a plain count all open day, a band in its hours."""

from __future__ import annotations

import numpy as np

from simulator.output.plots_staffing import staff_by_hour
from simulator.values.staffing import Lever


def test_a_plain_count_holds_from_opening_to_closing():
    """Open 07:00-17:00: 4 staff in the hours 7..16, none shown outside."""
    staff = staff_by_hour(Lever(key="a.b", low=1, high=9), 4, 7.0, 17.0)
    assert np.all(staff[7:17] == 4) and np.all(np.isnan(staff[:7])) and np.isnan(staff[17])


def test_a_band_holds_only_in_its_hours():
    """A 07:00-09:30 band covers the hours 7, 8 and 9 (part of it)."""
    band = Lever(key="sites.provincial.schedule.land.07:00-09:30", low=1, high=9)
    staff = staff_by_hour(band, 6, 7.0, 17.0)
    assert list(np.flatnonzero(~np.isnan(staff))) == [7, 8, 9]
