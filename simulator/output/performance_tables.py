"""The README's Performance figures, written from the committed benchmark results.

``benchmarks/bench_tandem.py`` writes docs/results/bench_tandem.csv (whole-process times
against the ../shared/bench references, in one run), ``benchmarks/bench_scaling.py``
docs/results/bench_scaling.csv (one replication at several volumes and commune counts),
``benchmarks/bench_long_horizon.py`` docs/results/bench_long_horizon.csv,
``benchmarks/bench_profile.py`` docs/results/bench_profile.csv (where a replication's time
goes, and what its events alone cost), ``benchmarks/bench_projection.py``
docs/results/bench_projection.csv (the eight-quarter projection, timed). This module
turns them into the README's blocks (``make readme-performance``); the test of this
module fails when the README and the results disagree, so no figure there is typed by hand.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence
from pathlib import Path

from simulator.output.readme_tables import replace_block
from simulator.output.storage import atomic_write_text

# case key in bench_tandem.csv -> (what the row says, the target or "")
TANDEM_CASES = {
    "simpy": ("idiomatic SimPy (reference)", ""),
    "heapq": ("heapq event loop (CPython floor)", ""),
    "ciw": ("Ciw (reference)", ""),
    "tandem": ("`onestop run tandem77k.toml --reps 1 --no-figures`", "target ≤ 0.4"),
    "baseline": (
        "`onestop run baseline_q1_2022.toml --reps 1 --no-figures`",
        "target ≤ 0.6, ≤ 150 MB",
    ),
    "fixed_network": ("fixed cost: `onestop run tests/data/tiny_network.toml --reps 1`", ""),
    "fixed_onestop": ("fixed cost: one day of `tests/data/tiny_onestop.toml`", ""),
}
SERIES = {"volume": "the volume", "communes": "the number of commune sections"}
NOT_MEASURED = (
    "`python benchmarks/bench_long_horizon.py` runs one year at ten times the Q1/2022 volume "
    "(every capacity ten times larger; target ≤ 1 GB peak); no result is committed yet."
)
BLOCKS = (
    "performance-table",
    "performance-scaling",
    "performance-long-horizon",
    "performance-profile",
    "performance-projection",
)


def read_rows(text: str) -> list[dict[str, str]]:
    """The rows of a results CSV."""
    return list(csv.DictReader(io.StringIO(text)))


def tandem_table(rows: Sequence[dict[str, str]]) -> str:
    """The Markdown table of bench_tandem.csv, ratios bold where the issue sets a target."""
    lines = [
        f"Measured in one session ({rows[0]['rounds']} interleaved rounds, median; load average "
        f"{rows[0]['load_average']} from other work; ratios are what to compare, each the median "
        "of the rounds' own ratios):",
        "",
        "| case | median s | peak MB | / idiomatic SimPy |",
        "|---|---|---|---|",
    ]
    for row in rows:
        label, target = TANDEM_CASES.get(row["case"], (row["case"], ""))
        ratio = f"{float(row['ratio_to_simpy']):.2f}"
        ratio = f"**{ratio}** ({target})" if target else ratio
        lines.append(
            f"| {label} | {float(row['median_s']):.2f} | {float(row['peak_mb']):.0f} | {ratio} |"
        )
    return "\n".join(lines)


def exponent(sizes: Sequence[float], costs: Sequence[float]) -> float:
    """Least-squares slope of log(cost) on log(size): 1.0 is linear growth."""
    xs = [math.log(s) for s in sizes]
    ys = [math.log(c) for c in costs]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx


def scaling_paragraph(rows: Sequence[dict[str, str]]) -> str:
    """The exponents and the end points of each series of bench_scaling.csv."""
    parts = []
    for series, what in SERIES.items():
        chosen = [r for r in rows if r["series"] == series]
        if len(chosen) < 2:
            continue
        sizes = [float(r["size"]) for r in chosen]
        cpu = [float(r["cpu_seconds"]) for r in chosen]
        first, last = chosen[0], chosen[-1]
        parts.append(
            f"Against {what}, the cost exponent is **{exponent(sizes, cpu):.2f}** "
            f"({_size(series, first)}: {float(first['cpu_seconds']):.2f} s CPU, "
            f"{float(first['peak_mb']):.0f} MB peak; {_size(series, last)}: "
            f"{float(last['cpu_seconds']):.2f} s CPU, {float(last['peak_mb']):.0f} MB peak)."
        )
    total = sum(float(r["cpu_seconds"]) for r in rows)
    dearest = max(rows, key=lambda r: float(r["cpu_seconds"]))
    parts.append(
        f"The replications took {total:.0f} s of CPU in all, {float(dearest['cpu_seconds']):.0f} s "
        f"of it at {_size(dearest['series'], dearest)} {dearest['series']}."
    )
    return " ".join(parts)


def profile_paragraph(rows: Sequence[dict[str, str]]) -> str:
    """The replication's CPU time, the floors of its events and calendar, the shares by part."""
    value = {r["measure"]: r["value"] for r in rows if not r["part"]}
    cpu = float(value["replication_cpu_seconds"])
    kernel, calendar = (float(value[f"{k}_floor_cpu_seconds"]) for k in ("kernel", "calendar"))
    dossiers, events = int(value["dossiers"]), int(value["simpy_events"])
    lines = [
        f"One baseline replication took {cpu:.2f} s of CPU ({1e6 * cpu / dossiers:.0f} µs per "
        f"dossier; {dossiers:,} dossiers, {events:,} SimPy events; load average "
        f"{value['load_average']}). The same number of events through the model's event path, "
        f"with callbacks that do nothing, took {kernel:.2f} s ({kernel / cpu:.0%} of it), and "
        f"the {int(value['calendar_calls']):,} working-calendar calls it made, made again alone, "
        f"{calendar:.2f} s ({calendar / cpu:.0%}); the rest is the model's own Python. Own time "
        "by part, under cProfile:",
        "",
        "| part of the model | share of the time |",
        "|---|---|",
    ]
    shares = [(r["part"], float(r["value"])) for r in rows if r["measure"] == "profile_share"]
    for part, share in sorted(shares, key=lambda item: -item[1]):
        lines.append(f"| {part} | {share:.0%} |")
    return "\n".join(lines)


def projection_sentence(rows: Sequence[dict[str, str]]) -> str:
    """The timed projection of bench_projection.csv against the issue's 40 s."""
    row = rows[0]
    quarter_runs = int(row["quarters"]) * int(row["reps"])
    return (
        f"`python benchmarks/bench_projection.py` runs `onestop project "
        f"scenarios/projection_2022_2024.toml --quarters {row['quarters']} --reps {row['reps']} "
        f"--jobs {row['jobs']}`: {float(row['seconds']):.0f} s of wall time and "
        f"{float(row['cpu_seconds']):.0f} s of CPU ({float(row['cpu_seconds']) / quarter_runs:.1f} "
        f"s per quarter of a replication; load average {row['load_average']} at the end; "
        "target 40 s on 2 cores)."
    )


def _size(series: str, row: dict[str, str]) -> str:
    size = float(row["size"])
    return f"{size:g}x" if series == "volume" else f"{size:,.0f} sections"


def long_horizon_sentence(rows: Sequence[dict[str, str]]) -> str:
    """One sentence per run of bench_long_horizon.csv."""
    sentences = []
    for row in rows:
        cpu = f", {float(row['cpu_seconds']):.0f} s of CPU" if row.get("cpu_seconds") else ""
        sentences.append(
            f"`python benchmarks/bench_long_horizon.py` runs 1 January 2022 to {row['end']} at "
            f"{float(row['scale']):g} times the Q1/2022 volume (every capacity as much larger): "
            f"{int(row['handled']):,} dossiers in {float(row['seconds']):.0f} s of wall time{cpu} "
            f"(load average {row['load_average']} at the end, from other work) with a peak of "
            f"{float(row['peak_mb']):.0f} MB (target ≤ 1 GB)."
        )
    return " ".join(sentences)


def performance_blocks(results: Path) -> dict[str, str]:
    """Each README block's body, from the results folder."""

    def rows(name: str) -> list[dict[str, str]]:
        return read_rows((results / name).read_text(encoding="utf-8"))

    return {
        "performance-table": tandem_table(rows("bench_tandem.csv")),
        "performance-scaling": scaling_paragraph(rows("bench_scaling.csv")),
        "performance-long-horizon": (
            long_horizon_sentence(rows("bench_long_horizon.csv"))
            if (results / "bench_long_horizon.csv").exists()
            else NOT_MEASURED
        ),
        "performance-profile": profile_paragraph(rows("bench_profile.csv")),
        "performance-projection": projection_sentence(rows("bench_projection.csv")),
    }


def write_performance(readme: Path, results: Path) -> None:
    """Rewrite the README's Performance blocks from the results folder (atomically)."""
    text = readme.read_text(encoding="utf-8")
    for name, body in performance_blocks(results).items():
        text = replace_block(text, name, body)
    atomic_write_text(readme, text)
