"""Whole-process benchmark of the engine against the references in ../shared/bench.

Runs, in one session and interleaved round by round (so machine load hits all
alike): the idiomatic-SimPy, Ciw and heapq references on the tandem-77k network;
``onestop run tandem77k.toml --reps 1 --no-figures``; and, when it exists, one
replication of the Kon Tum baseline. Prints the median wall time and peak memory
of each, and the ratios the issues set targets for:

    engine / idiomatic SimPy  <= 0.7    (tandem network)
    baseline / idiomatic SimPy <= 1.5   (one Kon Tum replication), peak RSS <= 300 MB

Usage: python benchmarks/bench_tandem.py [--rounds 5] [--skip-ciw]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT.parent / "shared" / "bench"
BASELINE = ROOT / "scenarios" / "baseline_q1_2022.toml"


def measure(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MB) of one child process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"benchmark command failed: {' '.join(command)}\n{process.stderr.read()}")
    return elapsed, usage.ru_maxrss / 1024  # ru_maxrss is in kB on Linux


def cases(skip_ciw: bool, out: str) -> dict[str, list[str]]:
    reference = [sys.executable, str(BENCH / "tandem_reference.py")]
    onestop = [
        sys.executable,
        "-m",
        "simulator",
        "run",
        "--reps",
        "1",
        "--seed",
        "1",
        "--no-figures",
        "--quiet",
        "--jobs",
        "1",
    ]
    found = {
        "simpy (idiomatic reference)": [*reference, "simpy"],
        "heapq (CPython floor)": [*reference, "heapq"],
        "onestop tandem77k": [
            *onestop[:4],
            str(BENCH / "tandem77k.toml"),
            *onestop[4:],
            "--out",
            f"{out}/tandem",
        ],
    }
    if not skip_ciw:
        found["ciw (reference)"] = [*reference, "ciw"]
    if BASELINE.exists():
        found["onestop baseline (1 rep)"] = [
            *onestop[:4],
            str(BASELINE),
            *onestop[4:],
            "--out",
            f"{out}/baseline",
        ]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="runs of each case (median taken)")
    parser.add_argument("--skip-ciw", action="store_true", help="leave Ciw out (slowest)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as out:
        commands = cases(args.skip_ciw, out)
        times: dict[str, list[float]] = {name: [] for name in commands}
        memory: dict[str, list[float]] = {name: [] for name in commands}
        for round_number in range(args.rounds):
            for name, command in commands.items():
                seconds, megabytes = measure(command)
                times[name].append(seconds)
                memory[name].append(megabytes)
            print(f"round {round_number + 1}/{args.rounds} done", file=sys.stderr)
    report(times, memory)


def report(times: dict[str, list[float]], memory: dict[str, list[float]]) -> None:
    simpy = statistics.median(times["simpy (idiomatic reference)"])
    print(f"{'case':<30} {'median s':>9} {'peak MB':>8} {'/ simpy':>8}")
    for name in times:
        median = statistics.median(times[name])
        print(f"{name:<30} {median:9.2f} {max(memory[name]):8.0f} {median / simpy:8.2f}")
    engine = statistics.median(times["onestop tandem77k"]) / simpy
    print(f"\nengine on tandem77k: {engine:.2f} x idiomatic SimPy (target <= 0.70)")
    if "onestop baseline (1 rep)" in times:
        baseline = statistics.median(times["onestop baseline (1 rep)"]) / simpy
        peak = max(memory["onestop baseline (1 rep)"])
        print(
            f"Kon Tum baseline, 1 replication: {baseline:.2f} x idiomatic SimPy "
            f"(target <= 1.5), peak {peak:.0f} MB (target <= 300)"
        )


if __name__ == "__main__":
    main()
