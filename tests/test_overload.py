"""Scenarios past capacity run to their horizon, report the backlog, and warn once."""

from __future__ import annotations

import json
import subprocess
import sys

from simulator.execution.experiment import run_experiment
from simulator.values.scenario import load_scenario

OVERLOADED = """
kind = "network"
name = "overloaded"
[run]
horizon = {horizon}
[arrivals]
station = "desk"
interarrival = {{ dist = "exponential", mean = 0.5 }}   # 2 arrivals per minute
[[stations]]
name = "desk"
servers = 1
service = {{ dist = "exponential", mean = {service} }}  # 1 per minute served at most
"""


def onestop(*args, cwd):
    return subprocess.run(
        [sys.executable, "-m", "simulator", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def test_overloaded_run_finishes_reports_backlog_and_warns(write_scenario, tmp_path):
    """Load 2: the run reaches its horizon, exit 0, half the arrivals wait, one warning line."""
    scenario = write_scenario(OVERLOADED.format(horizon=2000.0, service=1.0), "over.toml")
    out = tmp_path / "out"
    done = onestop("run", scenario, "--reps", 3, "--out", out, "--no-figures", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("onestop: warning: overloaded")
    assert "utilisation.desk" in lines[0] and "still in the system" in lines[0]
    metrics = json.loads((out / "summary.json").read_text())["metrics"]
    arrivals = metrics["arrivals"]["mean"]
    assert metrics["in_system_at_end"]["mean"] > 0.3 * arrivals
    assert metrics["utilisation.desk"]["mean"] > 0.98


def test_backlog_grows_with_the_horizon(write_scenario):
    """Doubling the horizon of an overloaded queue about doubles what is left at the end."""
    backlog = {}
    for horizon in (1000.0, 2000.0):
        path = write_scenario(OVERLOADED.format(horizon=horizon, service=1.0), f"h{horizon}.toml")
        result = run_experiment(load_scenario(path), reps=3, seed=1)
        backlog[horizon] = result.summary()["in_system_at_end"].mean
    assert backlog[1000.0] > 300
    assert 1.6 < backlog[2000.0] / backlog[1000.0] < 2.4


def test_stable_run_does_not_warn(write_scenario, tmp_path):
    """Load 0.5 gives no warning: stderr stays empty."""
    scenario = write_scenario(OVERLOADED.format(horizon=2000.0, service=0.25), "ok.toml")
    out = tmp_path / "out"
    done = onestop("run", scenario, "--reps", 2, "--out", out, "--no-figures", cwd=tmp_path)
    assert done.returncode == 0 and done.stderr == ""
