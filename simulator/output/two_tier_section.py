"""The README's two-tier section (issue 19): today's structure and what it does to a citizen.

``docs/two_tier_section.py`` (run by ``make two-tier`` after ``onestop compare`` of
``scenarios/two_tier.list``) calls ``write_two_tier``: it copies the compare results the section
needs (``compare.csv`` and the base's ``summary.json``) to ``docs/results/two_tier/``, draws
``docs/figures/two_tier_2025_map.png`` from the data files and rewrites the README between
``<!-- two-tier:start -->`` and ``<!-- two-tier:end -->``. Without committed results the section
says so and shows the structure only. tests/test_two_tier_section.py fails when the README and
the committed data and results disagree.

Two tables: the structure (``structure_table``: one-way travel hours per former district from
the data files, population-weighted over its new units) and the model's view of a citizen of the
districts in ``FOCUS`` (``citizen_table``: means per scenario, from the compare results).
"""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simulator.output.readable import PLACES
from simulator.output.readme_tables import replace_block
from simulator.output.storage import atomic_write_text
from simulator.output.two_tier_map import draw_map
from simulator.output.whatif_table import read_compare, scenarios_of
from simulator.values.communes_2025 import (
    COMMUNES_FILE,
    SITES_FILE,
    CommuneUnit,
    load_communes,
    load_sites,
)

BLOCK = "two-tier"
COMPARE_FILE = "compare.csv"
SUMMARY_FILE = "base.summary.json"
FIGURE = "two_tier_2025_map.png"
FOCUS = ("dak_glei", "ia_hdrai")
# the baseline's commune_trip_hours: one way from a village to its (2022) commune office
COMMUNE_TRIP_HOURS_2022 = 0.25
MINUS = "\u2212"


@dataclass(frozen=True, kw_only=True)
class Column:
    """One metric of the citizen table, ``<district>`` standing for the former district."""

    pattern: str
    title: str
    scale: float = 1.0
    digits: int = 2
    suffix: str = ""


CITIZEN_COLUMNS = (
    Column(pattern="travel_hours_per_dossier.<district>", title="travel hours per dossier"),
    Column(pattern="visits_per_dossier.<district>", title="visits per dossier"),
    Column(
        pattern="counter_wait_mean_min.<district>_communes",
        title="wait at its commune centres (min)",
        digits=1,
    ),
    Column(
        pattern="share_wait_over_15min.<district>_communes",
        title="waits over 15 min",
        scale=100,
        digits=1,
        suffix="%",
    ),
    Column(
        pattern="share_wait_over_30min.<district>_communes",
        title="waits over 30 min",
        scale=100,
        digits=1,
        suffix="%",
    ),
    Column(pattern="late_rate.<district>", title="late rate", scale=100, digits=2, suffix="%"),
)


@dataclass(frozen=True, kw_only=True)
class TwoTierFiles:
    """Where ``write_two_tier`` reads and writes (the Makefile's defaults, or a test's folder)."""

    data: Path  # scenarios/data
    compare: Path | None  # the output folder of onestop compare; None: use the committed copy
    results: Path  # docs/results/two_tier
    figures: Path  # docs/figures
    readme: Path


def weighted(units: list[CommuneUnit], value: Any) -> float:
    """The population-weighted mean of ``value(unit)`` over the units."""
    total = sum(u.population for u in units)
    return sum(value(u) * u.population for u in units) / total


def structure_table(units: tuple[CommuneUnit, ...]) -> str:
    """Per former district: its new units and one-way hours, 2022 against 2025."""
    lines = [
        "| former district | new units (former) | to the provincial centre, 2022: Kon Tum city (h) "
        "| since 7/2025: Quảng Ngãi city (h) | district procedures, 2022: to the district town (h) "
        "| since 7/2025: to the commune centre (h) |",
        "|---|---|---|---|---|---|",
    ]
    for district, name in PLACES.items():
        mine = [u for u in units if u.former_district == district]
        cells = (
            f"{len(mine)} ({sum(u.former_units_count for u in mine)})",
            _hours(weighted(mine, lambda u: u.hours_to_kon_tum + COMMUNE_TRIP_HOURS_2022)),
            _hours(weighted(mine, lambda u: u.hours_to_quang_ngai + u.hours_village_to_centre)),
            _hours(weighted(mine, lambda u: u.hours_to_district_town + COMMUNE_TRIP_HOURS_2022)),
            _hours(weighted(mine, lambda u: u.hours_village_to_centre)),
        )
        label = f"**{name}**" if district in FOCUS else name
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _hours(value: float) -> str:
    return f"{value:.1f}"


def citizen_table(rows: list[dict[str, str]], summary: dict[str, Any]) -> str:
    """Means per scenario for a citizen of each FOCUS district.

    Order: the list's last scenario (the 2022 structure, the reference), the base (today's
    structure), then the levers in the list's order.
    """
    columns = [c for c in CITIZEN_COLUMNS if _metric(c, FOCUS[0]) in summary["metrics"]]
    found = {(row["scenario"], row["metric"]): row for row in rows}
    names = scenarios_of(rows)
    order = [*names[-1:], summary["scenario"], *names[:-1]]
    lines = [
        "| former district | scenario | " + " | ".join(c.title for c in columns) + " |",
        "|---" * (len(columns) + 2) + "|",
    ]
    for district in FOCUS:
        for name in order:
            if name == summary["scenario"]:
                means = summary["metrics"]
                cells = [
                    _level(means.get(_metric(c, district), {}).get("mean"), c) for c in columns
                ]
                name = f"**{name}**"
            else:
                cells = [_alternative(found.get((name, _metric(c, district))), c) for c in columns]
            lines.append(f"| {PLACES[district]} | {name} | " + " | ".join(cells) + " |")
    lines += ["", _wrap(CITIZEN_NOTE.format(**summary))]
    return "\n".join(lines)


def _metric(column: Column, district: str) -> str:
    return column.pattern.replace("<district>", district)


def _level(mean: float | None, column: Column) -> str:
    if mean is None or mean != mean:  # absent, or NaN (no dossier of the kind)
        return "—"
    return f"{mean * column.scale:,.{column.digits}f}{column.suffix}".replace("-", MINUS)


def _alternative(row: dict[str, str] | None, column: Column) -> str:
    if row is None or row["alt_mean"] in ("", None):
        return "—"
    text = _level(float(row["alt_mean"]), column)
    return text if row["significant"] == "true" else text + " n.s."


INTRO = (
    "Since 1/7/2025 Vietnam has two tiers of local government: the districts are gone and their "
    "procedures are handled at commune-level Public Administration Service Centres, and Kon Tum "
    "is part of Quảng Ngãi province, whose provincial centre is in Quảng Ngãi city, 186 km and "
    "over 4 hours from Kon Tum city by National Highway 24. Kon Tum's 102 commune-level units "
    "became 40 (37 communes, 3 wards). The data (`scenarios/data/`, sources in "
    "`docs/two_tier_2025.md`) place every new unit; the scenarios of `scenarios/two_tier.list` "
    "put the Q1/2022 demand and calibrated behaviour into this structure. **These are structural "
    "what-ifs on 2022 behaviour, not a calibrated 2025 model**: no figure of the merged province "
    "was used, and 2025 staffing, online use and demand are not modelled beyond the levers named."
)
STRUCTURE_NOTE = (
    "One-way hours, weighted by the population of the new units: the road from each unit's seat "
    "(km / 40 off National Highway 24, 186 km per 4 hours on it) plus the trip from a village to "
    "its commune office (0.25 h in 2022; since 7/2025 growing with the square root of the bigger "
    "unit's area). Distances other than the district towns' are ASSUMPTIONs (see the data file)."
)
SOURCES = (
    "Sources (2025): Resolution 202/2025/QH15 (the merged province); Resolution 1677/NQ-UBTVQH15 "
    "(Quảng Ngãi's commune-level units); Decree 118/2025/NĐ-CP (one-stop mechanism from 1/7/2025: "
    "commune centres, reception regardless of administrative boundary within the province, "
    "VNPost); sapnhap.bando.com.vn (units, areas, seats, boundaries); press reports of the "
    "Kon Tum-Quảng Ngãi distance. Details and addresses: `docs/two_tier_2025.md`. `make two-tier` "
    "reruns the comparison and rewrites this section and the map (`docs/two_tier_section.py`)."
)
CITIZEN_NOTE = (
    "Means of {replications} replications (seed {seed}, common random numbers) for a citizen of "
    "the former district; n.s.: not significantly different from **{scenario}** (today's "
    "structure; the paired 95% interval of the difference holds 0). Travel hours are round trips "
    "per dossier, every channel counted; waits are at the district's commune-level centres "
    "(in the 2022 structure district procedures were served in the district towns, not in this "
    "column). Differences "
    "with intervals: `docs/results/two_tier/compare.csv`."
)
NOT_RUN = (
    "*The model's comparison has not been committed yet: `make two-tier` runs it and rewrites "
    "this section.*"
)


def section(units: tuple[CommuneUnit, ...], results: tuple[list, dict] | None) -> str:
    """The README block: intro, map, structure table, citizen table (or a note), sources."""
    parts = [
        _wrap(INTRO),
        f"![Sites and flows since 1/7/2025](docs/figures/{FIGURE})",
        structure_table(units),
        _wrap(STRUCTURE_NOTE),
        citizen_table(*results) if results is not None else _wrap(NOT_RUN),
        _wrap(SOURCES),
    ]
    return "\n\n".join(parts)


def _wrap(paragraph: str) -> str:
    """A paragraph wrapped like the rest of the README (100 columns)."""
    return textwrap.fill(paragraph, width=100, break_on_hyphens=False, break_long_words=False)


def committed_results(results: Path) -> tuple[list, dict] | None:
    """The committed compare rows and base summary, or None when there are none yet."""
    compare, summary = results / COMPARE_FILE, results / SUMMARY_FILE
    if not (compare.exists() and summary.exists()):
        return None
    rows = read_compare(compare.read_text(encoding="utf-8"))
    return rows, json.loads(summary.read_text(encoding="utf-8"))


def copy_results(compare: Path, results: Path) -> None:
    """Copy compare.csv and the base's summary.json of an onestop compare folder."""
    base = json.loads((compare / "compare.json").read_text(encoding="utf-8"))["base"]
    text = (compare / COMPARE_FILE).read_text(encoding="utf-8")
    atomic_write_text(results / COMPARE_FILE, text)
    summary = (compare / base / "summary.json").read_text(encoding="utf-8")
    atomic_write_text(results / SUMMARY_FILE, summary)


def write_two_tier(files: TwoTierFiles) -> None:
    """Copy the compare results (if given), draw the map and rewrite the README's section."""
    if files.compare is not None:
        copy_results(files.compare, files.results)
    units = load_communes(files.data / COMMUNES_FILE)
    draw_map(units, load_sites(files.data / SITES_FILE), files.figures / FIGURE)
    text = files.readme.read_text(encoding="utf-8")
    body = section(units, committed_results(files.results))
    atomic_write_text(files.readme, replace_block(text, BLOCK, body))
