"""Cost of `onestop calibrate --method history` on the Kon Tum baseline, and of the README run.

Runs a small history match (the README's parameters, ``--design`` points, one wave) as a
whole process and prints wall and CPU seconds per design point and per replication,
then what the README's settings cost: waves x design x reps replications, each about
the measured CPU seconds, shared by the cores (an idle-machine estimate; other work on
the cores stretches the wall time, which the load average shows).

Usage: python benchmarks/bench_history.py [--design 4] [--reps 2] [--jobs 2]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "scenarios" / "baseline_q1_2022.toml"
TARGETS = ROOT / "scenarios" / "targets_q1_2022.toml"
PARAMS = (  # the README's "Calibration uncertainty" command
    "processing.closing_lag_share=0.05:0.3",
    "processing.closing_lag.mean=0.5:3",
    "processing.returned_share=0.004:0.03",
)
README = {"design": 64, "waves": 2, "reps": 4, "cores": 2}


def measure(design: int, reps: int, jobs: int) -> tuple[float, float]:
    """Wall and CPU (user + system, workers included) seconds of one whole process."""
    with tempfile.TemporaryDirectory() as out:
        command = [sys.executable, "-m", "simulator", "calibrate", str(BASELINE)]
        command += ["--targets", str(TARGETS), "--method", "history", "--params", *PARAMS]
        command += ["--design", str(design), "--reps", str(reps), "--jobs", str(jobs)]
        command += ["--out", out, "--no-figures", "--quiet"]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--design", type=int, default=4)
    parser.add_argument("--reps", type=int, default=2)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    load = os.getloadavg()[0]
    wall, cpu = measure(args.design, args.reps, args.jobs)
    replications = args.design * args.reps
    per_rep = cpu / replications  # start-up included: a slight overestimate
    print(f"load average {load:.1f} on {os.cpu_count()} cores")
    print(
        f"{args.design} points x {args.reps} replications, --jobs {args.jobs}: wall {wall:.1f} s "
        f"({wall / args.design:.1f} s per point), CPU {cpu:.1f} s ({per_rep:.2f} s per replication)"
    )
    total = README["waves"] * README["design"] * README["reps"]
    minutes = total * per_rep / README["cores"] / 60
    print(
        f"README settings ({README['waves']} waves x {README['design']} points x "
        f"{README['reps']} replications = {total}) on {README['cores']} idle cores: "
        f"about {minutes:.0f} minutes"
    )


if __name__ == "__main__":
    main()
