"""What the web page does, without the page: scenarios, runs, results and downloads.

Runs go through the execution layer's executors (worker processes), the same engine as the
command line. The base scenario's replications are kept in ``BASE_RUNS``: with common random
numbers replication r of the base is the same whatever the alternative, so a second what-if
on the same base, seed and replications runs only the alternative. Everything a page session
keeps (its scenario, its results) is returned to it, never stored here, so two browser tabs
never see each other's results.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from simulator.analysis.validation import check_targets
from simulator.execution.batch_plan import apply_sets, single_sets
from simulator.execution.compare import Comparison
from simulator.execution.executors import Executor
from simulator.execution.experiment import ExperimentResult, run_experiment
from simulator.execution.projection_run import over_quarters, run_projection
from simulator.execution.watch_day import (
    counter_site_names,
    first_working_day,
    frame_span,
    watch_day,
)
from simulator.output.animation import day_html
from simulator.output.plots import compare_figures, run_figures
from simulator.output.projection_output import projection_figure
from simulator.output.report import TEXT, headline_metrics, write_report
from simulator.output.storage import clean_json
from simulator.output.workbooks import write_compare_workbook
from simulator.values.document import read_document, toml_value
from simulator.values.errors import ScenarioError
from simulator.values.scenario import ScenarioHandle, validate_document
from simulator.values.targets import load_targets

ROOT = Path(__file__).resolve().parent.parent.parent
SCENARIOS = ROOT / "scenarios"
BASELINE = SCENARIOS / "baseline_q1_2022.toml"
TARGETS = SCENARIOS / "targets_q1_2022.toml"
STAFFING = ROOT / "docs" / "results" / "staffing" / "staffing.json"  # make staffing-example
STAFFING_FIGURE = ROOT / "docs" / "figures" / "staffing_example.png"
Progress = Callable[[int, int], None]

BASE_RUNS: dict[tuple[str, int, int], ExperimentResult] = {}
_LOCK = threading.Lock()


FOLDER_VARIABLE = "ONESTOP_SCENARIOS"  # set by `onestop app --scenarios DIR`


def base_scenarios() -> list[Path]:
    """The one-stop scenarios a what-if can start from (``--scenarios DIR``, else the shipped
    ones), the calibrated baseline first."""
    folder = Path(os.environ.get(FOLDER_VARIABLE) or SCENARIOS)
    found = [p for p in sorted(folder.glob("*.toml")) if _is_onestop(p)]
    return sorted(found, key=lambda p: p != BASELINE)


def _is_onestop(path: Path) -> bool:
    try:
        return read_document(path).data.get("kind") == "onestop"
    except Exception:  # a file that does not load is not offered (`onestop check` says why)
        return False


def scenario_with(path: Path, sets: list[str]) -> ScenarioHandle:
    """The base file with the levers' ``KEY=VALUE`` applied; a bad one raises ScenarioError."""
    document = apply_sets(read_document(path), single_sets(sets))
    return ScenarioHandle(document, validate_document(document))


def executor(jobs: int | None = None) -> Executor:
    return Executor.from_options(jobs or os.cpu_count() or 1, None)


def run_base(
    handle: ScenarioHandle, reps: int, seed: int, progress: Progress | None = None
) -> ExperimentResult:
    """The base's replications, from ``BASE_RUNS`` when this scenario, reps and seed ran before."""
    key = (fingerprint(handle), reps, seed)
    with _LOCK:
        cached = BASE_RUNS.get(key)
    if cached is None:
        cached = run_experiment(
            handle.value, reps=reps, seed=seed, executor=executor(), progress=progress
        )
        with _LOCK:
            BASE_RUNS[key] = cached
    return cached


def run_whatif(
    base: ScenarioHandle,
    alternative: ScenarioHandle,
    reps: int,
    seed: int,
    progress: Progress | None = None,
) -> Comparison:
    """The paired comparison of the alternative with the (cached) base on common random numbers."""
    base_result = run_base(base, reps, seed, _share(progress, 0, 2))
    alt_result = run_experiment(
        alternative.value,
        reps=reps,
        seed=seed,
        executor=executor(),
        progress=_share(progress, 1, 2),
    )
    return Comparison(base=base_result, alternatives=(alt_result,))


def _share(progress: Progress | None, part: int, parts: int) -> Progress | None:
    """Progress of one of ``parts`` runs as a part of the whole."""
    if progress is None:
        return None
    return lambda done, total: progress(part * total + done, parts * total)


def fingerprint(handle: ScenarioHandle) -> str:
    text = json.dumps(clean_json(handle.document.data), sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def baseline_checks(result: ExperimentResult) -> tuple[list[Any], str]:
    """The calibrated baseline against the Q1/2022 report's figures."""
    targets = load_targets(TARGETS)
    return check_targets(result.summary(), targets), targets.name


def scenario_toml(handle: ScenarioHandle) -> str:
    """The scenario as one self-contained TOML file (its parents merged) that loads as it is."""
    data = dict(handle.document.data)
    head = f"# {data.get('name', 'scenario')}: written by the onestop web page\n"
    return head + _toml_table(data, "")


def _toml_table(data: dict[str, Any], prefix: str) -> str:
    plain = {k: v for k, v in data.items() if not _is_table(v) and not _is_table_list(v)}
    lines = [f"{_key(k)} = {toml_value(v)}" for k, v in plain.items()]
    text = "\n".join(lines) + ("\n" if lines else "")
    for key, value in data.items():
        path = f"{prefix}.{_key(key)}" if prefix else _key(key)
        if _is_table(value):
            text += f"\n[{path}]\n" + _toml_table(value, path)
        elif _is_table_list(value):
            for item in value:
                text += f"\n[[{path}]]\n" + _toml_table(item, path)
    return text


def _is_table(value: Any) -> bool:
    return isinstance(value, dict)


def _is_table_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else json.dumps(key, ensure_ascii=False)


PROJECTED = ("late_rate", "pending", "counter_wait_mean_min.provincial_centre")


def projection_fans(
    path: Path, quarters: int, reps: int, seed: int, progress: Progress | None = None
) -> list[tuple[str, bytes]]:
    """Fan charts by quarter (late rate, backlog, counter waits) of one scenario file."""
    scenario = over_quarters(read_document(path), quarters)
    projection = run_projection(
        [scenario], reps=reps, seed=seed, executor=executor(), progress=progress
    )
    with tempfile.TemporaryDirectory() as folder:
        paths = [projection_figure(projection, Path(folder) / f"{m}.png", m) for m in PROJECTED]
        return [(metric, p.read_bytes()) for metric, p in zip(PROJECTED, paths, strict=True)]


def comparison_files(comparison: Comparison, lang: str) -> dict[str, Any]:
    """compare.xlsx, report.html (bytes) and the difference figures ((name, PNG bytes)) of a
    what-if, for the page's download buttons and images."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        workbook = write_compare_workbook(comparison, out / "compare.xlsx", lang)
        metrics = headline_metrics(comparison.base.metric_names())[:4]
        figures = compare_figures(comparison, metrics, lang, TEXT[lang]["charts"], out / "fig")
        report = write_report(comparison, figures, out / "report.html", lang)
        return {
            "compare.xlsx": workbook.read_bytes(),
            "report.html": report.read_bytes(),
            "figures": [(p.stem, p.read_bytes()) for p in figures],
        }


def figure_bytes(result: ExperimentResult) -> list[tuple[str, bytes]]:
    """A run's figures as PNG bytes (name, data), drawn in a temporary folder."""
    with tempfile.TemporaryDirectory() as folder:
        return [(p.stem, p.read_bytes()) for p in run_figures(result, Path(folder))]


def uploaded_scenario(name: str, data: bytes) -> ScenarioHandle:
    """Validate an uploaded scenario file; errors name the uploaded file, as ``check`` does.

    It is read from a hidden file beside the shipped scenarios (removed at once), so that
    ``extends = "baseline_q1_2022.toml"`` finds its parent as it would in scenarios/.
    """
    fd, temporary = tempfile.mkstemp(prefix=".upload-", suffix=".toml", dir=SCENARIOS)
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
        try:
            document = read_document(temporary)
            return ScenarioHandle(document, validate_document(document))
        except ScenarioError as error:
            raise ScenarioError(
                name if error.file == temporary else error.file,
                error.key,
                error.value,
                error.allowed,
            ) from None
    finally:
        os.unlink(temporary)


def staffing_example() -> tuple[dict[str, Any], bytes | None] | None:
    """The committed ``onestop staff`` run and its figure, or None when there is none."""
    if not STAFFING.is_file():
        return None
    figure = STAFFING_FIGURE.read_bytes() if STAFFING_FIGURE.is_file() else None
    return json.loads(STAFFING.read_text(encoding="utf-8")), figure


def watch_sites(handle: ScenarioHandle) -> list[str]:
    """The sites whose counters "Watch a day" can show."""
    return counter_site_names(handle.value)


def watch_first_day(handle: ScenarioHandle) -> date:
    return first_working_day(handle.value)


def watch_html(handle: ScenarioHandle, site: str, day: date, seed: int) -> str:
    """One day at one site's counters as an HTML animation (what ``onestop animate`` writes)."""
    view = watch_day(handle.value, site, day, seed=seed)
    title = f"{handle.name}: {site}, {day:%a %d %b %Y} (seed {seed}, replication 0)"
    return day_html(view, frame_span(view), title)
