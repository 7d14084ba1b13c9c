"""The files of studies over runs: compare.json and .csv, a calibration's fitted scenario,
calibration.json and .csv, and sensitivity.csv and .json (written atomically through storage).

Apart from storage.py, whose run outputs every run writes, so that a run does not import the
machinery of comparisons and calibrations.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from simulator.analysis.calibrate import FIT_COLUMNS, fit_rows
from simulator.execution.compare import COLUMNS
from simulator.execution.fitting import SENSITIVITY_COLUMNS
from simulator.output.storage import atomic_write_text, write_csv, write_json
from simulator.values.document import parse_key_path, set_key_path, toml_value
from simulator.values.errors import one_line


def write_compare_outputs(comparison: Any, out: Path) -> list[Path]:
    """compare.json and compare.csv (columns as the contract names them)."""

    files = [out / "compare.json", out / "compare.csv"]
    write_json(files[0], comparison.document())
    write_csv(files[1], COLUMNS, comparison.rows())
    return files


def calibrated_scenario_text(result: Any, document: Any, out: Path, command: Sequence[str]) -> str:
    """A scenario that extends the base and overrides only the fitted values, each commented."""

    best = result.best
    base = Path(os.path.relpath(Path(document.path).resolve(), out.resolve()))
    lines = [
        f"# Calibrated by: {one_line(shlex.join(command))}",  # one line, whatever it holds
        f"# {len(result.evaluations)} evaluations, stopped: {result.stopped_by}; best objective "
        f"{best.objective:.6g} at evaluation {best.number}.",
        f"extends = {toml_value(base.as_posix())}",
        f"name = {toml_value(str(document.data.get('name', 'scenario')) + '_calibrated')}",
        "",
    ]
    lists: dict[str, Any] = {}
    for parameter in result.parameters:
        value = best.values[parameter.path]
        comment = (
            f"# fitted: {value!r} in [{parameter.low:g}, {parameter.high:g}] "
            f"(base {parameter.base:g})"
        )
        first = parse_key_path(parameter.path)[0]
        if "[" in parameter.path:
            # extends replaces lists whole, so the list is repeated with the fitted element set
            source = lists.get(first, document.data)
            lists[first] = set_key_path(source, parameter.path, value)
            lines.append(comment.replace("# fitted:", f"# {parameter.path} fitted:"))
        else:
            lines += [comment, f"{parameter.path} = {toml_value(value)}"]
    for key, data in lists.items():
        lines.append(f"{key} = {toml_value(data[key])}")
    return "\n".join(lines) + "\n"


def write_calibration_outputs(
    result: Any, targets: Any, document: Any, out: Path, command: Sequence[str]
) -> list[Path]:
    """The calibrated scenario, calibration.json and calibration.csv (fit of each target)."""

    best = result.best
    name = f"{document.data.get('name', 'scenario')}_calibrated.toml"
    files = [out / name, out / "calibration.json", out / "calibration.csv"]
    atomic_write_text(files[0], calibrated_scenario_text(result, document, out, command))
    rows = fit_rows(best.summary, targets)
    write_json(
        files[1],
        {
            "targets": targets.source,
            "parameters": [vars(p) for p in result.parameters],
            "best": {"evaluation": best.number, "values": best.values, "objective": best.objective},
            "stopped_by": result.stopped_by,
            "evaluations": [
                {"number": e.number, "values": e.values, "objective": e.objective}
                for e in result.evaluations
            ],
            "fit": [dict(zip(FIT_COLUMNS, row, strict=True)) for row in rows],
        },
    )
    write_csv(files[2], FIT_COLUMNS, rows)
    return files


def write_sensitivity_outputs(result: Any, metrics: list[str], out: Path) -> list[Path]:

    files = [out / "sensitivity.csv", out / "sensitivity.json"]
    rows = result.rows(metrics)
    write_csv(files[0], SENSITIVITY_COLUMNS, rows)
    write_json(files[1], [dict(zip(SENSITIVITY_COLUMNS, row, strict=True)) for row in rows])
    return files
