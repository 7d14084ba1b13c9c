"""Running projections: scenarios over Q quarters, replications, tidy rows, CSV and fan chart.

Used by ``onestop project`` and ``api.project``. A scenario's horizon is replaced by
``quarters`` quarters from its start (``[horizon] quarters``), so ``expected_new`` keeps
meaning the first quarter's volume (``model.onestop_trend_arrivals``). Every scenario
runs on the same seed and replication numbers (common random numbers), so the
differences between their projections are not noise of different draws.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from simulator.analysis.projection import COLUMNS, projection_rows
from simulator.execution.executors import IN_PROCESS, Executor, Progress, open_executor
from simulator.execution.experiment import ExperimentResult, run_experiments
from simulator.values.document import Document, with_overrides
from simulator.values.errors import ScenarioError
from simulator.values.scenario import validate_document

# DOMAIN.md: Q1/2022, 4,284 of the 69,323 resolved dossiers were late (6.18%).
REPORTED_LATE_RATE = {"2022Q1": 4284 / 69323}
CSV_COLUMNS = ("scenario", *COLUMNS)
QUARTERS_SOURCE = "--quarters"
MAX_QUARTERS = 12  # the model's horizon is at most three years


def over_quarters(document: Document, quarters: int) -> Any:
    """The document's scenario with its horizon set to ``quarters`` quarters from its start."""

    if document.data.get("kind") != "onestop":
        raise ScenarioError(
            str(document.path), "kind", document.data.get("kind"), "projections need onestop"
        )
    if not 1 <= quarters <= MAX_QUARTERS:
        raise ScenarioError(QUARTERS_SOURCE, "", quarters, f"must be 1 to {MAX_QUARTERS}")
    return validate_document(with_overrides(document, {"horizon.quarters": quarters}, "--quarters"))


@dataclass(frozen=True)
class Projection:
    """Replications of each scenario over the same quarters."""

    results: tuple[ExperimentResult, ...]

    def by_scenario(self) -> dict[str, list[tuple[Any, ...]]]:
        """Tidy rows (``projection.COLUMNS``) per scenario name, for tables and fan charts."""
        return {r.scenario.name: projection_rows(r) for r in self.results}

    def table(self) -> list[tuple[Any, ...]]:
        """Rows of ``CSV_COLUMNS``: scenario, quarter, metric, mean, CI and bands."""
        return [(name, *row) for name, rows in self.by_scenario().items() for row in rows]

    def rows(self) -> list[dict[str, Any]]:
        """The table as plain dicts."""
        return [dict(zip(CSV_COLUMNS, row, strict=True)) for row in self.table()]


def run_projection(
    scenarios: list[Any],
    *,
    reps: int,
    seed: int,
    executor: Executor = IN_PROCESS,
    progress: Progress | None = None,
) -> Projection:
    """Replications of each (already horizon-set) scenario on common random numbers."""
    seen: set[str] = set()
    for scenario in scenarios:
        if scenario.name in seen:
            allowed = "must differ from the other projected scenarios' names (set name = ...)"
            raise ScenarioError(scenario.source, "name", scenario.name, allowed)
        seen.add(scenario.name)
    with open_executor(executor, tasks=reps * len(scenarios)) as session:
        results = run_experiments(
            scenarios, reps=reps, seed=seed, session=session, progress=progress
        )
    return Projection(tuple(results))
