"""Results a planner can read: catalogue labels with place names, locale numbers, percent.

Identifiers stay ASCII in files (``dak_glei``, ``dept_natural_resources``); what a reader
sees uses the display names below (Đắk Glei, Sở Tài nguyên và Môi trường). Numbers are
formatted by Babel in the reader's locale, so Vietnamese shows 77.289 and 93,82% (a dot
groups thousands, a comma marks decimals) and English 77,289 and 93.82%. Babel is imported,
each locale's data loaded and each pattern parsed once, on first use: a report formats
thousands of numbers, and parsing them anew for each was a tenth of a small run's cost
(``format_decimal`` is ``parse_pattern(format).apply(number, Locale.parse(locale))``).
Shares are shown
as percent and differences of shares as percentage points; the unit of everything else
comes from the metric catalogue.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from simulator.values.metric_types import Part, Unit
from simulator.values.metrics import family_of, unit_of
from simulator.values.metrics import label as catalogue_label

LOCALES = {"en": "en_US", "vi": "vi_VN"}
MINUS = "\u2212"  # a typographic minus, as in print

# (English, Vietnamese); a place has one name in both languages
PLACES = {
    "kon_tum_city": "Kon Tum",
    "dak_ha": "Đăk Hà",
    "ngoc_hoi": "Ngọc Hồi",
    "sa_thay": "Sa Thầy",
    "dak_glei": "Đắk Glei",
    "dak_to": "Đắk Tô",
    "kon_ray": "Kon Rẫy",
    "tu_mo_rong": "Tu Mơ Rông",
    "kon_plong": "Kon Plông",
    "ia_hdrai": "Ia H'Drai",
}
NAMES = {
    "provincial_centre": ("Provincial public administration centre", "Trung tâm Phục vụ HCC tỉnh"),
    "commune_office": ("Commune People's Committee", "UBND cấp xã"),
    "district_office": ("District specialist offices", "Phòng chuyên môn cấp huyện"),
    "district_land_office": ("Land registration branch", "Chi nhánh Văn phòng đăng ký đất đai"),
    "district_tax": ("District tax branch", "Chi cục Thuế"),
    "district_police": ("District police", "Công an huyện"),
    "dept_planning_investment": ("Department of Planning and Investment", "Sở Kế hoạch và Đầu tư"),
    "dept_natural_resources": (
        "Department of Natural Resources and Environment",
        "Sở Tài nguyên và Môi trường",
    ),
    "provincial_tax": ("Provincial Tax Department", "Cục Thuế tỉnh"),
    "dept_justice": ("Department of Justice", "Sở Tư pháp"),
    "provincial_police": ("Provincial police", "Công an tỉnh"),
    "dept_transport": ("Department of Transport", "Sở Giao thông vận tải"),
    "dept_health_labour": ("Departments of Health and of Labour", "Sở Y tế, Sở LĐ-TB&XH"),
    "dept_other": ("Other departments", "Các sở, ngành khác"),
    "online_reviewers": ("Online reviewers", "Cán bộ xử lý hồ sơ trực tuyến"),
}
_AFFIXES = (  # site and pool names the model builds from a district's name
    ("counters_", "", ("counters", "quầy")),
    ("vnpost_", "", ("VNPost", "Bưu điện")),
    ("digitisers_", "", ("digitisers", "số hóa")),
    ("", "_communes", ("communes", "các xã")),
)


def display_name(identifier: str, lang: str = "en") -> str:
    """A place, site, agency or pool as a reader knows it; unknown names as they are."""
    vi = lang == "vi"
    if identifier in PLACES:
        return PLACES[identifier]
    if identifier in NAMES:
        return NAMES[identifier][vi]
    for prefix, suffix, noun in _AFFIXES:
        core = identifier.removeprefix(prefix).removesuffix(suffix)
        if core != identifier and core and identifier == f"{prefix}{core}{suffix}":
            return f"{display_name(core, lang)} ({noun[vi]})"
    return identifier


def label(metric: str, lang: str = "en") -> str:
    """The catalogue label with display names: "Mean counter wait — Đắk Glei"."""
    found = family_of(metric)
    if found is None:
        return metric
    values = found.regex().match(metric).groups()
    shown = [
        display_name(v, lang) if part in _NAMED else part.show(v, lang)
        for part, v in zip(found.parts, values, strict=True)
    ]
    text = found.label(lang)
    return f"{text} — {', '.join(shown)}" if shown else catalogue_label(metric, lang)


_NAMED = {Part.SITE, Part.DISTRICT, Part.POOL, Part.RESOURCE}


def unit_text(metric: str, lang: str = "en") -> str:
    """The unit a reader sees: percent for shares, the catalogue's unit otherwise."""
    unit = unit_of(metric)
    if unit is None:
        return ""
    return "%" if unit is Unit.SHARE else unit.label(lang)


def label_with_unit(metric: str, lang: str = "en") -> str:
    unit = unit_text(metric, lang)
    return f"{label(metric, lang)} ({unit})" if unit else label(metric, lang)


def number(value: float | None, lang: str = "en", digits: int = 1) -> str:
    """A number in the reader's locale: 77.289 (vi) or 77,289 (en); big ones without decimals."""
    if value is None or value != value:
        return "—"
    shown = round(value) if abs(value) >= 1000 else round(value, digits)
    shown = shown or 0  # a tiny negative value rounds to −0: show 0
    pattern = "#,##0" + ("." + "0" * digits if digits and abs(value) < 1000 else "")
    return _formatted(shown, pattern, lang)


def percent(share: float | None, lang: str = "en", digits: int = 1) -> str:
    """A share as percent in the reader's locale: 93,82% (vi) or 93.82% (en)."""
    if share is None or share != share:
        return "—"
    pattern = "#,##0" + ("." + "0" * digits if digits else "") + "%"
    share = round(share, digits + 2) or 0.0  # no −0,0%
    return _formatted(share, pattern, lang)


def value(metric: str, mean: float | None, lang: str = "en") -> str:
    """A metric's value as a reader reads it: percent for shares, else a number."""
    if unit_of(metric) is Unit.SHARE:
        return percent(mean, lang)
    return number(mean, lang, _DIGITS.get(unit_of(metric), 1))


_DIGITS = {Unit.COUNT: 0, Unit.VISITS: 2}  # whole dossiers; visits per dossier are near 1


def quantity(metric: str, mean: float | None, lang: str = "en") -> str:
    """A value with its unit for a sentence: "12,5 phút", "23,0%", "1.254" (counts bare)."""
    shown = value(metric, mean, lang)
    unit = unit_of(metric)
    if mean is None or unit in (None, Unit.SHARE, Unit.COUNT):
        return shown
    return f"{shown} {unit.label(lang)}"


def difference(metric: str, diff: float | None, lang: str = "en") -> str:
    """A difference with its sign: points for shares (−5,1 points), else in the metric's unit."""
    if diff is None or diff != diff:
        return "—"
    if unit_of(metric) is Unit.SHARE:
        shown = f"{number(diff * 100, lang, 1)} {'điểm %' if lang == 'vi' else 'points'}"
    else:
        shown = quantity(metric, diff, lang)
    nonzero = any(c in "123456789" for c in shown.split(" ")[0])
    return f"+{shown}" if diff > 0 and nonzero else shown


def _formatted(shown: float, pattern: str, lang: str) -> str:
    """Babel's format_decimal/format_percent of ``shown``, the minus typographic."""
    return _pattern(pattern).apply(shown, _locale(lang)).replace("-", MINUS)


@cache
def _pattern(pattern: str) -> Any:
    from babel.numbers import parse_pattern  # only when a reader's number is written

    return parse_pattern(pattern)


@cache
def _locale(lang: str) -> Any:
    from babel import Locale

    return Locale.parse(LOCALES[lang])
