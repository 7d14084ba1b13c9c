"""`onestop staff` on the command line: its files, its answer scenario, its bad-input lines."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MMC = ROOT / "scenarios" / "mmc_staffing.toml"
LEVELS = ROOT / "scenarios" / "service_levels_mmc.toml"
VARY = "stations[0].servers=4:10"


def onestop(*args):
    return subprocess.run(
        [sys.executable, "-m", "simulator", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_staff_writes_its_tables_and_an_answer_that_onestop_check_loads(tmp_path):
    """A short M/M/c search writes staffing.csv, targets.csv, steps.csv, staffing.json and
    a scenario that extends the input with the --set value and the servers found."""
    out = tmp_path / "staff"
    args = ["--vary", VARY, "--reps", "3", "--jobs", "1", "--out", out, "--quiet"]
    done = onestop("staff", MMC, "--targets", LEVELS, *args, "--set", "run.customers=6000")
    assert done.returncode == 0, done.stderr
    with (out / "staffing.csv").open(encoding="utf-8") as handle:
        (row,) = list(csv.DictReader(handle))
    assert (row["pool"], row["band"]) == ("stations[0].servers", "all day")
    summary = json.loads((out / "staffing.json").read_text(encoding="utf-8"))
    assert summary["staffing"] == {"stations[0].servers": int(row["staff"])}
    assert summary["evaluations"] > 0 and summary["cost"] == int(row["staff"])
    with (out / "targets.csv").open(encoding="utf-8") as handle:
        checks = [r["check"] for r in csv.DictReader(handle)]
    assert checks == ["search", "final"]
    answer = out / "mmc_staffing_staffed.toml"
    text = answer.read_text(encoding="utf-8")
    assert "found by onestop staff" in text and "run.customers = 6000" in text
    checked = onestop("check", answer)
    assert checked.returncode == 0, checked.stderr


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--vary", "stations[0].servrs=4:10"], "--vary: stations[0].servrs"),
        (["--vary", VARY, "--set", "stations[0].servers=5"], "--set: stations[0].servers"),
        (["--vary", VARY, "--cost", "run.customers=2"], "--cost: run.customers"),
        (["--vary", VARY, "--set", "run.customers=0"], "run.customers"),
    ],
)
def test_bad_staff_input_is_one_line_and_exit_2(tmp_path, extra, message):
    """A misspelt key, a key both set and varied, a cost of no varied key, a bad --set."""
    done = onestop("staff", MMC, "--targets", LEVELS, *extra, "--out", tmp_path / "x")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and message in done.stderr


def test_a_target_of_a_metric_the_scenario_does_not_report_is_refused(tmp_path):
    """A one-stop metric in the targets of a network scenario: exit 2 naming the target."""
    levels = tmp_path / "levels.toml"
    levels.write_text('[[targets]]\nmetric = "late_rate"\nat_most = 0.02\n', encoding="utf-8")
    args = ["--vary", VARY, "--reps", "2", "--set", "run.customers=2000", "--out", tmp_path / "x"]
    done = onestop("staff", MMC, "--targets", levels, *args)
    assert done.returncode == 2
    assert "targets[0].metric" in done.stderr and "not reported" in done.stderr


def test_check_reads_a_service_level_file_and_reports_its_bad_target(tmp_path):
    """onestop check tells a service-level file from calibration targets, and checks it."""
    bad = tmp_path / "bad.toml"
    bad.write_text('[[targets]]\nmetric = "late_rat"\nat_most = 0.02\n', encoding="utf-8")
    good = onestop("check", LEVELS)
    assert good.returncode == 0 and "service-level file with 1 targets" in good.stdout
    done = onestop("check", bad)
    assert done.returncode == 2 and "targets[0].metric = 'late_rat'" in done.stderr
