"""The 2025 commune-level units of the former Kon Tum area and the provincial sites, as data.

``scenarios/data/kontum_2025_communes.csv`` has one row per new commune-level unit (from
1/7/2025, Resolution 1677/NQ-UBTVQH15): its former district, population, area, centroid and
one-way road distances to its former district town, to Kon Tum city and to Quảng Ngãi city.
``kontum_2025_sites.csv`` has the provincial sites (the centre in Quảng Ngãi city, a what-if
branch in Kon Tum city). The columns and their sources: ``scenarios/data/README.md``.

The README's two-tier section and its schematic map read them (``output.two_tier_*``). A
malformed file raises ``ScenarioError`` naming the file, the row and the column.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from simulator.values.errors import ScenarioError

COMMUNES_FILE = "kontum_2025_communes.csv"
SITES_FILE = "kontum_2025_sites.csv"


@dataclass(frozen=True, kw_only=True)
class CommuneUnit:
    """One commune-level unit since 1/7/2025 (distances one way, by road)."""

    site: str
    name: str
    kind: str  # "commune" or "ward"
    former_district: str
    former_units_count: int
    holds_district_town: bool
    lon: float
    lat: float
    area_km2: float
    population: int
    km_to_district_town: float
    km_to_kon_tum: float
    km_to_quang_ngai: float
    hours_to_district_town: float
    hours_to_kon_tum: float
    hours_to_quang_ngai: float
    hours_village_to_centre: float


@dataclass(frozen=True, kw_only=True)
class ProvincialSite:
    """A provincial site: the centre in Quảng Ngãi city, or a branch (``basis``: what_if)."""

    site: str
    name: str
    role: str
    basis: str
    lon: float
    lat: float
    km_to_kon_tum: float
    hours_to_quang_ngai: float


_FLOATS = (
    "lon",
    "lat",
    "area_km2",
    "km_to_district_town",
    "km_to_kon_tum",
    "km_to_quang_ngai",
    "hours_to_district_town",
    "hours_to_kon_tum",
    "hours_to_quang_ngai",
    "hours_village_to_centre",
)


def read_rows(path: Path) -> list[dict[str, str]]:
    """The rows of a data CSV whose first lines may be ``#`` comments."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return list(csv.DictReader(line for line in lines if not line.startswith("#")))


def load_communes(path: Path) -> tuple[CommuneUnit, ...]:
    """The units of kontum_2025_communes.csv, in file order."""
    units = []
    for number, row in enumerate(read_rows(path), start=1):
        values = {key: _number(path, number, row, key, float) for key in _FLOATS}
        units.append(
            CommuneUnit(
                site=row["site"],
                name=row["name"],
                kind=_choice(path, number, row, "kind", ("commune", "ward")),
                former_district=row["former_district"],
                holds_district_town=_choice(path, number, row, "holds_district_town", ("yes", "no"))
                == "yes",
                population=_number(path, number, row, "population", int),
                former_units_count=_number(path, number, row, "former_units_count", int),
                **values,
            )
        )
    return tuple(units)


def load_sites(path: Path) -> dict[str, ProvincialSite]:
    """The provincial sites of kontum_2025_sites.csv by site id."""
    sites = {}
    for number, row in enumerate(read_rows(path), start=1):
        sites[row["site"]] = ProvincialSite(
            site=row["site"],
            name=row["name"],
            role=row["role"],
            basis=_choice(path, number, row, "basis", ("published", "what_if")),
            lon=_number(path, number, row, "lon", float),
            lat=_number(path, number, row, "lat", float),
            km_to_kon_tum=_number(path, number, row, "km_to_kon_tum", float),
            hours_to_quang_ngai=_number(path, number, row, "hours_to_quang_ngai", float),
        )
    return sites


def town_unit(units: tuple[CommuneUnit, ...], district: str) -> CommuneUnit:
    """The unit holding the former district town (the file has exactly one per district)."""
    (unit,) = (u for u in units if u.former_district == district and u.holds_district_town)
    return unit


def _number(path: Path, number: int, row: dict[str, str], key: str, kind: type) -> float:
    try:
        return kind(row[key])
    except (KeyError, TypeError, ValueError):
        allowed = "an integer" if kind is int else "a number"
        raise ScenarioError(str(path), f"row {number}.{key}", row.get(key), allowed) from None


def _choice(path: Path, number: int, row: dict[str, str], key: str, allowed: tuple) -> str:
    if row.get(key) not in allowed:
        raise ScenarioError(str(path), f"row {number}.{key}", row.get(key), f"one of {allowed}")
    return row[key]
