"""Validation and backtest files (output layer): ``validation.csv``, ``backtest.csv`` and the
calibration and run files of a backtest, each written atomically by the storage writers."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from simulator.analysis.validation import VALIDATION_COLUMNS, TargetCheck
from simulator.execution.backtest import BACKTEST_COLUMNS, BacktestResult
from simulator.output.storage import write_csv, write_run_outputs
from simulator.output.study_files import write_calibration_outputs


def write_validation(checks: Sequence[TargetCheck], out: Path) -> Path:
    """``validation.csv``: one row of VALIDATION_COLUMNS per target."""
    path = out / "validation.csv"
    write_csv(path, VALIDATION_COLUMNS, [check.row() for check in checks])
    return path


def write_backtest_outputs(
    result: BacktestResult, fit_targets: Any, base: Any, out: Path, command: Sequence[str]
) -> list[Path]:
    """``calibration/`` (as ``onestop calibrate`` writes it), ``prediction/`` (period B's run
    files), ``backtest.csv`` and ``validation.csv`` (period B against its targets)."""
    files = write_calibration_outputs(
        result.calibration, fit_targets, base, out / "calibration", command
    )
    files += write_run_outputs(result.prediction, out / "prediction", command)
    files.append(out / "backtest.csv")
    write_csv(files[-1], BACKTEST_COLUMNS, result.rows())
    files.append(write_validation(result.checks, out))
    return files
