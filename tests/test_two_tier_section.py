"""The two-tier README section and map come from the data files and the committed results."""

import csv
import json
from pathlib import Path

from simulator.output.readme_tables import block
from simulator.output.two_tier_section import (
    BLOCK,
    TwoTierFiles,
    citizen_table,
    committed_results,
    section,
    structure_table,
    write_two_tier,
)
from simulator.values.communes_2025 import COMMUNES_FILE, load_communes

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DATA = ROOT / "scenarios" / "data"
RESULTS = ROOT / "docs" / "results" / "two_tier"
FIELDS = ("scenario", "metric", "base_mean", "alt_mean", "diff_mean") + (
    "diff_ci95_low",
    "diff_ci95_high",
    "significant",
)


def _fake_compare(folder: Path) -> Path:
    """A small onestop compare folder: base two_tier_2025, one alternative, two metrics."""
    metrics = {"travel_hours_per_dossier.dak_glei": 9.0, "late_rate.dak_glei": 0.05}
    metrics |= {"travel_hours_per_dossier.ia_hdrai": 11.0, "late_rate.ia_hdrai": 0.04}
    base = folder / "two_tier_2025"
    base.mkdir(parents=True)
    summary = {"scenario": "two_tier_2025", "seed": 1, "replications": 4}
    summary["metrics"] = {m: {"mean": v} for m, v in metrics.items()}
    (base / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
    (folder / "compare.json").write_text(json.dumps({"base": "two_tier_2025"}), encoding="utf-8")
    with (folder / "compare.csv").open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(FIELDS)
        for metric, mean in metrics.items():
            significant = "true" if metric.startswith("travel") else "false"
            writer.writerow(["branch", metric, mean, mean / 2, -mean / 2, -mean, -0.1, significant])
    return folder


def _files(tmp_path: Path, compare: Path | None) -> TwoTierFiles:
    readme = tmp_path / "README.md"
    readme.write_text(f"intro\n<!-- {BLOCK}:start -->\nold\n<!-- {BLOCK}:end -->\nrest\n", "utf-8")
    return TwoTierFiles(
        data=DATA,
        compare=compare,
        results=tmp_path / "results",
        figures=tmp_path / "figures",
        readme=readme,
    )


def test_a_citizen_of_dak_glei_travels_longer_to_the_provincial_centre_since_2025():
    """The structure table's 2025 hours exceed the 2022 hours for Đắk Glei by the 4-hour highway."""
    line = next(
        x for x in structure_table(load_communes(DATA / COMMUNES_FILE)).split("\n") if "Glei" in x
    )
    cells = [c.strip() for c in line.strip("|").split("|")]
    assert float(cells[3]) > float(cells[2]) + 4


def test_the_citizen_table_shows_base_and_alternative_means_for_both_districts(tmp_path):
    """Means per scenario, the list's last (the reference) first; n.s.: no significant change."""
    files = _files(tmp_path, _fake_compare(tmp_path / "compare"))
    write_two_tier(files)
    rows, summary = committed_results(files.results)
    table = citizen_table(rows, summary)
    assert "| Đắk Glei | **two_tier_2025** | 9.00 | 5.00% |" in table
    assert table.index("| Đắk Glei | branch |") < table.index("| Đắk Glei | **two_tier_2025**")
    assert "| Ia H'Drai | branch | 5.50 | 2.00% n.s. |" in table


def test_writing_the_section_rewrites_only_the_block_and_draws_the_map(tmp_path):
    """The README keeps the text around the block; the map is a PNG."""
    files = _files(tmp_path, _fake_compare(tmp_path / "compare"))
    write_two_tier(files)
    text = files.readme.read_text(encoding="utf-8")
    assert text.startswith("intro\n") and text.endswith("rest\n")
    assert "structural what-ifs on 2022 behaviour" in block(text, BLOCK)
    assert (files.figures / "two_tier_2025_map.png").read_bytes()[:4] == b"\x89PNG"


def test_without_results_the_section_says_the_comparison_is_not_committed(tmp_path):
    """No compare folder and no committed results: structure only, and a note."""
    files = _files(tmp_path, None)
    write_two_tier(files)
    assert "has not been committed yet" in block(files.readme.read_text(encoding="utf-8"), BLOCK)


def test_the_readme_section_matches_the_data_and_the_committed_results():
    """Regenerating the section from scenarios/data and docs/results/two_tier gives the README's."""
    units = load_communes(DATA / COMMUNES_FILE)
    expected = section(units, committed_results(RESULTS))
    assert block(README.read_text(encoding="utf-8"), BLOCK) == expected
