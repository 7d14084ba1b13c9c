"""A one-replication run starts without the heavy libraries it does not use (its fixed cost)."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TINY = ROOT / "tests" / "data" / "tiny_network.toml"
TINY_ONESTOP = ROOT / "tests" / "data" / "tiny_onestop.toml"
# scipy: only for confidence intervals (2+ replications); matplotlib: only for figures;
# the rest only for their own commands (Dask clusters, SALib screening, progress bars)
HEAVY = ("scipy", "matplotlib", "dask", "distributed", "SALib", "pandas", "tqdm")
# holidays: Vietnam's dates come from values/holidays_vn.py; a process pool, Dask's logging
# and sockets: only for --jobs > 1 or --dask (Babel is loaded: the report formats numbers)
NOT_NEEDED = ("holidays", "multiprocessing", "concurrent", "logging")
PROBE = """
import sys
from simulator.cli.main import main
status = main(sys.argv[1:])
print(sorted({name.split(".")[0] for name in sys.modules}))
print(sorted(name for name in sys.modules if name.startswith("simulator.cli.")))
sys.exit(status)
"""


def loaded_by_run(scenario, out, *options):
    """The top-level packages and the command-line modules a run has imported when it ends."""
    command = [sys.executable, "-c", PROBE, "run", str(scenario), "--reps", "1", "--no-figures"]
    command += ["--quiet", "--jobs", "1", "--out", str(out), *options]
    done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=out.parent)
    packages, cli = done.stdout.strip().splitlines()[-2:]  # the lists printed above
    assert (out / "summary.json").exists()
    return ast.literal_eval(packages), ast.literal_eval(cli)


def test_one_replication_without_figures_imports_no_heavy_library(tmp_path):
    """onestop run --reps 1 --no-figures on a tiny network loads none of the heavy packages."""
    loaded, _ = loaded_by_run(TINY, tmp_path / "out")
    assert [name for name in HEAVY + NOT_NEEDED if name in loaded] == []


def test_a_one_stop_run_imports_neither_holidays_nor_other_commands(tmp_path):
    """A day of the tiny one-stop scenario loads no holidays package and only the run command."""
    loaded, cli = loaded_by_run(TINY_ONESTOP, tmp_path / "out", "--set=horizon.end=2022-03-07")
    assert [name for name in HEAVY + NOT_NEEDED if name in loaded] == []
    assert cli == [
        "simulator.cli.common",
        "simulator.cli.main",
        "simulator.cli.run",
        "simulator.cli.sets",
    ]
