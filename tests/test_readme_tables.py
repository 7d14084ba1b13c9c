"""The README's tables are what the committed results say (make readme-tables writes them)."""

import json
from pathlib import Path

import pytest

from simulator.output.readme_tables import baseline_table, block, replace_block
from simulator.values.targets import load_targets

ROOT = Path(__file__).resolve().parent.parent
SUMMARY = ROOT / "docs" / "results" / "baseline_q1_2022.summary.json"
TARGETS = ROOT / "scenarios" / "targets_q1_2022.toml"


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
