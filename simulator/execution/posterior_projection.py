"""Projections over the parameter sets a history match accepted.

``onestop project --posterior FILE --draws K`` runs every projected scenario once per
chosen parameter set (``Posterior.draws``: K accepted sets, evenly spaced in file
order), R replications each. All sets use the same seed and replication numbers
(common random numbers), so the sets differ only through their parameters. The
combined result of a scenario holds the K x R replications (renumbered set by set:
set k's replication r becomes k x R + r), so ``projection.csv`` and the fan chart
show replication noise and parameter uncertainty together; ``uncertainty_table``
splits them (``analysis.projection_uncertainty``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from simulator.analysis.projection_uncertainty import COLUMNS as UNCERTAINTY_COLUMNS
from simulator.analysis.projection_uncertainty import uncertainty_rows
from simulator.execution.executors import IN_PROCESS, Executor, Progress, open_executor
from simulator.execution.experiment import ExperimentResult, run_experiments
from simulator.execution.projection_run import Projection, over_quarters
from simulator.values.document import Document, get_key_path, with_overrides
from simulator.values.errors import ScenarioError
from simulator.values.posterior import ParameterSet, Posterior

UNCERTAINTY_CSV_COLUMNS = ("scenario", *UNCERTAINTY_COLUMNS)


@dataclass(frozen=True)
class PosteriorProjection(Projection):
    """A Projection whose results combine every parameter set; ``runs`` keeps them apart."""

    draws: tuple[ParameterSet, ...] = ()
    runs: tuple[tuple[ExperimentResult, ...], ...] = ()  # per scenario, per set
    posterior: str = ""  # the posterior file

    def uncertainty_table(self) -> list[tuple[Any, ...]]:
        """Rows of ``UNCERTAINTY_CSV_COLUMNS``: replication noise and parameter spread apart."""
        return [
            (combined.scenario.name, *row)
            for combined, runs in zip(self.results, self.runs, strict=True)
            for row in uncertainty_rows(runs)
        ]

    def uncertainty_by_scenario(self) -> dict[str, list[tuple[Any, ...]]]:
        return {
            combined.scenario.name: uncertainty_rows(runs)
            for combined, runs in zip(self.results, self.runs, strict=True)
        }


def with_parameters(document: Document, chosen: ParameterSet, posterior: Posterior) -> Document:
    """The document with one accepted set's values; a parameter it lacks is named."""
    for path in posterior.parameters:
        try:
            get_key_path(document.data, path)
        except (KeyError, ValueError):
            allowed = f"the posterior's parameter is not a key of {document.path}"
            raise ScenarioError(posterior.source, path, chosen.values[path], allowed) from None
    return with_overrides(document, chosen.values, posterior.source)


@dataclass(frozen=True, kw_only=True)
class PosteriorPlan:
    """The validated scenarios to run: per projected scenario, one per chosen set."""

    draws: tuple[ParameterSet, ...]
    scenarios: tuple[tuple[Any, ...], ...]
    source: str  # the posterior file


def plan_posterior_projection(
    documents: list[Document], posterior: Posterior, *, draws: int, quarters: int
) -> PosteriorPlan:
    """Every set of every scenario, validated before the first replication runs."""
    chosen = posterior.draws(draws)
    scenarios = tuple(
        tuple(over_quarters(with_parameters(d, draw, posterior), quarters) for draw in chosen)
        for d in documents
    )
    names: set[str] = set()
    for variants in scenarios:
        if variants[0].name in names:
            allowed = "must differ from the other projected scenarios' names (set name = ...)"
            raise ScenarioError(variants[0].source, "name", variants[0].name, allowed)
        names.add(variants[0].name)
    return PosteriorPlan(draws=chosen, scenarios=scenarios, source=posterior.source)


def run_posterior_projection(
    plan: PosteriorPlan,
    *,
    reps: int,
    seed: int,
    executor: Executor = IN_PROCESS,
    progress: Progress | None = None,
) -> PosteriorProjection:
    """R replications of each planned scenario, every set on the same seed (CRN).

    All sets of all scenarios go to the executor at once (opened once), so every worker
    stays busy to the last task; progress counts replications.
    """
    flat = [s for variants in plan.scenarios for s in variants]
    with open_executor(executor, tasks=reps * len(flat)) as session:
        results = iter(
            run_experiments(flat, reps=reps, seed=seed, session=session, progress=progress)
        )
    runs = tuple(tuple(next(results) for _ in variants) for variants in plan.scenarios)
    return PosteriorProjection(
        tuple(_combine(sets) for sets in runs), draws=plan.draws, runs=runs, posterior=plan.source
    )


def _combine(sets: tuple[ExperimentResult, ...]) -> ExperimentResult:
    """One result of all sets' replications, renumbered k x R + r (set k, replication r)."""
    reps = len(sets[0].replications)
    replications = tuple(
        replace(r, replication=k * reps + i)
        for k, result in enumerate(sets)
        for i, r in enumerate(result.replications)
    )
    return replace(sets[0], replications=replications, wall_time=sum(s.wall_time for s in sets))
