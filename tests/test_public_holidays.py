"""Vietnam's holiday table gives the holidays package's dates; other countries ask the package."""

import holidays
import pytest

from simulator.values.holidays_vn import FIRST_YEAR, YEARS
from simulator.values.public_holidays import TABLE_YEARS, holiday_dates


def package(country, years):
    return set(holidays.country_holidays(country, years=list(years)).keys())


def test_the_table_covers_the_years_the_package_knows_for_vietnam():
    """The table holds one row a year, for exactly the years of the table's range."""
    assert range(FIRST_YEAR, FIRST_YEAR + len(YEARS)) == TABLE_YEARS


def test_every_year_of_the_table_has_the_packages_dates():
    """Year by year the table's dates are holidays.VN's (else make holidays-table, see the diff)."""
    differ = [year for year in TABLE_YEARS if holiday_dates("VN", [year]) != package("VN", [year])]
    assert differ == []


@pytest.mark.parametrize("first, last", [(2021, 2025), (2020, 2028), (1901, 1905), (2096, 2100)])
def test_a_run_of_years_has_the_packages_dates(first, last):
    """The years a calendar asks for at once (its horizon and neighbours) match the package."""
    years = range(first, last + 1)
    assert holiday_dates("VN", years) == package("VN", years)


def test_years_outside_the_table_come_from_the_package():
    """A request reaching past the table asks the package for all its years."""
    assert holiday_dates("VN", [2100, 2101]) == package("VN", [2100, 2101])


def test_another_country_comes_from_the_package():
    """Thailand's holidays are the package's, and an unknown code raises as the package does."""
    assert holiday_dates("TH", [2022]) == package("TH", [2022])
    with pytest.raises(NotImplementedError):
        holiday_dates("XX", [2022])
