"""A plain schematic map of the former Kon Tum area since 1/7/2025 (issue 19).

Each new commune-level centre is a dot at its unit's centroid (area proportional to its
population, colour by former district); the units holding a former district town are squares.
Grey lines are the 2022 trips from the district towns to the provincial centre in Kon Tum city;
the thick line is the way to today's provincial centre in Quảng Ngãi city along National Highway
24 (drawn through the units it passes). The districts of ``FOCUS`` are labelled with their road
km and hours to both centres. Positions come from the data file; nothing is drawn to scale
beyond the centroids.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from simulator.output.charts import plt, save_figure
from simulator.output.readable import PLACES
from simulator.values.communes_2025 import CommuneUnit, ProvincialSite, town_unit

FOCUS = ("dak_glei", "ia_hdrai")
# the units National Highway 24 passes on its way east (data file: "on QL24"), in order
QL24_SITES = ("kon_braih", "dak_rve", "mang_den", "kon_plong")


def draw_map(units: tuple[CommuneUnit, ...], sites: dict[str, ProvincialSite], path: Path) -> Path:
    """Draw the schematic and save it as a PNG at ``path``."""
    figure, axes = plt.subplots(figsize=(11, 7.5))
    centre, branch = sites["quang_ngai_centre"], sites["kon_tum_branch"]
    _old_flows(axes, units, branch)
    _new_flow(axes, units, branch, centre)
    _units(axes, units)
    _centres(axes, centre, branch)
    _focus_labels(axes, units)
    _frame(axes, units, centre)
    return save_figure(figure, path)


def _colours(units: tuple[CommuneUnit, ...]) -> dict[str, Any]:
    districts = list(dict.fromkeys(u.former_district for u in units))
    palette = plt.get_cmap("tab10")
    return {d: palette(i % 10) for i, d in enumerate(districts)}


def _units(axes: Any, units: tuple[CommuneUnit, ...]) -> None:
    colours = _colours(units)
    for district, colour in colours.items():
        mine = [u for u in units if u.former_district == district]
        axes.scatter(
            [u.lon for u in mine],
            [u.lat for u in mine],
            s=[6 + u.population / 250 for u in mine],
            marker="o",
            color=colour,
            alpha=0.75,
            edgecolor="white",
            linewidth=0.5,
            label=PLACES.get(district, district),
            zorder=3,
        )
        town = town_unit(units, district)
        axes.scatter(
            town.lon, town.lat, s=70, marker="s", facecolor="none", edgecolor="black", zorder=4
        )


def _old_flows(axes: Any, units: tuple[CommuneUnit, ...], kon_tum: ProvincialSite) -> None:
    """2022: every district town to the provincial centre in Kon Tum city."""
    for district in dict.fromkeys(u.former_district for u in units):
        town = town_unit(units, district)
        axes.plot(
            [town.lon, kon_tum.lon],
            [town.lat, kon_tum.lat],
            color="grey",
            lw=1,
            alpha=0.6,
            zorder=1,
        )


def _new_flow(
    axes: Any, units: tuple[CommuneUnit, ...], kon_tum: ProvincialSite, centre: ProvincialSite
) -> None:
    """Since 7/2025: Kon Tum city to Quảng Ngãi city along National Highway 24."""
    by_site = {u.site: u for u in units}
    points = [(kon_tum.lon, kon_tum.lat)] + [(by_site[s].lon, by_site[s].lat) for s in QL24_SITES]
    points.append((centre.lon, centre.lat))
    xs, ys = zip(*points, strict=True)
    axes.plot(xs, ys, color="crimson", lw=3, alpha=0.8, zorder=2)
    middle = points[-2]
    text = (
        f"National Highway 24: Kon Tum city -\nQuảng Ngãi city {centre.km_to_kon_tum:.0f} km, "
        f"about {kon_tum.hours_to_quang_ngai:.0f} h"
    )
    axes.annotate(
        text, middle, xytext=(10, -38), textcoords="offset points", fontsize=9, color="crimson"
    )


def _centres(axes: Any, centre: ProvincialSite, branch: ProvincialSite) -> None:
    axes.scatter(
        centre.lon, centre.lat, s=260, marker="*", color="crimson", edgecolor="black", zorder=5
    )
    axes.annotate(
        "Quảng Ngãi city:\nprovincial centre\nsince 1/7/2025",
        (centre.lon, centre.lat),
        xytext=(-40, 14),
        textcoords="offset points",
        fontsize=9,
        ha="center",
    )
    axes.scatter(
        branch.lon, branch.lat, s=260, marker="*", color="white", edgecolor="black", zorder=5
    )
    axes.annotate(
        "Kon Tum city: provincial centre\nto 6/2025 (a branch: what-if)",
        (branch.lon, branch.lat),
        xytext=(12, -26),
        textcoords="offset points",
        fontsize=9,
    )


def _focus_labels(axes: Any, units: tuple[CommuneUnit, ...]) -> None:
    for district in FOCUS:
        town = town_unit(units, district)
        text = (
            f"{PLACES[district]}: to Kon Tum {town.km_to_kon_tum:.0f} km "
            f"({town.hours_to_kon_tum:.1f} h),\nto Quảng Ngãi {town.km_to_quang_ngai:.0f} km "
            f"({town.hours_to_quang_ngai:.1f} h)"
        )
        axes.annotate(
            text,
            (town.lon, town.lat),
            xytext=(14, 8),
            textcoords="offset points",
            fontsize=9,
            fontweight="bold",
            arrowprops={"arrowstyle": "-", "color": "black", "lw": 0.6},
        )


def _frame(axes: Any, units: tuple[CommuneUnit, ...], centre: ProvincialSite) -> None:
    middle = sum(u.lat for u in units) / len(units)
    axes.set_aspect(1 / math.cos(math.radians(middle)))
    axes.set_xlim(min(u.lon for u in units) - 0.12, centre.lon + 0.12)
    axes.set_ylim(min(u.lat for u in units) - 0.1, max(u.lat for u in units) + 0.12)
    axes.set_xlabel("longitude (°E)")
    axes.set_ylabel("latitude (°N)")
    axes.set_title(
        "Former Kon Tum province since 1/7/2025: 40 commune-level centres (dot area ~ population;"
        "\nsquares hold a former district town), 2022 trips to Kon Tum city (grey), "
        "the way to Quảng Ngãi (red)",
        fontsize=10,
    )
    axes.legend(
        title="former district", fontsize=8, title_fontsize=8, loc="lower right", markerscale=0.5
    )
    axes.grid(alpha=0.2)
