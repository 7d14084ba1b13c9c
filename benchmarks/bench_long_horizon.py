"""Long-horizon benchmark: one year of the Kon Tum system at ten times the Q1/2022 volume.

About 2.8 million new dossiers (70,872 a quarter x 4 quarters x 10) with every counter,
staff pool and agency ten times larger, so the system is as loaded as the baseline and
only the size grows. One replication in this process; prints the wall time, the
dossiers handled and the peak resident memory (target: <= 1 GB, which holds only if
the model streams its statistics instead of keeping every dossier).

Writes docs/results/bench_long_horizon.csv (the README's Performance section quotes it:
python docs/readme_performance.py).

Usage: python benchmarks/bench_long_horizon.py [--scale 10] [--end 2022-12-31] [--no-write]
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import time
from datetime import date
from pathlib import Path

from simulator import api

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "scenarios" / "baseline_q1_2022.toml"
RESULTS = ROOT / "docs" / "results" / "bench_long_horizon.csv"
QUARTERS_PER_YEAR = 4


def scaled(base: api.Scenario, scale: int, end: date) -> api.Scenario:
    """The baseline with volume and every capacity multiplied by ``scale``."""
    data = base.document.data
    quarters = max(1, round((end - date(2022, 1, 1)).days / 91.25))
    values = {
        "horizon.end": end,
        "arrivals.expected_new": data["arrivals"]["expected_new"] * quarters * scale,
        "arrivals.carried_over": data["arrivals"]["carried_over"] * scale,
    }
    if "staff" in data["digitisation"]:  # VNPost behind the counters (else the counters scale)
        values["digitisation.staff"] = data["digitisation"]["staff"] * scale
    for level, site in data["sites"].items():
        values[f"sites.{level}.reviewers"] = site["reviewers"] * scale
        for table in ("counters", "counters_by_district"):
            for key, count in site.get(table, {}).items():
                values[f"sites.{level}.{table}.{key}"] = count * scale
    for i, agency in enumerate(data["agencies"]):
        values[f"agencies[{i}].officers"] = agency["officers"] * scale
    return base.with_values(values, name=f"long_horizon_x{scale}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=10, help="volume and capacity multiplier")
    parser.add_argument("--end", type=date.fromisoformat, default=date(2022, 12, 31))
    parser.add_argument("--no-write", action="store_true", help="print only (no results file)")
    args = parser.parse_args()
    scenario = scaled(api.load(BASELINE), args.scale, args.end)
    started, cpu_started = time.perf_counter(), time.process_time()
    results = api.run(scenario, reps=1, seed=1, jobs=1)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    summary = results.summary()
    print(
        f"{scenario.name}: 1 January - {args.end}, handled {summary['handled']['mean']:,.0f} "
        f"dossiers, late rate {summary['late_rate']['mean']:.4f}"
    )
    print(f"wall time {elapsed:.1f} s, peak memory {peak_mb:.0f} MB (target <= 1024 MB)")
    if not args.no_write:
        row = {"scale": args.scale, "end": args.end.isoformat(), "seconds": f"{elapsed:.1f}"}
        row["cpu_seconds"] = f"{cpu:.1f}"  # the wall time stretches with other work
        row |= {"peak_mb": f"{peak_mb:.0f}", "handled": round(summary["handled"]["mean"])}
        row["load_average"] = f"{os.getloadavg()[0]:.1f}"
        write_row(row)


def write_row(row: dict) -> None:
    """The results file, replaced whole (through a temporary file)."""
    temporary = RESULTS.with_suffix(".csv.tmp")
    with temporary.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(row), lineterminator="\n")
        writer.writeheader()
        writer.writerow(row)
    temporary.replace(RESULTS)


if __name__ == "__main__":
    main()
