"""Compare scenarios on common random numbers: paired differences ALT - BASE per metric.

Every scenario runs replications 0..N-1 with the same seed, so replication r of each
draws from the same named streams wherever the scenarios share structure (common
random numbers). The difference of replication r's metric is then a paired
observation, and its Student-t interval is far narrower than that of two
independent runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from simulator.analysis.stats import PairedDifference, paired_difference
from simulator.execution.executors import IN_PROCESS, Executor, Progress, open_executor
from simulator.execution.experiment import ExperimentResult, run_experiments
from simulator.values.errors import ScenarioError

COLUMNS = (
    "scenario",
    "metric",
    "base_mean",
    "alt_mean",
    "diff_mean",
    "diff_ci95_low",
    "diff_ci95_high",
    "significant",
)


@dataclass(frozen=True, kw_only=True)
class Comparison:
    base: ExperimentResult
    alternatives: tuple[ExperimentResult, ...]

    def differences(self, alternative: ExperimentResult) -> dict[str, PairedDifference]:
        """ALT - BASE for every metric both scenarios report, in the base's metric order."""
        shared = [m for m in self.base.metric_names() if m in set(alternative.metric_names())]
        return {m: paired_difference(self.base.values(m), alternative.values(m)) for m in shared}

    def rows(self) -> list[tuple[Any, ...]]:
        """The compare.csv rows: one per alternative scenario and metric."""
        rows = []
        for alternative in self.alternatives:
            for metric, d in self.differences(alternative).items():
                rows.append(
                    (
                        alternative.scenario.name,
                        metric,
                        d.base_mean,
                        d.alt_mean,
                        d.diff_mean,
                        d.diff_ci95_low,
                        d.diff_ci95_high,
                        d.significant,
                    )
                )
        return rows

    def document(self) -> dict[str, Any]:
        """The compare.json content: deterministic for the same files and seed."""
        return {
            "base": self.base.scenario.name,
            "seed": self.base.seed,
            "replications": len(self.base.replications),
            "alternatives": {
                alt.scenario.name: {m: d.to_dict() for m, d in self.differences(alt).items()}
                for alt in self.alternatives
            },
        }


def check_comparable(base: Any, alternatives: list[Any]) -> None:
    """Scenarios compared must be of one kind (else no metric pairs) with distinct names
    (each has its own results folder)."""
    seen = {base.name}
    for alternative in alternatives:
        if alternative.kind is not base.kind:  # their metrics differ: nothing to pair
            allowed = f"kinds differ: the base {base.source} is kind = {base.kind.value!r}"
            raise ScenarioError(alternative.source, "kind", alternative.kind.value, allowed)
        if alternative.name in seen:
            allowed = "must differ from the other compared scenarios' names (set name = ...)"
            raise ScenarioError(alternative.source, "name", alternative.name, allowed)
        seen.add(alternative.name)


def run_comparison(
    base: Any,
    alternatives: list[Any],
    *,
    reps: int,
    seed: int,
    executor: Executor = IN_PROCESS,
    progress: Progress | None = None,
) -> Comparison:
    """Run the base and each alternative with the same seed and replication numbers.

    The executor is opened once and given every scenario's replications together.
    """
    check_comparable(base, alternatives)
    scenarios = [base, *alternatives]
    with open_executor(executor, tasks=reps * len(scenarios)) as session:
        results = run_experiments(
            scenarios, reps=reps, seed=seed, session=session, progress=progress
        )
    return Comparison(base=results[0], alternatives=tuple(results[1:]))
