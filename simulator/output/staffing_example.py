"""The README's "How many staff?" block, written from a committed ``onestop staff`` run.

``make staffing-example`` runs ``onestop staff`` and then ``docs/staffing_example.py``,
which copies its files to ``docs/results/staffing/`` (and the figure to
``docs/figures/staffing_example.png``) and rewrites the README between the
``staffing-example`` markers from the copied ``staffing.json`` alone, so that
tests/test_readme_tables.py can hold the README and the committed results together.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from simulator.output.readme_tables import replace_block
from simulator.output.storage import atomic_write_bytes, atomic_write_text

BLOCK = "staffing-example"
COPIED = ("staffing.csv", "targets.csv", "steps.csv", "staffing.json")


def copy_staffing_results(staff: Path, results: Path, figure: Path) -> None:
    """The run's tables to ``results`` and its figure to ``figure`` (each atomically)."""
    results.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        atomic_write_bytes(results / name, (staff / name).read_bytes())
    drawn = staff / "figures" / "staffing.png"
    if drawn.is_file():
        figure.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(figure, drawn.read_bytes())
    for answer in sorted(staff.glob("*_staffed.toml")):
        text = moved_extends(answer.read_text(encoding="utf-8"), staff, results)
        atomic_write_text(results / answer.name, text)


def moved_extends(text: str, source: Path, destination: Path) -> str:
    """The answer scenario's ``extends`` line, relative to the folder it is copied to."""
    lines = text.splitlines(keepends=True)
    for index, line in enumerate(lines):
        if line.startswith("extends = "):
            parent = (source / json.loads(line.split("=", 1)[1].strip())).resolve()
            relative = Path(os.path.relpath(parent, destination.resolve())).as_posix()
            lines[index] = f"extends = {json.dumps(relative)}\n"
            break
    return "".join(lines)


def staffing_block(summary: dict[str, Any]) -> str:
    """The README text: counts before and after, the targets, the cost and the effort."""
    start = summary["steps"][0]["staffing"]
    before = dict(part.split("=") for part in start.split(" "))
    lines = ["| counter pool | start | found |", "|---|---|---|"]
    for key, count in summary["staffing"].items():
        lines.append(f"| `{key}` | {before[key]} | **{count}** |")
    lines += ["", "| target | replications | mean [95% CI] | one-sided 95% bound | met |"]
    lines.append("|---|---|---|---|---|")
    for row in summary["targets"]:
        operator = "<=" if row["direction"] == "at_most" else ">="
        interval = f"{row['mean']:.4f} [{row['ci95_low']:.4f}, {row['ci95_high']:.4f}]"
        lines.append(
            f"| `{row['metric']}` {operator} {row['limit']:g} | {row['check']} "
            f"{row['replications']} | {interval} | {row['bound95_one_sided']:.4f} | "
            f"{'yes' if row['met'] else 'no'} |"
        )
    added = sum(summary["staffing"].values()) - sum(int(v) for v in before.values())
    first = summary["steps"][0]
    at_start = f"at the start {first['target_means']}: {'met' if first['met'] else 'not met'}"
    verdict = "passed" if summary["final_check_passed"] else "did **not** pass"
    lines += [
        "",
        f"Targets {at_start}. {added:+d} counter(s), cost {summary['cost']:g}; "
        f"stopped: {summary['stopped']}; the "
        f"check on fresh replications {verdict}. {summary['evaluations']} evaluations "
        f"(scenario x replication) in {summary['wall_time_seconds']:.0f} s of wall time "
        f"(seed {summary['seed']}, {summary['replications']} replications per step, "
        f"{summary['final_replications']} fresh ones).",
    ]
    return "\n".join(lines)


def write_staffing_example(readme: Path, summary_path: Path) -> None:
    summary = json.loads(summary_path.read_text(encoding="utf-8"))
    text = replace_block(readme.read_text(encoding="utf-8"), BLOCK, staffing_block(summary))
    atomic_write_text(readme, text)
