"""Whole-process benchmark of the engine against the references in ../shared/bench.

Runs, in one session and interleaved round by round (so machine load hits all
alike): the idiomatic-SimPy, Ciw and heapq references on the tandem-77k network;
``onestop run tandem77k.toml --reps 1 --no-figures``; one replication of the Kon Tum
baseline; and the fixed cost: ``onestop run`` on a ten-customer network
(tests/data/tiny_network.toml) and on one working day of the tiny one-stop scenario.
Prints the median wall time and peak memory of each and the ratios the issues set
targets for (issue 17), each the median over rounds of the case's time over SimPy's in
the same round:

    engine / idiomatic SimPy   <= 0.4   (tandem network)
    baseline / idiomatic SimPy <= 0.6   (one Kon Tum replication), peak RSS <= 150 MB
    fixed cost                 <= 0.5 s (the ten-customer network, whole process)

and writes them to docs/results/bench_tandem.csv (the README's Performance table is
made from it: python docs/readme_performance.py; make bench does both).

Usage: python benchmarks/bench_tandem.py [--rounds 5] [--skip-ciw] [--no-write]
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
TINY_NETWORK = ROOT / "tests" / "data" / "tiny_network.toml"
TINY_ONESTOP = ROOT / "tests" / "data" / "tiny_onestop.toml"
RESULTS = ROOT / "docs" / "results" / "bench_tandem.csv"
COLUMNS = ("case", "median_s", "peak_mb", "ratio_to_simpy", "rounds", "load_average")


# The children run as an installed package does: with Python's bytecode cache. A session
# that sets PYTHONDONTWRITEBYTECODE would otherwise compile every simulator module from
# source in every run, a cost no user pays (pip compiles on install, an editable install on
# the first import); the first round writes the cache, and the median is taken over rounds.
CHILD_ENVIRONMENT = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def measure(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MB) of one child process."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=CHILD_ENVIRONMENT
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"benchmark command failed: {' '.join(command)}\n{process.stderr.read()}")
    return elapsed, usage.ru_maxrss / 1024  # ru_maxrss is in kB on Linux


def onestop(scenario: Path, out: str, *sets: str) -> list[str]:
    """``onestop run SCENARIO --reps 1`` as the README's table names it."""
    command = [sys.executable, "-m", "simulator", "run", str(scenario), "--reps", "1"]
    command += ["--seed", "1", "--no-figures", "--quiet", "--jobs", "1", "--out", out]
    return command + [f"--set={value}" for value in sets]


def cases(skip_ciw: bool, out: str) -> dict[str, list[str]]:
    """The commands by case key (the keys the README's table reads)."""
    reference = [sys.executable, str(BENCH / "tandem_reference.py")]
    found = {
        "simpy": [*reference, "simpy"],
        "heapq": [*reference, "heapq"],
        "tandem": onestop(BENCH / "tandem77k.toml", f"{out}/tandem"),
        "baseline": onestop(BASELINE, f"{out}/baseline"),
        "fixed_network": onestop(TINY_NETWORK, f"{out}/tiny_network"),
        "fixed_onestop": onestop(TINY_ONESTOP, f"{out}/tiny_onestop", "horizon.end=2022-03-07"),
    }
    if not skip_ciw:
        found["ciw"] = [*reference, "ciw"]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="runs of each case (median taken)")
    parser.add_argument("--skip-ciw", action="store_true", help="leave Ciw out (slowest)")
    parser.add_argument("--no-write", action="store_true", help="print only (no results file)")
    args = parser.parse_args()
    loads = []
    with tempfile.TemporaryDirectory() as out:
        commands = cases(args.skip_ciw, out)
        times: dict[str, list[float]] = {name: [] for name in commands}
        memory: dict[str, list[float]] = {name: [] for name in commands}
        for round_number in range(args.rounds):
            loads.append(os.getloadavg()[0])
            for name, command in commands.items():
                seconds, megabytes = measure(command)
                times[name].append(seconds)
                memory[name].append(megabytes)
            print(f"round {round_number + 1}/{args.rounds} done", file=sys.stderr)
    rows = summary_rows(times, memory, statistics.median(loads))
    report(rows)
    if not args.no_write:
        write_rows(rows)
        print(f"wrote {RESULTS.relative_to(ROOT)}", file=sys.stderr)


def summary_rows(times, memory, load: float) -> list[dict]:
    # A ratio is the median over rounds of the round's own ratio: the machine's slow spells
    # (other tenants) last a few seconds, so a case and the reference timed in the same
    # round share them, where two medians taken apart need not.
    def ratio(name: str) -> float:
        return statistics.median(t / s for t, s in zip(times[name], times["simpy"], strict=True))

    return [
        {
            "case": name,
            "median_s": f"{statistics.median(times[name]):.3f}",
            "peak_mb": f"{max(memory[name]):.0f}",
            "ratio_to_simpy": f"{ratio(name):.3f}",
            "rounds": len(times[name]),
            "load_average": f"{load:.1f}",
        }
        for name in times
    ]


def write_rows(rows: list[dict]) -> None:
    """The results file, replaced whole (atomically, as every results file)."""
    # imported here, after the measurements: a child's peak memory (ru_maxrss) counts the
    # pages it shares with this process when forked, so this process stays small until then
    from simulator.output.storage import write_csv

    write_csv(RESULTS, COLUMNS, [[row[k] for k in COLUMNS] for row in rows])


def report(rows: list[dict]) -> None:
    by_case = {row["case"]: row for row in rows}
    print(f"{'case':<16} {'median s':>9} {'peak MB':>8} {'/ simpy':>8}")
    for row in rows:
        print(
            f"{row['case']:<16} {row['median_s']:>9} {row['peak_mb']:>8} {row['ratio_to_simpy']:>8}"
        )
    tandem, baseline = by_case["tandem"], by_case["baseline"]
    print(f"\nengine on tandem77k: {tandem['ratio_to_simpy']} x idiomatic SimPy (target <= 0.4)")
    print(
        f"Kon Tum baseline, 1 replication: {baseline['ratio_to_simpy']} x idiomatic SimPy "
        f"(target <= 0.6), peak {baseline['peak_mb']} MB (target <= 150)"
    )
    print(f"fixed cost (ten-customer network): {by_case['fixed_network']['median_s']} s (<= 0.5)")


if __name__ == "__main__":
    main()
