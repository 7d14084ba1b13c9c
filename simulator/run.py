"""One replication: a scenario, a seed and a replication number in; metrics out.

No printing and no files here; the same inputs always give the same metrics,
whichever process runs them.
"""

from __future__ import annotations

import time
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from simulator.streams import Streams
from simulator.values.document import ScenarioKind
from simulator.values.errors import SimulatorError


@dataclass(frozen=True, kw_only=True)
class ReplicationResult:
    replication: int
    metrics: dict[str, float]
    wall_time: float  # seconds; lives only in the manifest, never in the summaries


def run_replication(
    scenario: Any, seed: int, replication: int, trace: Any = None, events: Any = None
) -> ReplicationResult:
    """Simulate replication ``replication`` of ``scenario`` with the streams of ``seed``.

    ``trace``, if given, is a sink with ``open(replication, columns)`` giving a
    function that takes one row per dossier (storage.TraceSink writes them to disk);
    ``events`` a sink of the same kind for the event log (one row per step of a dossier).
    """
    started = time.perf_counter()
    streams = Streams(seed, replication)
    simulate = _simulator_for(scenario.kind)
    if trace is None and events is None:
        metrics = simulate(scenario, streams)
    else:
        with ExitStack() as sinks:
            write = None
            if trace is not None:
                write = sinks.enter_context(_open(trace, replication, scenario))
            if events is None:
                metrics = simulate(scenario, streams, trace=write)
            else:
                rows = sinks.enter_context(events.open(replication, _event_columns(scenario.kind)))
                metrics = _with_events(scenario, streams, rows, write)
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


def _open(trace: Any, replication: int, scenario: Any):
    return trace.open(replication, _trace_columns(scenario.kind))


def _with_events(scenario: Any, streams: Streams, rows: Any, trace: Any) -> dict[str, float]:
    """A one-stop replication whose steps go to ``rows`` with real date-times."""
    from simulator.model.onestop_events import events_model, file_row

    start = datetime.combine(scenario.start, datetime.min.time())
    return events_model(scenario, streams, lambda row: rows(file_row(row, start)), trace).run()


def _event_columns(kind: ScenarioKind) -> tuple[str, ...]:
    if kind is not ScenarioKind.ONESTOP:
        raise SimulatorError(f"an event log is available for onestop scenarios, not {kind.value}")
    from simulator.model.onestop_events import EVENT_COLUMNS

    return EVENT_COLUMNS


def _trace_columns(kind: ScenarioKind) -> tuple[str, ...]:
    if kind is not ScenarioKind.ONESTOP:
        raise SimulatorError(f"a trace is available for onestop scenarios, not {kind.value}")
    from simulator.model.onestop import TRACE_COLUMNS

    return TRACE_COLUMNS
