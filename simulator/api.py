"""The Python API for researchers: load a scenario, change values, run, get tables.

    from simulator import api
    base = api.load("scenarios/baseline_q1_2022.toml")
    online = base.with_values({"channels.online": 0.30}, name="online_30")
    results = api.run(online, reps=10, seed=1, jobs=2)   # or dask="tcp://host:8786" / "local"
    results.summary()["late_rate"]          # {"mean": ..., "ci95_low": ..., ...}
    results.to_pandas()                     # DataFrame, one row per metric (needs pandas)
    api.compare(base, [online], reps=10).to_pandas()
    api.project(api.load("scenarios/projection_2022_2024.toml"), quarters=8, reps=10).to_pandas()
    api.validate(base, "scenarios/targets_q1_2022.toml", reps=10).to_pandas()
    api.project(..., posterior="calibration_posterior.csv", draws=10).uncertainty_rows()

Everything is plain Python and numpy; ``to_pandas()`` imports pandas only when called.
``jobs`` and ``dask`` choose where replications run, as ``--jobs`` and ``--dask`` do on
the command line (``executors.Executor.from_options``); the results are the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from simulator.analysis.validation import (
    VALIDATION_COLUMNS,
    TargetCheck,
    check_targets,
    require_metrics,
)
from simulator.execution.compare import COLUMNS, Comparison, run_comparison
from simulator.execution.executors import Executor
from simulator.execution.experiment import ExperimentResult, run_experiment
from simulator.execution.posterior_projection import (
    UNCERTAINTY_CSV_COLUMNS,
    plan_posterior_projection,
    run_posterior_projection,
)
from simulator.execution.projection_run import over_quarters, run_projection
from simulator.output.projection_output import projection_figure
from simulator.values.posterior import Posterior, load_posterior
from simulator.values.scenario import ScenarioHandle, open_scenario
from simulator.values.targets import load_targets

# A validated scenario with its document (so values can change by key path).
Scenario = ScenarioHandle


def load(path: str | Path) -> Scenario:
    """Read and validate a scenario file (raises ScenarioError naming the bad key)."""
    return open_scenario(path)


@dataclass(frozen=True)
class Results:
    """Replications of one scenario: summary with CIs and the per-replication table."""

    experiment: ExperimentResult

    def summary(self) -> dict[str, dict[str, Any]]:
        return {name: s.to_dict() for name, s in self.experiment.summary().items()}

    def values(self, metric: str) -> np.ndarray:
        return np.asarray(self.experiment.values(metric), dtype=float)

    def replications(self) -> list[dict[str, Any]]:
        """Tidy rows: replication, metric, value."""
        return [
            {"replication": r.replication, "metric": name, "value": value}
            for r in self.experiment.replications
            for name, value in r.metrics.items()
        ]

    def to_pandas(self) -> Any:
        """The summary as a DataFrame indexed by metric."""
        import pandas as pd

        return pd.DataFrame.from_dict(self.summary(), orient="index").rename_axis("metric")

    def replications_to_pandas(self) -> Any:
        import pandas as pd

        return pd.DataFrame(self.replications())


def run(
    scenario: Scenario, *, reps: int = 10, seed: int = 1, jobs: int = 1, dask: str | None = None
) -> Results:
    """Replications 0 .. reps-1 on ``jobs`` processes, or on Dask (an address or "local")."""
    executor = Executor.from_options(jobs, dask)
    return Results(run_experiment(scenario.value, reps=reps, seed=seed, executor=executor))


@dataclass(frozen=True)
class ComparisonResults:
    comparison: Comparison

    def rows(self) -> list[dict[str, Any]]:
        return [dict(zip(COLUMNS, row, strict=True)) for row in self.comparison.rows()]

    def to_pandas(self) -> Any:
        import pandas as pd

        return pd.DataFrame(self.rows())


def compare(
    base: Scenario,
    alternatives: list[Scenario],
    *,
    reps: int = 10,
    seed: int = 1,
    jobs: int = 1,
    dask: str | None = None,
) -> ComparisonResults:
    """Paired differences ALT - BASE on common random numbers."""
    values = [a.value for a in alternatives]
    executor = Executor.from_options(jobs, dask)
    return ComparisonResults(
        run_comparison(base.value, values, reps=reps, seed=seed, executor=executor)
    )


@dataclass(frozen=True)
class ProjectionResults:
    """Per-quarter projections of one or more scenarios (see ``projection_run``)."""

    projection: Any  # projection_run.Projection

    def rows(self) -> list[dict[str, Any]]:
        """Tidy rows: scenario, quarter, metric, mean, ci95_low, ci95_high, p05, p95, p25..p75."""
        return self.projection.rows()

    def to_pandas(self) -> Any:
        import pandas as pd

        return pd.DataFrame(self.rows())

    def results(self) -> dict[str, Results]:
        """Each scenario's replications (all metrics, whole run and per quarter)."""
        return {r.scenario.name: Results(r) for r in self.projection.results}

    def uncertainty_rows(self) -> list[dict[str, Any]]:
        """Over a posterior: replication noise and parameter spread apart (else empty)."""
        table = getattr(self.projection, "uncertainty_table", None)
        if table is None:
            return []
        return [dict(zip(UNCERTAINTY_CSV_COLUMNS, row, strict=True)) for row in table()]

    def fan_chart(self, path: str | Path, metric: str = "late_rate") -> Path:
        """A fan chart of ``metric``, all scenarios (late rate: the Q1/2022 report marked)."""

        return projection_figure(self.projection, Path(path), metric)


def project(
    scenarios: Scenario | list[Scenario],
    *,
    quarters: int = 8,
    reps: int = 10,
    seed: int = 1,
    jobs: int = 1,
    dask: str | None = None,
    posterior: str | Path | Posterior | None = None,
    draws: int = 10,
) -> ProjectionResults:
    """Run scenarios over ``quarters`` quarters from their start (common random numbers).

    With ``posterior`` (a calibration_posterior.csv or a loaded Posterior), each scenario
    runs ``reps`` replications for each of ``draws`` accepted parameter sets.
    """

    chosen = [scenarios] if isinstance(scenarios, Scenario) else list(scenarios)
    executor = Executor.from_options(jobs, dask)
    if posterior is not None:
        if not isinstance(posterior, Posterior):
            posterior = load_posterior(posterior)
        documents = [s.document for s in chosen]
        plan = plan_posterior_projection(documents, posterior, draws=draws, quarters=quarters)
        return ProjectionResults(
            run_posterior_projection(plan, reps=reps, seed=seed, executor=executor)
        )
    values = [over_quarters(s.document, quarters) for s in chosen]
    return ProjectionResults(run_projection(values, reps=reps, seed=seed, executor=executor))


@dataclass(frozen=True)
class ValidationResults:
    """A scenario's replications set against a targets file (see ``analysis.validation``)."""

    results: Results
    checks: tuple[TargetCheck, ...]

    def rows(self) -> list[dict[str, Any]]:
        """One row per target: the columns of ``validation.csv``."""
        return [dict(zip(VALIDATION_COLUMNS, c.row(), strict=True)) for c in self.checks]

    def to_pandas(self) -> Any:
        import pandas as pd

        return pd.DataFrame(self.rows())


def validate(
    scenario: Scenario,
    targets: str | Path,
    *,
    reps: int = 10,
    seed: int = 1,
    jobs: int = 1,
    dask: str | None = None,
) -> ValidationResults:
    """Run the scenario and compare it with each target (a metric it lacks raises ScenarioError)."""
    wanted = load_targets(targets)
    results = run(scenario, reps=reps, seed=seed, jobs=jobs, dask=dask)
    summary = results.experiment.summary()
    require_metrics(summary, wanted)
    return ValidationResults(results, tuple(check_targets(summary, wanted)))
