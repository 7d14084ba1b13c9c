"""The validate and backtest commands: files, exit codes, and one line for bad input."""

import csv
from pathlib import Path

import pytest

from simulator.cli.main import main

DATA = Path(__file__).resolve().parent / "data"
TINY = DATA / "tiny_onestop.toml"
TINY_B = DATA / "tiny_onestop_b.toml"

FAR_OFF = """
name = "far_off"
[[targets]]
metric = "handled"
value = 77289
source = "the whole quarter, which the tiny scenario is not"
relative_tolerance = 0.005
identity = false  # fitted here on purpose: the catalogue calls handled an identity of the inputs
[[targets]]
metric = "online_share"
value = 0.08
source = "about the tiny scenario's share"
absolute_tolerance = 0.05
"""


@pytest.fixture
def far_off(write_scenario):
    return write_scenario(FAR_OFF, "far_off.toml")


def test_validate_writes_the_table_and_exits_0_however_far_off(far_off, tmp_path, capsys):
    """A target missed by far is a measurement: exit 0, validation.csv, figure, console table."""
    out = tmp_path / "out"
    args = ["validate", str(TINY), "--targets", str(far_off), "--reps", "3", "--jobs", "1"]
    assert main([*args, "--out", str(out)]) == 0
    with open(out / "validation.csv", newline="", encoding="utf-8") as handle:
        rows = {row["target"]: row for row in csv.DictReader(handle)}
    assert list(next(iter(rows.values()))) == [
        "target", "reported", "simulated_mean", "ci95_low", "ci95_high", "error",
        "error_in_se", "within_tolerance", "reported_inside_ci", "tolerance",
    ]  # fmt: skip
    handled = rows["handled"]
    assert handled["within_tolerance"] == "false" and float(handled["error"]) < 0
    assert float(handled["error_in_se"]) < -3
    assert rows["online_share"]["within_tolerance"] == "true"
    assert (out / "figures" / "validation.png").stat().st_size > 0
    assert (out / "summary.json").is_file() and (out / "manifest.json").is_file()
    printed = capsys.readouterr().out
    assert "1 of 2 targets within tolerance" in printed and "handled" in printed


def test_validate_refuses_a_bad_targets_file_with_one_line(write_scenario, tmp_path, capsys):
    """A targets file without tolerances: exit 2, one line naming the key, nothing written."""
    bad = write_scenario('[[targets]]\nmetric = "handled"\nvalue = 1\nsource = "s"\n', "t.toml")
    out = tmp_path / "never"
    assert main(["validate", str(TINY), "--targets", str(bad), "--out", str(out)]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "targets[0]" in error and "Traceback" not in error
    assert not out.exists()


def test_validate_refuses_a_misspelt_metric_before_writing(far_off, tmp_path, capsys):
    """A target the scenario does not produce: exit 2, the key path named, no files."""
    misspelt = far_off.parent / "misspelt.toml"
    misspelt.write_text(FAR_OFF.replace('"online_share"', '"onlin_share"'), encoding="utf-8")
    out = tmp_path / "never"
    args = ["validate", str(TINY), "--targets", str(misspelt), "--reps", "2", "--jobs", "1"]
    assert main([*args, "--out", str(out), "--quiet"]) == 2
    error = capsys.readouterr().err
    assert error.strip().startswith(f"{misspelt}: targets[1].metric = 'onlin_share'")
    assert not out.exists()


def backtest_args(fit: Path, against: Path, out: Path, quiet: bool = True) -> list[str]:
    """A two-evaluation backtest of the tiny scenarios (the --params are the test's own)."""
    args = ["backtest", str(TINY), "--fit", str(fit), "--predict", str(TINY_B)]
    args += ["--against", str(against), "--reps", "2", "--jobs", "1", "--max-evals", "2"]
    return [*args, "--out", str(out), *(["--quiet"] if quiet else [])]


def test_backtest_refuses_truth_for_an_unfitted_key(far_off, tmp_path, capsys):
    """--truth must name a fitted parameter: exit 2 before any run, nothing written."""
    args = backtest_args(far_off, far_off, tmp_path / "never")
    args += ["--params", "processing.returned_share", "--truth", "arrivals.expected_new=1"]
    assert main(args) == 2
    assert "--truth: arrivals.expected_new" in capsys.readouterr().err
    assert not (tmp_path / "never").exists()


def test_backtest_refuses_a_misspelt_b_target_before_calibrating(far_off, tmp_path, capsys):
    """B's targets are checked on one replication of B, before the calibration's runs."""
    misspelt = far_off.parent / "b.toml"
    misspelt.write_text(FAR_OFF.replace('"handled"', '"handeld"'), encoding="utf-8")
    args = backtest_args(far_off, misspelt, tmp_path / "out")
    assert main([*args, "--params", "processing.returned_share"]) == 2
    assert f"{misspelt}: targets[0].metric = 'handeld'" in capsys.readouterr().err
    assert not (tmp_path / "out" / "calibration").exists()


def test_backtest_runs_to_the_end_and_exits_0_however_far_off(far_off, tmp_path, capsys):
    """Two evaluations against far-off targets: exit 0, backtest.csv without a truth column."""
    out = tmp_path / "out"
    args = backtest_args(far_off, far_off, out, quiet=False)
    assert main([*args, "--params", "processing.returned_share=0.005:0.03"]) == 0
    with open(out / "backtest.csv", newline="", encoding="utf-8") as handle:
        (row,) = list(csv.DictReader(handle))
    assert row["parameter"] == "processing.returned_share" and row["true"] == ""
    assert row["applied_to_predict"] == "true" and row["predict_value"] == row["fitted"]
    assert "targets within tolerance" in capsys.readouterr().out
