"""A batch's files: one file per finished task, so that a killed batch resumes; the outputs.

Layout under ``DIR``::

    <scenario>/batch-task.json          identity of the tasks below: scenario SHA-256 and seed
    <scenario>/replications/<r>.json    one finished task (metrics of replication r)
    <scenario>/summary.json, replications.csv, manifest.json, figures/   as ``onestop run``
    batch.json, batch.csv, figures/overview.png                          across scenarios
    manifest.json       last: the files above and each <scenario>/manifest.json (``result_set``)

Each task file is written atomically the moment its task finishes. If the scenario
or the seed changed since the task files were written (``batch-task.json`` differs),
the old task files are deleted and the scenario starts over: results of different
inputs are never mixed. Temporary files left by a killed batch are removed when it
is started again.
"""

from __future__ import annotations

import json
import math
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from simulator.execution.batch_plan import set_value
from simulator.output.charts import bar_chart_with_ci, save_figure
from simulator.output.plots import run_figures
from simulator.output.result_set import begin_set, new_run_id
from simulator.output.storage import (
    atomic_write_text,
    finish_set,
    json_text,
    write_csv,
    write_json,
    write_run_outputs,
)
from simulator.run import ReplicationResult

IDENTITY = "batch-task.json"
TASKS = "replications"
BATCH_COLUMNS = ("scenario", "metric", "mean", "std", "ci95_low", "ci95_high", "n")


class TaskFiles:
    """The TaskStore of ``batch.run_batch``: finished tasks as files under ``out``."""

    def __init__(self, out: Path) -> None:
        self.out = out
        _remove_temporaries(out, out / "figures")

    def existing(self, entry: Any, seed: int) -> dict[int, ReplicationResult]:
        """The stored tasks of entry (none if its scenario or seed changed)."""
        folder = self.out / entry.name
        _remove_temporaries(folder, folder / TASKS, folder / "figures")
        identity = {"scenario_sha256": entry.scenario.digest, "seed": seed}
        path = folder / IDENTITY
        if _read_json(path) != identity:
            shutil.rmtree(folder / TASKS, ignore_errors=True)
            atomic_write_text(path, json_text(identity))
        stored = {}
        for task in sorted((folder / TASKS).glob("*.json")):
            result = _read_result(task)
            if result is not None:
                stored[result.replication] = result
        return stored

    def save(self, entry: Any, result: ReplicationResult) -> None:
        document = {
            "replication": result.replication,
            "metrics": result.metrics,
            "wall_time": result.wall_time,
        }
        path = self.out / entry.name / TASKS / f"{result.replication}.json"
        atomic_write_text(path, json_text(document))


def _remove_temporaries(*folders: Path) -> None:
    # storage.atomic_write_bytes writes ".<name>.<random>.tmp" first; a SIGKILL can leave one
    for folder in folders:
        for temporary in folder.glob(".*.tmp") if folder.is_dir() else ():
            temporary.unlink(missing_ok=True)


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _read_result(path: Path) -> ReplicationResult | None:
    """A stored task, or None if the file is not one (it is then run again)."""
    data = _read_json(path)
    try:
        replication = int(data["replication"])
        # JSON null stands for NaN (storage.clean_json)
        metrics = {str(k): math.nan if v is None else float(v) for k, v in data["metrics"].items()}
        wall_time = float(data["wall_time"])
    except (TypeError, KeyError, ValueError, AttributeError):
        return None
    if path.stem != str(replication):
        return None
    return ReplicationResult(replication=replication, metrics=metrics, wall_time=wall_time)


def write_batch_outputs(
    result: Any,
    out: Path,
    command: Sequence[str],
    *,
    figures: bool,
    metric: str | None,
    run_id: str | None = None,
    previous: list[str] | None = None,
) -> list[Path]:
    """Each scenario's run files, batch.json, batch.csv, the overview, then manifest.json.

    The top manifest (``result_set``), written last, lists the batch's own files, each
    finished scenario's manifest (one run id for all) and what a failed scenario left.
    """
    previous = begin_set(out) if previous is None else previous
    run_id = run_id or new_run_id()  # one for the batch and each of its scenarios
    sets = []
    for entry, experiment in result.experiments:
        folder = out / entry.name
        draw = (lambda e=experiment, f=folder: run_figures(e, f / "figures")) if figures else None
        # the stored tasks and their identity belong to the set (they let a batch resume)
        kept = [folder / IDENTITY, *sorted((folder / TASKS).glob("*.json"))]
        written = write_run_outputs(
            experiment, folder, command, run_id=run_id, figures=draw, written=kept
        )
        sets.append(written[2])  # the scenario's manifest
    files = _batch_files(result, out, figures, metric)
    left = [path for failure in result.failures for path in _left_by(out, failure.name)]
    document = {"command": list(command), "seed": result.seed}
    finish_set(out, [*files, *sets, *left], document, run_id, previous)
    return files


def _batch_files(result: Any, out: Path, figures: bool, metric: str | None) -> list[Path]:
    """batch.json, batch.csv and (unless ``figures`` is false) the overview figure."""
    files = [out / "batch.json", out / "batch.csv"]
    write_json(files[0], batch_document(result))
    write_csv(files[1], BATCH_COLUMNS, batch_rows(result))
    metric = metric or _first_metric(result)
    if figures and metric:
        summaries = {
            entry.name: experiment.summary().get(metric) for entry, experiment in result.experiments
        }
        summaries = {k: v for k, v in summaries.items() if v is not None and v.n > 0}
        if summaries:
            files.append(_overview(metric, summaries, out / "figures" / "overview.png"))
    return files


def _left_by(out: Path, name: str) -> list[Path]:
    """The stored tasks of a scenario that crashed: kept (a rerun resumes from them), listed."""
    folder, root = (out / name).resolve(), out.resolve()
    if folder == root or not folder.is_relative_to(root) or not folder.is_dir():
        return []
    begin_set(folder)  # a manifest of an earlier run of this scenario no longer holds
    return [folder / IDENTITY, *sorted((folder / TASKS).glob("*.json"))]


def _overview(metric: str, summaries: dict[str, Any], path: Path) -> Path:

    title = f"{metric}: mean and 95% CI by scenario"
    figure = bar_chart_with_ci(list(summaries), list(summaries.values()), title, metric)
    return save_figure(figure, path)


def _first_metric(result: Any) -> str | None:
    for _entry, experiment in result.experiments:
        names = experiment.metric_names()
        if names:
            return names[0]
    return None


def batch_document(result: Any) -> dict[str, Any]:
    """batch.json: what the inputs determine (no timings), so reruns give the same bytes."""
    precision = result.precision
    return {
        "seed": result.seed,
        "precision": None
        if precision is None
        else {
            "metric": precision.metric,
            "half_width": precision.target,
            "relative": precision.relative,
            "max_reps": precision.max_reps,
        },
        "scenarios": [
            {
                "name": entry.name,
                "source": entry.source,
                "set": {key: set_value(text) for key, text in entry.overrides},
                "replications": len(experiment.replications),
                "precision_reached": result.precision_reached(experiment),
                "metrics": {name: s.to_dict() for name, s in experiment.summary().items()},
            }
            for entry, experiment in result.experiments
        ],
        "failures": [
            {"name": f.name, "source": f.source, "error": f.message, "bad_input": f.bad_input}
            for f in result.failures
        ],
    }


def batch_rows(result: Any) -> list[tuple[Any, ...]]:
    return [
        (entry.name, name, s.mean, s.std, s.ci95_low, s.ci95_high, s.n)
        for entry, experiment in result.experiments
        for name, s in experiment.summary().items()
    ]
