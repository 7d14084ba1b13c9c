"""The schematic map of the former Kon Tum area is drawn from the data files."""

from pathlib import Path

from simulator.output.two_tier_map import draw_map
from simulator.values.communes_2025 import COMMUNES_FILE, SITES_FILE, load_communes, load_sites

DATA = Path(__file__).resolve().parent.parent / "scenarios" / "data"


def test_the_map_is_a_png_drawn_from_the_data(tmp_path):
    """draw_map writes a PNG of the 40 units, the old and the new provincial centres."""
    path = draw_map(
        load_communes(DATA / COMMUNES_FILE), load_sites(DATA / SITES_FILE), tmp_path / "map.png"
    )
    assert path.read_bytes()[:4] == b"\x89PNG" and path.stat().st_size > 20_000
