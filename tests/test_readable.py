"""What a reader sees: place names with diacritics, locale numbers, percent and points."""

import pytest

from simulator.output.readable import (
    difference,
    display_name,
    label,
    label_with_unit,
    number,
    percent,
    quantity,
    value,
)


def test_vietnamese_groups_thousands_with_a_dot_and_decimals_with_a_comma():
    """77.289 and 93,82% in Vietnamese; 77,289 and 93.82% in English."""
    assert number(77289, "vi") == "77.289" and number(77289, "en") == "77,289"
    assert percent(0.9382, "vi", 2) == "93,82%" and percent(0.9382, "en", 2) == "93.82%"


def test_shares_are_percent_and_their_differences_points():
    """A late rate reads 6,2%; a change of it −5,1 points, with a typographic minus."""
    assert value("late_rate", 0.062, "vi") == "6,2%"
    assert difference("late_rate", -0.051, "vi") == "−5,1 điểm %"
    assert difference("late_rate", 0.02, "en") == "+2.0 points"


def test_times_carry_their_unit_and_counts_are_whole():
    """Minutes say so; dossiers are counted in whole numbers."""
    assert quantity("counter_wait_mean_min.provincial_centre", 12.46, "vi") == "12,5 phút"
    assert value("resolved", 69280.4, "en") == "69,280"


def test_places_and_agencies_show_their_vietnamese_names():
    """Identifiers stay ASCII; labels show Đắk Glei and Sở Tài nguyên và Môi trường."""
    assert display_name("dak_glei") == "Đắk Glei"
    assert display_name("dept_natural_resources", "vi") == "Sở Tài nguyên và Môi trường"
    assert display_name("counters_dak_glei", "en") == "Đắk Glei (counters)"
    assert label("counter_wait_mean_min.dak_glei", "vi").endswith("— Đắk Glei")
    assert display_name("somewhere_new") == "somewhere_new"


def test_a_label_with_unit_says_percent_for_a_rate():
    """The rate's unit is percent, not a 0–1 share."""
    assert label_with_unit("late_rate", "en").endswith("(%)")


BABEL_LOCALES = {"en": "en_US", "vi": "vi_VN"}
# values around rounding and grouping boundaries, signs, and the sizes results take
SAMPLES = [
    *(sign * v for sign in (1, -1) for v in (0, 0.04, 0.05, 0.125, 0.95, 1.25, 2.675, 12.345)),
    *(sign * v for sign in (1, -1) for v in (999.94, 999.96, 1000, 1234.5, 77289.5, 1.5e7)),
    *(i / 997 for i in range(-300, 3000, 7)),
    *(i * 13.37 for i in range(-50, 800, 3)),
]


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_numbers_read_as_babel_formats_them(lang):
    """number and percent give the text of Babel's format_decimal and format_percent (cached)."""
    babel = pytest.importorskip("babel.numbers")
    locale = BABEL_LOCALES[lang]
    for digits in (0, 1, 2):
        for x in SAMPLES:
            shown = round(x) if abs(x) >= 1000 else round(x, digits)
            pattern = "#,##0" + ("." + "0" * digits if digits and abs(x) < 1000 else "")
            expected = babel.format_decimal(shown or 0, format=pattern, locale=locale)
            assert number(x, lang, digits) == expected.replace("-", "\u2212"), (x, digits)
            share = round(x / 100, digits + 2) or 0.0
            pattern = "#,##0" + ("." + "0" * digits if digits else "") + "%"
            expected = babel.format_percent(share, format=pattern, locale=locale)
            assert percent(x / 100, lang, digits) == expected.replace("-", "\u2212"), (x, digits)
