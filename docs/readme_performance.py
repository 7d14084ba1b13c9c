"""Rewrite the README's Performance figures from the committed benchmark results.

Run by ``make bench``, ``make bench-scaling`` and ``make readme-performance`` after the
benchmarks have written docs/results/bench_*.csv; tests/test_performance_tables.py fails
when the README and the committed results disagree.
"""

from pathlib import Path

from simulator.output.performance_tables import write_performance

ROOT = Path(__file__).resolve().parent.parent

if __name__ == "__main__":
    write_performance(ROOT / "README.md", ROOT / "docs" / "results")
