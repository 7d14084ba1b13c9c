"""The README's tables are what the committed results say (make baseline-table, make whatif)."""

import json
from pathlib import Path

import pytest

from simulator.output.readme_tables import baseline_table, block, replace_block
from simulator.output.whatif_table import (
    WhatifFiles,
    read_compare,
    read_list,
    scenarios_of,
    whatif_table,
    write_whatif,
)
from simulator.values.scenario import load_scenario
from simulator.values.targets import load_targets

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
SUMMARY = ROOT / "docs" / "results" / "baseline_q1_2022.summary.json"
TARGETS = ROOT / "scenarios" / "targets_q1_2022.toml"
WHATIF = ROOT / "docs" / "results" / "whatif"
WHATIF_LIST = ROOT / "scenarios" / "whatif.list"


def test_the_readme_baseline_table_matches_the_committed_results():
    """Regenerating the table from docs/results gives exactly the README's block."""
    summary = json.loads(SUMMARY.read_text(encoding="utf-8"))
    expected = baseline_table(summary, load_targets(TARGETS))
    assert block((ROOT / "README.md").read_text(encoding="utf-8"), "baseline-table") == expected


def test_the_committed_results_are_the_calibrated_baseline_on_ten_replications():
    """docs/results holds make demo's run: the calibrated baseline, 10 replications, seed 1."""
    summary = json.loads(SUMMARY.read_text(encoding="utf-8"))
    assert (summary["scenario"], summary["replications"], summary["seed"]) == (
        "baseline_q1_2022",
        10,
        1,
    )


def test_a_block_is_replaced_between_its_markers_only():
    """replace_block swaps the body and keeps the text around it."""
    text = "a\n<!-- t:start -->\nold\n<!-- t:end -->\nb"
    assert replace_block(text, "t", "new") == "a\n<!-- t:start -->\nnew\n<!-- t:end -->\nb"
    with pytest.raises(ValueError):
        replace_block("no markers", "t", "x")


def _committed_whatif():
    """The committed what-if results (which must exist while the README has the table)."""
    rows = read_compare((WHATIF / "compare.csv").read_text(encoding="utf-8"))
    summary = json.loads((WHATIF / "base.summary.json").read_text(encoding="utf-8"))
    return rows, summary


def test_the_readme_whatif_table_matches_the_committed_results():
    """Regenerating the what-if table from docs/results/whatif gives exactly the README's block."""
    readme = README.read_text(encoding="utf-8")
    assert "<!-- whatif-table:start -->" in readme and "<!-- whatif-table:end -->" in readme
    rows, summary = _committed_whatif()
    assert block(readme, "whatif-table") == whatif_table(rows, summary)


def test_the_committed_whatif_results_are_the_listed_scenarios():
    """docs/results/whatif compares the list's base with the list's what-ifs, in order, seed 1."""
    names = [load_scenario(path).name for path in read_list(WHATIF_LIST)]
    rows, summary = _committed_whatif()
    assert (summary["scenario"], summary["seed"]) == (names[0], 1)
    assert scenarios_of(rows) == names[1:]


def test_only_the_list_names_the_whatif_scenarios():
    """The Makefile reads the list; the README runs make whatif rather than its own command."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    readme = README.read_text(encoding="utf-8")
    assert "WHATIF_LIST ?= scenarios/whatif.list" in makefile and "make whatif" in readme
    for path in read_list(WHATIF_LIST)[1:]:
        assert path.name not in makefile
        assert f"scenarios/{path.name}" not in readme


FIXTURE_ROWS = [
    # scenario, metric, diff_mean, diff_ci95_low, diff_ci95_high, significant
    ("faster", "late_rate", "-0.0123", "-0.015", "-0.01", "true"),
    ("faster", "counter_wait_mean_min.provincial_centre", "0.0", "0.0", "0.0", "false"),
    ("faster", "pending_within_deadline", "-3.2", "-26.0", "20.4", "false"),
    ("busier", "late_rate", "0.0004", "-0.0001", "0.0009", "false"),
]
FIXTURE_SUMMARY = {
    "scenario": "base",
    "replications": 3,
    "seed": 1,
    "metrics": {
        "late_rate": {"mean": 0.0617},
        "counter_wait_mean_min.provincial_centre": {"mean": 10.24},
        "pending_within_deadline": {"mean": 6816.4},
        "travel_hours_total": {"mean": 250535.0},
    },
}


def _fixture_csv() -> str:
    header = "scenario,metric,base_mean,alt_mean,diff_mean,diff_ci95_low,diff_ci95_high,significant"
    lines = [header] + [f"{r[0]},{r[1]},0,0,{r[2]},{r[3]},{r[4]},{r[5]}" for r in FIXTURE_ROWS]
    return "\n".join(lines) + "\n"


def test_a_whatif_table_shows_differences_in_the_columns_the_results_hold():
    """Points for shares, "same" for exact zeros, n.s. when 0 is inside; absent metrics left out."""
    table = whatif_table(read_compare(_fixture_csv()), FIXTURE_SUMMARY)
    assert table.split("\n") == [
        "| scenario | late rate (points) | counter wait, provincial centre (min) "
        "| pending within deadline, 31 March | citizens' travel hours |",
        "|---|---|---|---|---|",
        "| **base** (mean) | 6.17% | 10.2 | 6,816 | 250,535 |",
        "| faster | \u22121.23 [\u22121.50, \u22121.00] | same | \u22123 [\u221226, 20] n.s. | — |",
        "| busier | +0.04 [\u22120.01, 0.09] n.s. | — | — | — |",
        "",
        "3 replications, seed 1, base `base`.",
    ]


def test_write_whatif_copies_the_results_draws_figures_and_rewrites_only_the_block(tmp_path):
    """The compare output becomes docs/results/whatif files, figures and the README's block."""
    compare = tmp_path / "compare"
    (compare / "base").mkdir(parents=True)
    (compare / "compare.csv").write_text(_fixture_csv(), encoding="utf-8")
    (compare / "compare.json").write_text('{"base": "base"}', encoding="utf-8")
    summary = json.dumps(FIXTURE_SUMMARY)
    (compare / "base" / "summary.json").write_text(summary, encoding="utf-8")
    readme = tmp_path / "README.md"
    readme.write_text("intro\n<!-- whatif-table:start -->\nold\n<!-- whatif-table:end -->\nend\n")
    files = WhatifFiles(
        compare=compare, results=tmp_path / "results", figures=tmp_path / "fig", readme=readme
    )
    write_whatif(files)
    assert (tmp_path / "results" / "compare.csv").read_text(encoding="utf-8") == _fixture_csv()
    assert (tmp_path / "results" / "base.summary.json").read_text(encoding="utf-8") == summary
    assert (tmp_path / "fig" / "whatif_late_rate.png").stat().st_size > 0
    text = readme.read_text(encoding="utf-8")
    assert text.startswith("intro\n") and text.endswith("end\n") and "old" not in text
    assert block(text, "whatif-table") == whatif_table(
        read_compare(_fixture_csv()), FIXTURE_SUMMARY
    )
