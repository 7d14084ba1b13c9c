"""The README's what-if table and figures, written from the committed results of ``make whatif``.

``make whatif`` runs ``onestop compare`` on the scenarios of ``scenarios/whatif.list`` (the
first is the base; the Makefile reads the list, nothing else names them) and then
``docs/whatif_table.py``, which calls ``write_whatif``: it copies the two small files the
table needs (``compare.csv`` and the base's ``summary.json``) to ``docs/results/whatif/``,
draws ``docs/figures/whatif_<metric>.png`` from them and rewrites the README between
``<!-- whatif-table:start -->`` and ``<!-- whatif-table:end -->``. Every write is atomic.
tests/test_readme_tables.py fails when the README and the committed results disagree.

The columns are data: a metric absent from the results (say, an online review metric
that an older model does not write) is left out, not shown empty.
"""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simulator.output.charts import save_figure
from simulator.output.plots import difference_chart
from simulator.output.readme_tables import replace_block
from simulator.output.storage import atomic_write_text
from simulator.values.metrics import label_with_unit

MINUS = "\u2212"
BLOCK = "whatif-table"
COMPARE_FILE = "compare.csv"


@dataclass(frozen=True, kw_only=True)
class Column:
    """One metric of the table: its heading and how its numbers are shown."""

    metric: str
    title: str
    scale: float = 1.0  # 100: a share shown in percentage points
    digits: int = 0
    percent: bool = False  # the base mean as a percentage


COLUMNS = (
    Column(metric="late_rate", title="late rate (points)", scale=100, digits=2, percent=True),
    Column(
        metric="counter_wait_mean_min.provincial_centre",
        title="counter wait, provincial centre (min)",
        digits=1,
    ),
    Column(metric="pending_within_deadline", title="pending within deadline, 31 March"),
    Column(metric="pending_awaiting_review", title="online dossiers awaiting review, 31 March"),
    Column(
        metric="online_review_over_limit_share",
        title="online reviews over 8 working hours (points)",
        scale=100,
        digits=1,
        percent=True,
    ),
    Column(metric="travel_hours_total", title="citizens' travel hours"),
)


@dataclass(frozen=True, kw_only=True)
class WhatifFiles:
    """Where ``write_whatif`` reads and writes (the Makefile's defaults, or a test's folder)."""

    compare: Path  # the output folder of onestop compare
    results: Path  # docs/results/whatif
    figures: Path  # docs/figures
    readme: Path


def read_list(path: Path) -> list[Path]:
    """The scenario files of a what-if list: one a line, relative to the list, # comments."""
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").split("\n"))
    return [path.parent / line for line in lines if line]


def read_compare(text: str) -> list[dict[str, str]]:
    """The rows of a compare.csv."""
    return list(csv.DictReader(io.StringIO(text)))


def scenarios_of(rows: list[dict[str, str]]) -> list[str]:
    """The alternatives of a compare.csv, in its order."""
    return list(dict.fromkeys(row["scenario"] for row in rows))


def columns_of(summary: dict[str, Any]) -> list[Column]:
    """The table's columns whose metric the results hold."""
    return [c for c in COLUMNS if c.metric in summary["metrics"]]


def whatif_table(rows: list[dict[str, str]], summary: dict[str, Any]) -> str:
    """The base's means, then ALT - BASE [95% CI] per alternative and metric."""
    columns = columns_of(summary)
    found = {(row["scenario"], row["metric"]): row for row in rows}
    lines = [
        "| scenario | " + " | ".join(c.title for c in columns) + " |",
        "|---" * (len(columns) + 1) + "|",
        f"| **{summary['scenario']}** (mean) | "
        + " | ".join(_base(summary["metrics"][c.metric], c) for c in columns)
        + " |",
    ]
    for name in scenarios_of(rows):
        cells = [_difference(found.get((name, c.metric)), c) for c in columns]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += [
        "",
        f"{summary['replications']} replications, seed {summary['seed']}, "
        f"base `{summary['scenario']}`.",
    ]
    return "\n".join(lines)


def _value(text: str | None) -> float | None:
    return float(text) if text not in (None, "") else None


def _base(entry: dict[str, Any], column: Column) -> str:
    mean = entry.get("mean")
    if mean is None or math.isnan(mean):
        return "—"
    if column.percent:
        return f"{mean * column.scale:.{column.digits}f}%"
    return _number(mean * column.scale, column.digits)


def _number(value: float, digits: int, sign: bool = False) -> str:
    text = f"{value:{'+' if sign else ''},.{digits}f}"
    if value == 0:  # exactly 0 has no sign; a bound just below 0 keeps its minus ("-0.00")
        text = text.lstrip("+-")
    return text.replace("-", MINUS)


def _difference(row: dict[str, str] | None, column: Column) -> str:
    """ "+d [low, high]", with "n.s." when the interval holds 0; "same": 0 in every pair."""
    if row is None or _value(row["diff_mean"]) is None:
        return "—"
    mean, low, high = (_value(row[k]) for k in ("diff_mean", "diff_ci95_low", "diff_ci95_high"))
    if mean == 0 and low in (0, None) and high in (0, None):
        return "same"
    text = _number(mean * column.scale, column.digits, sign=True)
    if low is not None and high is not None:
        bounds = (_number(v * column.scale, column.digits) for v in (low, high))
        text += " [{}, {}]".format(*bounds)
    return text if row["significant"] == "true" else text + " n.s."


@dataclass(frozen=True)
class _Difference:  # what difference_chart reads of a paired difference
    diff_mean: float | None
    diff_ci95_low: float | None
    diff_ci95_high: float | None
    significant: bool


def whatif_figures(rows: list[dict[str, str]], summary: dict[str, Any], figures: Path) -> None:
    """whatif_<metric>.png: each alternative's difference from the base, for each column."""
    for column in columns_of(summary):
        differences = {
            row["scenario"]: _Difference(
                *(_value(row[k]) for k in ("diff_mean", "diff_ci95_low", "diff_ci95_high")),
                row["significant"] == "true",
            )
            for row in rows
            if row["metric"] == column.metric
        }
        if differences:
            title = f"Differences from {summary['scenario']} (95% intervals; red = significant)"
            figure = difference_chart(
                column.metric, label_with_unit(column.metric, "en"), differences, title
            )
            save_figure(figure, figures / f"whatif_{column.metric}.png")


def write_whatif(files: WhatifFiles) -> None:
    """Copy the compare results, draw the figures and rewrite the README's table."""
    base = json.loads((files.compare / "compare.json").read_text(encoding="utf-8"))["base"]
    compare = (files.compare / COMPARE_FILE).read_text(encoding="utf-8")
    summary_text = (files.compare / base / "summary.json").read_text(encoding="utf-8")
    atomic_write_text(files.results / COMPARE_FILE, compare)
    atomic_write_text(files.results / "base.summary.json", summary_text)
    rows, summary = read_compare(compare), json.loads(summary_text)
    whatif_figures(rows, summary, files.figures)
    text = files.readme.read_text(encoding="utf-8")
    atomic_write_text(files.readme, replace_block(text, BLOCK, whatif_table(rows, summary)))
