"""A run killed with SIGKILL leaves no file that looks complete, and a rerun gives the same files.

Real subprocesses: ``python -m simulator run`` is killed at two moments (while simulating, and
just as its output files appear), the folder is inspected, and the same command is rerun to
completion and compared byte for byte with an uninterrupted run in another folder.
"""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

SCENARIO = """
kind = "network"
name = "kill_me"
[run]
customers = 60000
warmup_customers = 1000
[arrivals]
station = "desk"
interarrival = { dist = "exponential", mean = 0.3125 }
[[stations]]
name = "desk"
servers = 4
service = { dist = "exponential", mean = 1.0 }
next = [{ to = "back", p = 0.3 }]
[[stations]]
name = "back"
servers = 2
service = { dist = "gamma", mean = 1.5, cv = 0.5 }
"""
REPS = 12
OUTPUTS = ("summary.json", "replications.csv")


def command(scenario: Path, out: Path, *extra: str) -> list[str]:
    return [
        sys.executable, "-m", "simulator", "run", str(scenario), "--reps", str(REPS),
        "--seed", "7", "--out", str(out), "--jobs", "2", "--quiet", *extra,
    ]  # fmt: skip


def start(args: list[str]) -> subprocess.Popen:
    # a session of its own, so the kill reaches the worker processes too
    return subprocess.Popen(
        args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )


def kill_when(process: subprocess.Popen, ready, timeout: float = 60.0) -> None:
    """SIGKILL the process group as soon as ready() is true (or the process ends)."""
    deadline = time.monotonic() + timeout
    while not ready() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def assert_nothing_looks_complete_unless_it_is(out: Path) -> None:
    """Final names hold complete, valid files; anything partial hides under a '.' name."""
    for path in out.rglob("*"):
        if path.is_dir() or path.name.startswith("."):
            continue
        data = path.read_bytes()
        if path.suffix == ".json":
            document = json.loads(data)
            assert document["replications"] == REPS
            if path.name == "summary.json":
                assert document["metrics"], "summary without metrics"
        elif path.suffix == ".csv":
            rows = list(csv.reader(data.decode().splitlines()))
            assert rows[0] == ["replication", "metric", "value"]
            assert {row[0] for row in rows[1:]} == {str(r) for r in range(REPS)}
            assert all(len(row) == 3 for row in rows)
        elif path.suffix == ".png":
            assert data.startswith(b"\x89PNG") and data.endswith(b"IEND\xaeB`\x82")
        elif path.suffix == ".html":
            assert data.rstrip().endswith(b"</html>"), "a cut report"
        elif path.suffix == ".xlsx":
            assert zipfile.is_zipfile(io.BytesIO(data)), "a cut workbook"
        else:
            pytest.fail(f"unexpected file {path}")


@pytest.fixture
def scenario(write_scenario) -> Path:
    return write_scenario(SCENARIO, "kill_me.toml")


def test_killed_run_leaves_no_fake_results_and_rerun_is_identical(scenario, tmp_path):
    """SIGKILL mid-simulation, mid-writing and mid-figures: no fake results; a rerun matches."""
    reference = tmp_path / "reference"
    interrupted = tmp_path / "interrupted"
    uninterrupted = start(command(scenario, reference, "--no-figures"))

    killed = start(command(scenario, interrupted))
    kill_when(killed, lambda: interrupted.exists())  # loaded; replications are running
    assert killed.returncode == -signal.SIGKILL, "the run ended before it could be killed"
    assert_nothing_looks_complete_unless_it_is(interrupted)
    assert not (interrupted / "summary.json").exists()

    killed = start(command(scenario, interrupted))
    kill_when(killed, lambda: (interrupted / "summary.json").exists())  # writing its files
    assert_nothing_looks_complete_unless_it_is(interrupted)

    late = tmp_path / "late"
    killed = start(command(scenario, late))
    kill_when(killed, lambda: (late / "figures").exists())  # writing its figures
    assert_nothing_looks_complete_unless_it_is(late)

    assert uninterrupted.wait(timeout=120) == 0, uninterrupted.stderr.read()
    rerun = subprocess.run(command(scenario, interrupted), capture_output=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    assert_nothing_looks_complete_unless_it_is(interrupted)
    for name in OUTPUTS:
        assert (interrupted / name).read_bytes() == (reference / name).read_bytes(), name
