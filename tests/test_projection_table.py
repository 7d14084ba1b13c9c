"""`onestop project --no-figures` writes projection.csv without loading the plotting libraries."""

import ast
import csv
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "tests" / "data" / "onestop_small.toml"
# matplotlib: only for the fan chart; scipy: only for intervals (2+ replications) and posteriors
HEAVY = ("scipy", "matplotlib")
PROBE = """
import sys
from simulator.cli.main import main
status = main(sys.argv[1:])
print(sorted({name.split(".")[0] for name in sys.modules}))
sys.exit(status)
"""


def test_projection_table_alone_imports_no_plotting_library(tmp_path):
    """One replication of a small two-quarter projection without figures: the table, no scipy."""
    out = tmp_path / "out"
    command = [sys.executable, "-c", PROBE, "project", str(SMALL), "--quarters", "2"]
    command += ["--set", "arrivals.expected_new=150", "--reps", "1", "--no-figures"]
    command += ["--quiet", "--jobs", "1", "--out", str(out)]
    done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=tmp_path)
    loaded = ast.literal_eval(done.stdout.strip().splitlines()[-1])  # the list printed above
    with open(out / "projection.csv", newline="", encoding="utf-8") as handle:
        quarters = {row["quarter"] for row in csv.DictReader(handle)}
    assert quarters == {"2022Q1", "2022Q2", "2022Q3"}  # six months from 10 January
    assert not (out / "late_rate_projection.png").exists()
    assert [name for name in HEAVY if name in loaded] == []
