"""The README's Performance figures are what the committed benchmark results say."""

from pathlib import Path

import pytest

from simulator.output.performance_tables import (
    BLOCKS,
    exponent,
    performance_blocks,
    profile_paragraph,
    projection_sentence,
    read_rows,
    scaling_paragraph,
    tandem_table,
)
from simulator.output.readme_tables import block

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "docs" / "results"


@pytest.mark.parametrize("name", BLOCKS)
def test_the_readme_performance_blocks_match_the_committed_results(name):
    """Regenerating each block from docs/results/bench_*.csv gives exactly the README's."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert block(readme, name) == performance_blocks(RESULTS)[name]


def test_the_exponent_of_linear_growth_is_one_and_of_quadratic_growth_two():
    """The least-squares slope on log-log reads the power of the growth."""
    sizes = [0.1, 0.3, 1.0, 3.0, 10.0]
    assert exponent(sizes, [5 * s for s in sizes]) == pytest.approx(1.0)
    assert exponent(sizes, [5 * s * s for s in sizes]) == pytest.approx(2.0)


def test_a_ratio_with_a_target_is_bold_and_names_the_target():
    """The engine's ratio is shown against its target; a reference's is plain."""
    rows = read_rows(
        "case,median_s,peak_mb,ratio_to_simpy,rounds,load_average\n"
        "simpy,2.0,20,1.000,5,1.0\ntandem,0.7,60,0.350,5,1.0\n"
    )
    table = tandem_table(rows)
    assert "| idiomatic SimPy (reference) | 2.00 | 20 | 1.00 |" in table
    assert "| **0.35** (target ≤ 0.4) |" in table


def test_the_scaling_paragraph_gives_each_series_exponent_and_end_points():
    """A series that doubles its cost with its size reads as exponent 1.00."""
    rows = read_rows(
        "series,size,cpu_seconds,seconds,peak_mb,handled,load_average\n"
        "volume,1,2.0,2.5,100,77000,1.0\nvolume,2,4.0,5.0,150,154000,1.0\n"
    )
    text = scaling_paragraph(rows)
    assert "Against the volume, the cost exponent is **1.00** (1x: 2.00 s CPU, 100 MB peak" in text
    assert "2x: 4.00 s CPU, 150 MB peak)" in text


def test_the_profile_paragraph_puts_the_floors_beside_the_replication_and_sorts_the_parts():
    """A 4 s replication with a 1 s event floor reads 25%, and the biggest part comes first."""
    rows = read_rows(
        "measure,part,value\n"
        "replication_cpu_seconds,,4.000\ndossiers,,80000\nsimpy_events,,240000\n"
        "kernel_floor_cpu_seconds,,1.000\ncalendar_calls,,500000\n"
        "calendar_floor_cpu_seconds,,0.500\nload_average,,0.3\n"
        "profile_share,random draws,0.1\nprofile_share,working calendar arithmetic,0.9\n"
    )
    text = profile_paragraph(rows)
    assert "took 4.00 s of CPU (50 µs per dossier; 80,000 dossiers, 240,000 SimPy events" in text
    assert "do nothing, took 1.00 s (25% of it)" in text
    assert "the 500,000 working-calendar calls it made, made again alone, 0.50 s (12%)" in text
    assert text.index("| working calendar arithmetic | 90% |") < text.index(
        "| random draws | 10% |"
    )


def test_the_projection_sentence_gives_the_cost_per_quarter_of_a_replication():
    """80 quarter-replications in 400 s of CPU read 5.0 s each, beside the wall time."""
    rows = read_rows(
        "quarters,reps,jobs,seconds,cpu_seconds,load_average\n8,10,2,201.4,400.0,1.5\n"
    )
    text = projection_sentence(rows)
    assert "--quarters 8 --reps 10 --jobs 2`: 201 s of wall time and 400 s of CPU" in text
    assert "(5.0 s per quarter of a replication; load average 1.5" in text
