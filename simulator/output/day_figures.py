"""The README's sentence on what animating one day costs, from a committed measurement.

``docs/day_still.py`` animates the README's day, takes its still and records the run
(CPU and wall seconds, file size, tickets, citizens queueing at 09:00) in
``docs/results/animate_day.json``; this module turns that record into the sentence
between the README's ``animate-day`` markers, so the figures are never typed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from simulator.output.readme_tables import replace_block
from simulator.output.storage import atomic_write_text, json_text

BLOCK = "animate-day"


def day_sentence(record: dict[str, Any]) -> str:
    """The measured cost of one animated day, as the README says it."""
    return (
        f"Measured by `docs/day_still.py` for the still above ({record['date']}, "
        f"{record['tickets']:,} tickets at the provincial centre, the model run over the whole "
        f"province up to that day): {record['cpu_s']:.1f} s of CPU, {record['wall_s']:.1f} s of "
        f"wall time (load average {record['load_average']:.1f} from other work) and a "
        f"{record['size_mb']:.1f} MB file; the 09:00 frame shows {record['queueing_0900']} "
        "citizens queueing."
    )


def write_day_record(record: dict[str, Any], results: Path, readme: Path) -> None:
    """Store the record (atomically) and rewrite the README's sentence from it."""
    atomic_write_text(results, json_text(record))
    text = readme.read_text(encoding="utf-8")
    atomic_write_text(readme, replace_block(text, BLOCK, day_sentence(record)))


def read_day_record(results: Path) -> dict[str, Any]:
    return json.loads(results.read_text(encoding="utf-8"))


__all__ = ["BLOCK", "day_sentence", "read_day_record", "write_day_record"]
