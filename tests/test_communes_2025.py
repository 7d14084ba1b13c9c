"""The 2025 data files: the 40 units of the former Kon Tum area, read and checked."""

import shutil
from pathlib import Path

import pytest

from simulator.values.communes_2025 import (
    COMMUNES_FILE,
    SITES_FILE,
    load_communes,
    load_sites,
    read_rows,
    town_unit,
)
from simulator.values.errors import ScenarioError
from simulator.values.scenario import load_scenario

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "scenarios" / "data"


def test_the_data_file_holds_the_forty_units_of_the_former_kon_tum_area():
    """40 units, 3 of them wards, one unit holding each of the 10 former district towns."""
    units = load_communes(DATA / COMMUNES_FILE)
    assert len(units) == 40 and sum(u.kind == "ward" for u in units) == 3
    towns = [u.former_district for u in units if u.holds_district_town]
    assert sorted(towns) == sorted(set(u.former_district for u in units)) and len(towns) == 10


def test_the_units_add_up_to_the_baseline_districts():
    """Per former district the merged units add up to its 2022 communes and 2019 population."""
    rows = read_rows(DATA / COMMUNES_FILE)
    for district in load_scenario(ROOT / "scenarios" / "baseline_q1_2022.toml").districts:
        mine = [r for r in rows if r["former_district"] == district.name]
        assert sum(int(r["former_units_count"]) for r in mine) == district.communes
        assert sum(int(r["population_2019_scaled"]) for r in mine) == district.population


def test_every_unit_is_farther_from_quang_ngai_than_from_kon_tum_except_along_highway_24():
    """Only units on or joining National Highway 24 east of Kon Tum city are nearer Quảng Ngãi."""
    units = load_communes(DATA / COMMUNES_FILE)
    nearer = {u.former_district for u in units if u.km_to_quang_ngai < u.km_to_kon_tum + 185}
    assert nearer == {"kon_ray", "kon_plong"}


def test_a_malformed_data_file_names_its_row_and_column(tmp_path):
    """A bad population is a ScenarioError naming the file, row and column."""
    shutil.copy(DATA / SITES_FILE, tmp_path / SITES_FILE)
    text = (DATA / COMMUNES_FILE).read_text(encoding="utf-8").replace(",17654,", ",many,")
    (tmp_path / COMMUNES_FILE).write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"row \d+\.population = 'many': an integer"):
        load_communes(tmp_path / COMMUNES_FILE)


def test_the_provincial_centre_is_in_quang_ngai_and_the_kon_tum_branch_a_what_if():
    """The sites file: the centre published, 186 km from Kon Tum city; the branch a what-if."""
    sites = load_sites(DATA / SITES_FILE)
    assert sites["quang_ngai_centre"].basis == "published"
    assert sites["quang_ngai_centre"].km_to_kon_tum == 186
    assert sites["kon_tum_branch"].basis == "what_if"


def test_ia_hdrai_is_reached_from_kon_tum_through_its_former_seat():
    """Ia Đal lies beyond Ia Tơi, Ia H'Drai's former seat, 150 km from Kon Tum city."""
    units = load_communes(DATA / COMMUNES_FILE)
    seat = town_unit(units, "ia_hdrai")
    (other,) = (u for u in units if u.former_district == "ia_hdrai" and u is not seat)
    assert (seat.site, seat.km_to_kon_tum) == ("ia_toi", 150)
    assert other.km_to_kon_tum == pytest.approx(
        seat.km_to_kon_tum + other.km_to_district_town, abs=0.11
    )


def test_every_source_key_of_the_data_files_is_listed_in_the_findings():
    """Each key of a `source` column names a row of docs/two_tier_2025.md's source table."""
    findings = (ROOT / "docs" / "two_tier_2025.md").read_text(encoding="utf-8")
    listed = {line.split("|")[1].strip() for line in findings.splitlines() if line.startswith("| ")}
    rows = read_rows(DATA / COMMUNES_FILE) + read_rows(DATA / SITES_FILE)
    keys = {key for row in rows for key in row["source"].split(";")}
    assert keys and keys <= listed
