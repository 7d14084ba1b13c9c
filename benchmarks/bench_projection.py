"""Time the projection the issue names: eight quarters, ten replications, on the cores at hand.

Runs ``onestop project scenarios/projection_2022_2024.toml --quarters 8 --reps 10 --jobs J``
once as a whole process (figures drawn, as a planner runs it) and writes its wall time, the
CPU time of it and its worker processes, and the load average to
docs/results/bench_projection.csv, from which the README's "performance-projection"
sentence is written (``python docs/readme_performance.py``). Issue 17's target is 40 s on
2 cores.

Usage: python benchmarks/bench_projection.py [--quarters 8] [--reps 10] [--jobs 2]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "scenarios" / "projection_2022_2024.toml"
CSV = ROOT / "docs" / "results" / "bench_projection.csv"
COLUMNS = ("quarters", "reps", "jobs", "seconds", "cpu_seconds", "load_average")


def timed(command: list[str]) -> tuple[float, float]:
    """Wall seconds, and CPU seconds of the command and every process it waited for."""
    before = os.times()
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = os.times()
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quarters", type=int, default=8)
    parser.add_argument("--reps", type=int, default=10)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--no-write", action="store_true", help="print only (no results file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as out:
        command = [sys.executable, "-m", "simulator", "project", str(SCENARIO), "--quiet"]
        command += ["--quarters", str(args.quarters), "--reps", str(args.reps)]
        command += ["--jobs", str(args.jobs), "--seed", "1", "--out", out]
        wall, cpu = timed(command)
    row = (args.quarters, args.reps, args.jobs, f"{wall:.1f}", f"{cpu:.1f}")
    row += (f"{os.getloadavg()[0]:.1f}",)
    print(dict(zip(COLUMNS, row, strict=True)))
    if not args.no_write:
        from simulator.output.storage import write_csv  # after the run: keep this process small

        write_csv(CSV, COLUMNS, [row])
        print(f"wrote {CSV.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
