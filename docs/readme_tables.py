"""Rewrite the README's result tables from the committed results in docs/results/.

Run by ``make baseline-table`` after ``make demo`` has copied the baseline's summary there;
tests/test_readme_tables.py fails when the README and the committed results disagree.
"""

from pathlib import Path

from simulator.output.readme_tables import write_readme_tables
from simulator.values.targets import load_targets

ROOT = Path(__file__).resolve().parent.parent

if __name__ == "__main__":
    write_readme_tables(
        ROOT / "README.md",
        ROOT / "docs" / "results" / "baseline_q1_2022.summary.json",
        load_targets(ROOT / "scenarios" / "targets_q1_2022.toml"),
    )
