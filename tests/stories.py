"""Helpers the story tests share: a small scenario with edits, a run of chosen dossiers, and
the text of a one-desk M/M/c network for comparison and report tests."""

from __future__ import annotations

from pathlib import Path

from simulator.model.onestop import TRACE_COLUMNS, OnestopModel
from simulator.streams import Streams
from simulator.values.scenario import load_scenario

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "tests" / "data" / "onestop_small.toml"


def edited_scenario(write_scenario, *edits: tuple[str, str], extra: str = ""):
    """The small scenario with each (old, new) text replaced once (old must be there)."""
    text = SMALL.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    return load_scenario(write_scenario(text + extra))


def run_dossiers(scenario, dossiers):
    """Run the given (at, group, channel, district) dossiers: metrics, rows by seq, calendar."""
    rows = []
    model = OnestopModel(scenario, Streams(1, 0), trace=rows.append)
    for dossier in dossiers:
        model.submit(*dossier)
    metrics = model.run()
    rows = [dict(zip(TRACE_COLUMNS, row, strict=True)) for row in sorted(rows)]
    return metrics, rows, model.calendar


def desk_network(name: str, servers: int, customers: int, warmup: int = 0) -> str:
    """A one-desk M/M/c network's scenario text: arrival rate 2.5, mean service 1."""
    warmup_line = f"warmup_customers = {warmup}\n" if warmup else ""
    return (
        f'kind = "network"\nname = "{name}"\ndescription = "{servers} desks"\n'
        f"[run]\ncustomers = {customers}\n{warmup_line}"
        '[arrivals]\nstation = "desk"\ninterarrival = { dist = "exponential", mean = 0.4 }\n'
        f'[[stations]]\nname = "desk"\nservers = {servers}\n'
        'service = { dist = "exponential", mean = 1.0 }\n'
    )
