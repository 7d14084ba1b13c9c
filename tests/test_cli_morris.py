"""onestop sensitivity --method morris, run as a user would (a real subprocess)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TINY = ROOT / "tests" / "data" / "tiny_onestop.toml"
# the M/M/4 check with few customers: its two run sizes are marked ASSUMPTION in mm4.toml
SMALL_MM4 = f"""
extends = "{(ROOT / "scenarios" / "mm4.toml").as_posix()}"
name = "mm4_small"
[run]
customers = 3000
warmup_customers = 200
"""


def onestop(*args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "simulator", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )


@pytest.mark.parametrize(
    ("options", "named"),
    [
        (["--method", "sobol"], "--method"),
        (["--method", "morris", "--levels", "3"], "--levels"),
        (["--method", "morris", "--trajectories", "1"], "--trajectories"),
        (["--params", "all-assumptions"], "needs --method morris"),
    ],
)
def test_bad_options_exit_2_with_one_line(options, named, tmp_path):
    """A bad method or Morris option: exit 2, one line naming it, nothing written."""
    params = [] if "--params" in options else ["--params", "closing.session_every_days"]
    done = onestop("sensitivity", TINY, *params, *options, "--out", tmp_path / "out")
    assert done.returncode == 2, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and named in done.stderr
    assert not (tmp_path / "out").exists()


def test_morris_writes_its_files_and_names_what_matters(tmp_path):
    """The tables, morris.json and a figure per metric; the console names the leaders."""
    out = tmp_path / "out"
    done = onestop(
        "sensitivity", TINY, "--method", "morris", "--params", "closing.session_every_days",
        "sites.commune.service.mean", "--trajectories", "2", "--reps", "1", "--jobs", "1",
        "--out", out,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "(2 + 1) x 2 trajectories = 6 points x 1 reps = 6 replications" in done.stdout
    assert "Late rate (share of resolved) depends most on: closing.session_every_days" in (
        done.stdout
    )
    names = {"morris.csv", "morris_design.csv", "morris_parameters.csv", "morris.json"}
    assert names <= {p.name for p in out.iterdir()}
    assert (out / "figures" / "morris_late_rate.png").exists()
    assert json.loads((out / "morris.json").read_text())["trajectories_run"] == 2


def test_all_assumptions_screens_what_the_files_mark(write_scenario, tmp_path):
    """A child of mm4 inherits its marks: both run sizes are screened and listed."""
    scenario = write_scenario(SMALL_MM4, "mm4_small.toml")
    out = tmp_path / "out"
    done = onestop(
        "sensitivity", scenario, "--method", "morris", "--params", "all-assumptions",
        "--trajectories", "2", "--reps", "1", "--jobs", "1", "--no-figures", "--out", out,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    listed = (out / "morris_parameters.csv").read_text().splitlines()
    assert [row.split(",")[:2] for row in listed[1:]] == [
        ["run.customers", "screened"],
        ["run.warmup_customers", "screened"],
    ]
    assert "depends most on" in done.stdout and not (out / "figures").exists()


def test_without_salib_morris_exits_1_saying_how_to_install(tmp_path):
    """SALib missing: exit 1 and one line with the pip extra, before any work."""
    blocker = tmp_path / "blocked" / "SALib"
    blocker.mkdir(parents=True)
    (blocker / "__init__.py").write_text("raise ImportError('SALib blocked for this test')\n")
    env = {**os.environ, "PYTHONPATH": str(blocker.parent)}
    done = onestop(
        "sensitivity", TINY, "--method", "morris", "--params", "closing.session_every_days",
        "--out", tmp_path / "out", env=env,
    )  # fmt: skip
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "onestop: error: --method morris needs SALib: pip install 'onestop-simulator[sensitivity]'"
    ]
    assert not (tmp_path / "out").exists()


def test_oat_stays_the_default_with_five_replications(write_scenario, tmp_path):
    """Without --method the tornado runs as before: the same bytes as an explicit --reps 5."""
    scenario = write_scenario(SMALL_MM4, "mm4_small.toml")
    common = ["--params", "arrivals.interarrival.mean", "--jobs", "1", "--no-figures"]
    default = onestop("sensitivity", scenario, *common, "--out", tmp_path / "a")
    explicit = onestop("sensitivity", scenario, *common, "--reps", "5", "--out", tmp_path / "b")
    assert default.returncode == 0 and explicit.returncode == 0, default.stderr
    assert (tmp_path / "a" / "sensitivity.csv").read_bytes() == (
        tmp_path / "b" / "sensitivity.csv"
    ).read_bytes()
    assert not (tmp_path / "a" / "morris.csv").exists()
