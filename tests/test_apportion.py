"""Splitting staff between instances: exact totals, at least the minimum each."""

from __future__ import annotations

import pytest

from simulator.values.apportion import largest_remainder


def test_parts_add_up_to_the_total():
    """Ten police officers over ten districts of unequal size: one each, not twelve."""
    populations = [168264, 74805, 58913, 49914, 48761, 47544, 28591, 27164, 26025, 10210]
    assert largest_remainder(10, populations, minimum=1) == [1] * 10
    # 50 land officers: each district its quota's whole part (Ia H'Drai's 0.94 raised to
    # one), the 5 left to the largest fractions (Đắk Hà .92, Kon Rẫy .65, Sa Thầy .62,
    # Kon Tum city .57, Tu Mơ Rông .514 before Đắk Glei .513)
    parts = largest_remainder(50, populations, minimum=1)
    assert parts == [16, 7, 5, 5, 4, 4, 3, 3, 2, 1]


def test_the_largest_fraction_gets_the_unit_left_over():
    """3 over weights 1, 1, 2 (quotas 0.75, 0.75, 1.5): the ties go to the earlier part."""
    assert largest_remainder(3, [1, 1, 2]) == [1, 1, 1]
    assert largest_remainder(4, [1, 1, 2]) == [1, 1, 2]


def test_fewer_than_the_minimum_is_refused():
    """Two officers cannot give three instances one each."""
    with pytest.raises(ValueError):
        largest_remainder(2, [1, 1, 1], minimum=1)
