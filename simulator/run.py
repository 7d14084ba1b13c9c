"""One replication: a scenario, a seed and a replication number in; metrics out.

No printing and no files here; the same inputs always give the same metrics,
whichever process runs them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from simulator.document import ScenarioKind
from simulator.streams import Streams


@dataclass(frozen=True, kw_only=True)
class ReplicationResult:
    replication: int
    metrics: dict[str, float]
    wall_time: float  # seconds; lives only in the manifest, never in the summaries


def run_replication(
    scenario: Any, seed: int, replication: int, **options: Any
) -> ReplicationResult:
    """Simulate replication ``replication`` of ``scenario`` with the streams of ``seed``."""
    started = time.perf_counter()
    streams = Streams(seed, replication)
    metrics = _simulator_for(scenario.kind)(scenario, streams, **options)
    return ReplicationResult(
        replication=replication, metrics=metrics, wall_time=time.perf_counter() - started
    )


def _simulator_for(kind: ScenarioKind):
    # Imported here so that a network run never pays for importing the Kon Tum model.
    if kind is ScenarioKind.NETWORK:
        from simulator.model.network import simulate
    else:
        from simulator.model.onestop import simulate
    return simulate
