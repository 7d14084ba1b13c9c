"""The README's "How many staff?" block is what the committed `make staffing-example` run says."""

from __future__ import annotations

import json
from pathlib import Path

from simulator.output.readme_tables import block
from simulator.output.staffing_example import BLOCK, moved_extends, staffing_block
from simulator.values.scenario import load_scenario

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "docs" / "results" / "staffing"


def _committed() -> dict:
    return json.loads((RESULTS / "staffing.json").read_text(encoding="utf-8"))


def test_the_readme_block_matches_the_committed_staffing_run():
    """Regenerating the block from docs/results/staffing gives exactly the README's text."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert block(readme, BLOCK) == staffing_block(_committed())


def test_the_committed_run_is_the_makefile_s_command():
    """docs/results/staffing holds make staffing-example's run: its targets, keys and seed."""
    summary = _committed()
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "--targets scenarios/service_levels_2025.toml" in summary["command"]
    assert summary["seed"] == 1
    for key in summary["staffing"]:
        assert key in makefile and key in summary["command"]
    for setting in ("horizon.start=2022-03-01", "arrivals.expected_new=27680"):
        assert setting in summary["command"] and setting in makefile


def test_the_committed_answer_is_a_scenario_that_loads():
    """The answer scenario (extends the baseline) validates, with the counts found."""
    (answer,) = RESULTS.glob("*_staffed.toml")
    counters = load_scenario(answer).resolved["sites"]["provincial"]["counters"]
    for key, count in _committed()["staffing"].items():
        assert counters[key.rsplit(".", 1)[1]] == count


def test_the_block_reports_counts_targets_and_effort():
    """A fixture run: the counts before and after, each target row and the effort line."""
    summary = {
        "staffing": {"a.b": 5, "a.c": 3},
        "steps": [{"staffing": "a.b=4 a.c=3", "target_means": "m=0.07", "met": False}],
        "targets": [
            {
                "check": "final",
                "replications": "5..14",
                "metric": "m",
                "direction": "at_most",
                "limit": 0.05,
                "mean": 0.03,
                "ci95_low": 0.02,
                "ci95_high": 0.04,
                "bound95_one_sided": 0.038,
                "met": True,
            }
        ],
        "cost": 8.0,
        "stopped": "every target met",
        "final_check_passed": True,
        "evaluations": 70,
        "wall_time_seconds": 123.4,
        "seed": 1,
        "replications": 5,
        "final_replications": 10,
    }
    text = staffing_block(summary)
    assert "| `a.b` | 4 | **5** |" in text and "| `a.c` | 3 | **3** |" in text
    assert "| `m` <= 0.05 | final 5..14 | 0.0300 [0.0200, 0.0400] | 0.0380 | yes |" in text
    assert (
        "at the start m=0.07: not met. +1 counter(s), cost 8" in text
        and "70 evaluations" in text
        and "123 s" in text
    )


def test_a_copied_answer_still_extends_its_scenario(tmp_path):
    """Copied one folder deeper, the answer's extends path gains a ../ and names the same file."""
    text = '# found\nextends = "../../scenarios/base.toml"\nname = "x"\n'
    moved = moved_extends(text, tmp_path / "results" / "run", tmp_path / "docs" / "results" / "s")
    assert moved == '# found\nextends = "../../../scenarios/base.toml"\nname = "x"\n'
