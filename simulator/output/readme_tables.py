"""Markdown tables of results for the README, regenerated from results files.

The README quotes no number by hand: each table stands between two markers
(``<!-- NAME:start -->`` and ``<!-- NAME:end -->``) and ``make baseline-table`` rewrites it
from the committed results in ``docs/results/`` (written by ``make demo``; the what-if table:
``output.whatif_table``, ``make whatif``); a test holds
the README and the committed results together.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

from simulator.output.storage import atomic_write_text
from simulator.values.metric_types import Unit
from simulator.values.metrics import label, unit_of
from simulator.values.targets import Targets

# Metrics shown below the targets: what the report does not give but a planner asks.
EXTRA = (
    "returned_or_withdrawn",
    "late_due_to_closing_lag",
    "late_due_to_processing",
    "closing_delay_mean_days",
    "closed_as_made_share",
    "counter_wait_mean_min.provincial_centre",
    "share_wait_over_30min.provincial_centre",
    "cycle_time_mean_days",
)


def baseline_table(summary: dict[str, Any], targets: Targets) -> str:
    """Simulated mean [95% CI] beside each reported figure and its tolerance."""
    metrics = summary["metrics"]
    lines = [
        "| metric | simulated mean [95% CI] | report | tolerance | fitted |",
        "|---|---|---|---|---|",
    ]
    for target in targets.targets:
        cell = _cell(metrics.get(target.metric), target.metric)
        reported = _number(target.value, target.metric)
        tolerance = _number(target.tolerance, target.metric)
        fitted = "yes" if target.informative else "no (identity of the inputs)"
        lines.append(
            f"| {label(target.metric, 'en')} (`{target.metric}`) | {cell} | {reported} "
            f"| ±{tolerance} | {fitted} |"
        )
    for metric in EXTRA:
        if metric in metrics:
            cell = _cell(metrics[metric], metric)
            lines.append(f"| {label(metric, 'en')} (`{metric}`) | {cell} | — | — | — |")
    lines.append("")
    lines.append(
        f"{summary['replications']} replications, seed {summary['seed']}, "
        f"scenario `{summary['scenario']}`."
    )
    return "\n".join(lines)


def _cell(entry: dict[str, Any] | None, metric: str) -> str:
    if entry is None or entry.get("mean") is None:
        return "—"
    low, high = entry.get("ci95_low"), entry.get("ci95_high")
    mean = _number(entry["mean"], metric)
    if low is None or high is None:
        return mean
    return f"{mean} [{_number(low, metric)}, {_number(high, metric)}]"


def _number(value: float, metric: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    unit = unit_of(metric)
    if unit is Unit.SHARE:
        return f"{value:.4f}"
    if unit is Unit.COUNT:
        return f"{value:,.0f}"
    return f"{value:,.2f}"


def replace_block(text: str, name: str, body: str) -> str:
    """The text with the block between NAME's markers replaced by ``body``."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    pattern = re.compile(re.escape(start) + r"\n(?:.*?\n)?" + re.escape(end), re.S)
    if not pattern.search(text):
        raise ValueError(f"no {start} ... {end} block")
    return pattern.sub(lambda _m: f"{start}\n{body}\n{end}", text)


def block(text: str, name: str) -> str:
    """The body between NAME's markers."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    return text.split(start, 1)[1].split(end, 1)[0].strip("\n")


def write_readme_tables(readme: Path, summary_path: Path, targets: Targets) -> None:
    """Rewrite the README's baseline table from a summary.json (atomically)."""
    summary = json.loads(summary_path.read_text(encoding="utf-8"))
    text = readme.read_text(encoding="utf-8")
    text = replace_block(text, "baseline-table", baseline_table(summary, targets))
    atomic_write_text(readme, text)
