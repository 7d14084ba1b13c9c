"""A one-replication run starts without the heavy libraries it does not use (its fixed cost)."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TINY = ROOT / "tests" / "data" / "tiny_network.toml"
# scipy: only for confidence intervals (2+ replications); matplotlib: only for figures;
# the rest only for their own commands (Dask clusters, SALib screening, progress bars)
HEAVY = ("scipy", "matplotlib", "dask", "distributed", "SALib", "pandas", "tqdm")
PROBE = """
import sys
from simulator.cli.main import main
status = main(sys.argv[1:])
print(sorted({name.split(".")[0] for name in sys.modules}))
sys.exit(status)
"""


def test_one_replication_without_figures_imports_no_heavy_library(tmp_path):
    """onestop run --reps 1 --no-figures on a tiny network loads none of the heavy packages."""
    command = [sys.executable, "-c", PROBE, "run", str(TINY), "--reps", "1", "--no-figures"]
    command += ["--quiet", "--jobs", "1", "--out", str(tmp_path / "out")]
    done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=tmp_path)
    loaded = ast.literal_eval(done.stdout.strip().splitlines()[-1])  # the list printed above
    assert (tmp_path / "out" / "summary.json").exists()
    assert [name for name in HEAVY if name in loaded] == []
