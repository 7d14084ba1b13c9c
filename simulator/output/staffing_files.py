"""The files of ``onestop staff``: the staffing, the targets, the steps and the answer scenario.

- ``staffing.csv``: pool, hour band, staff (with the key, its range and its unit cost);
- ``targets.csv``: each target on the search's replications and on the fresh ones: mean,
  95% CI, the one-sided 95% bound and whether it is met;
- ``steps.csv``: the walk from MIN, one row per step;
- ``staffing.json``: all of it, with the cost, the evaluations spent and the wall time;
- ``<name>_staffed.toml``: the answer as a scenario that extends the input (``onestop check``
  loads it), each chosen value commented with how it was found.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from simulator.execution.batch_plan import set_value
from simulator.output.storage import atomic_write_text, write_csv, write_json
from simulator.values.document import parse_key_path, set_key_path, toml_value
from simulator.values.errors import one_line

STAFFING_COLUMNS = ("pool", "band", "staff", "key", "min", "max", "cost_per_unit")
TARGET_COLUMNS = (
    "check",
    "replications",
    "metric",
    "direction",
    "limit",
    "mean",
    "ci95_low",
    "ci95_high",
    "bound95_one_sided",
    "met",
)
STEP_COLUMNS = ("step", "kind", "key", "staffing", "cost", "score", "met", "target_means")


def staffing_rows(result: Any) -> list[tuple[Any, ...]]:
    return [
        (lever.pool, lever.band, count, lever.key, lever.low, lever.high, lever.cost)
        for lever, count in zip(result.levers, result.staffing, strict=True)
    ]


def target_rows(result: Any) -> list[tuple[Any, ...]]:
    search = f"0..{result.reps - 1}"
    fresh = f"{result.reps}..{result.reps + result.final_reps - 1}"
    rows = []
    blocks = (("search", search, result.checks), ("final", fresh, result.final_checks))
    for name, block, checks in blocks:
        for check in checks:
            target = check.target
            rows.append(
                (
                    name,
                    block,
                    target.metric,
                    target.direction.value,
                    target.limit,
                    check.mean,
                    check.ci95_low,
                    check.ci95_high,
                    check.bound,
                    check.met,
                )
            )
    return rows


def step_rows(result: Any) -> list[tuple[Any, ...]]:
    keys = [lever.key for lever in result.levers]
    metrics = [target.metric for target in result.service_levels.targets]
    return [
        (
            number,
            step.kind.value,
            step.key or "",
            " ".join(f"{k}={v}" for k, v in zip(keys, step.staffing, strict=True)),
            step.cost,
            step.score,
            step.met,
            " ".join(
                f"{m}={v:.6g}" if v is not None else f"{m}=nan"
                for m, v in zip(metrics, step.means, strict=True)
            ),
        )
        for number, step in enumerate(result.steps)
    ]


def staffing_document(result: Any, command: Sequence[str]) -> dict[str, Any]:
    return {
        "command": one_line(shlex.join(command)),
        "method": "greedy marginal allocation on common random numbers, removal of units "
        "no longer needed, final check on fresh replications",
        "staffing": result.values(),
        "cost": result.cost,
        "stopped": result.stop.value,
        "met_on_search_replications": result.met,
        "final_check_passed": result.final_passed,
        "evaluations": result.evaluations,
        "wall_time_seconds": round(result.wall_time, 1),
        "seed": result.seed,
        "replications": result.reps,
        "final_replications": result.final_reps,
        "targets": [dict(zip(TARGET_COLUMNS, row, strict=True)) for row in target_rows(result)],
        "steps": [dict(zip(STEP_COLUMNS, row, strict=True)) for row in step_rows(result)],
    }


def staffed_scenario_text(
    result: Any,
    document: Any,
    sets: Sequence[tuple[str, str]],
    out: Path,
    command: Sequence[str],
) -> str:
    """A scenario that extends the input and sets its --set values and the staffing found."""
    base = Path(os.path.relpath(Path(document.path).resolve(), out.resolve()))
    verdict = "passed" if result.final_passed else "did NOT pass"
    lines = [
        f"# Staffed by: {one_line(shlex.join(command))}",
        f"# {result.evaluations} evaluations (scenario x replication), cost {result.cost:g}; "
        f"stopped: {result.stop.value}; the final check on fresh replications {verdict}.",
        f"extends = {toml_value(base.as_posix())}",
        f"name = {toml_value(str(document.data.get('name', 'scenario')) + '_staffed')}",
        "",
    ]
    chosen = [
        (lever.key, count, f"# found by onestop staff in [{lever.low}, {lever.high}]")
        for lever, count in zip(result.levers, result.staffing, strict=True)
    ]
    given = [(key, set_value(text), "# from --set") for key, text in sets]
    data: dict[str, Any] = document.data
    lists: dict[str, None] = {}
    for key, value, comment in [*given, *chosen]:
        first = parse_key_path(key)[0]
        if "[" in key:
            # extends replaces lists whole: the list is repeated with the element set
            data = set_key_path(data, key, value)
            lists[str(first)] = None
            lines.append(comment.replace("# ", f"# {key}: ", 1))
        else:
            lines += [comment, f"{_dotted(key)} = {toml_value(value)}"]
    lines += [f"{key} = {toml_value(data[key])}" for key in lists]
    return "\n".join(lines) + "\n"


def _dotted(key: str) -> str:
    return ".".join(toml_value(part) if not _bare(part) else part for part in key.split("."))


def _bare(part: str) -> bool:
    return part.replace("_", "a").replace("-", "a").isalnum() and part.isascii()


def write_staffing_outputs(
    result: Any,
    document: Any,
    sets: Sequence[tuple[str, str]],
    out: Path,
    command: Sequence[str],
) -> list[Path]:
    name = f"{document.data.get('name', 'scenario')}_staffed.toml"
    files = [
        out / "staffing.csv",
        out / "targets.csv",
        out / "steps.csv",
        out / "staffing.json",
        out / name,
    ]
    write_csv(files[0], STAFFING_COLUMNS, staffing_rows(result))
    write_csv(files[1], TARGET_COLUMNS, target_rows(result))
    write_csv(files[2], STEP_COLUMNS, step_rows(result))
    write_json(files[3], staffing_document(result, command))
    atomic_write_text(files[4], staffed_scenario_text(result, document, sets, out, command))
    return files
