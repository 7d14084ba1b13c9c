"""Whole-process benchmark of ``onestop batch``: speed-up of the process pool, Dask overhead.

1. 8 replications of the Kon Tum baseline (or, until it exists, the tandem-77k network)
   with ``--jobs 2`` vs ``--jobs 1``, each a fresh process writing into a fresh folder;
   the target is a speed-up >= 1.7x on a 2-core machine.
2. The same 8 tasks with ``--dask local --jobs 2`` vs ``--jobs 2``: the whole-process
   cost of Dask (starting a LocalCluster included), per task.
3. The steady-state Dask overhead per task: many tiny tasks on an already running
   LocalCluster vs the process pool (cluster start-up excluded).

Usage: python benchmarks/bench_batch.py [--rounds 1]   (needs the [distributed] extra for 2, 3)
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "scenarios" / "baseline_q1_2022.toml"
TANDEM = ROOT.parent / "shared" / "bench" / "tandem77k.toml"
REPS = 8
TINY_TASKS = 200
TINY = """
kind = "network"
name = "tiny"
[run]
customers = 50
[arrivals]
station = "desk"
interarrival = { dist = "exponential", mean = 1.0 }
[[stations]]
name = "desk"
servers = 1
service = { dist = "exponential", mean = 0.5 }
"""


def batch_seconds(scenario: Path, *executor: str) -> tuple[float, float]:
    """Wall and CPU seconds of one whole `onestop batch` process (fresh folder, nothing stored).

    The CPU time (user + system, the pool workers included) shows how much work there
    was: when other processes share the cores, the wall-time speed-up falls below what
    the CPU times allow.
    """
    with tempfile.TemporaryDirectory() as out:
        command = [sys.executable, "-m", "simulator", "batch", str(scenario), "--out", out]
        command += ["--reps", str(REPS), "--seed", "1", "--no-figures", "--quiet", *executor]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
        return wall, cpu


def median_seconds(
    rounds: int, scenario: Path, configs: dict[str, list[str]]
) -> dict[str, tuple[float, float]]:
    """Median wall and CPU time of each configuration, interleaved round by round."""
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in configs}
    for _ in range(rounds):
        for name, executor in configs.items():
            times[name].append(batch_seconds(scenario, *executor))
    return {
        name: (statistics.median(w for w, _ in values), statistics.median(c for _, c in values))
        for name, values in times.items()
    }


def steady_overhead_ms() -> tuple[float, float, float]:
    """Per-task seconds of tiny tasks: pool, running LocalCluster; and the cluster start-up."""
    from simulator.execution.executors import Call, Executor, open_executor
    from simulator.values.scenario import load_scenario

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "tiny.toml"
        path.write_text(textwrap.dedent(TINY))
        scenario = load_scenario(path)
    calls = [Call(key=r, scenario=scenario, seed=1, replication=r) for r in range(TINY_TASKS)]
    timings = []
    for executor in (Executor.from_options(2, None), Executor.from_options(2, "local")):
        started = time.perf_counter()
        with open_executor(executor) as run:
            ready = time.perf_counter()
            list(run(calls))
            timings.append((ready - started, time.perf_counter() - ready))
    pool, dask = timings
    return pool[1] / TINY_TASKS * 1000, dask[1] / TINY_TASKS * 1000, dask[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=1, help="runs of each (median)")
    rounds = parser.parse_args().rounds
    scenario = BASELINE if BASELINE.exists() else TANDEM
    configs = {"--jobs 1": ["--jobs", "1"], "--jobs 2": ["--jobs", "2"]}
    try:
        import distributed  # noqa: F401

        configs["--dask local --jobs 2"] = ["--dask", "local", "--jobs", "2"]
    except ImportError:
        print("Dask not installed (pip install 'onestop-simulator[distributed]'): pool only")
    print(f"{REPS} replications of {scenario.name}, whole process, median of {rounds}")
    print(f"  load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    seconds = median_seconds(rounds, scenario, configs)
    (one, one_cpu), (two, two_cpu) = seconds["--jobs 1"], seconds["--jobs 2"]
    print(f"  --jobs 1: {one:7.2f} s wall, {one_cpu:6.2f} s CPU")
    print(
        f"  --jobs 2: {two:7.2f} s wall, {two_cpu:6.2f} s CPU   "
        f"speed-up {one / two:.2f}x (target >= 1.7x)"
    )
    print(f"  load average after: {os.getloadavg()[0]:.2f} (other processes slow both alike)")
    if len(configs) < 3:
        return
    dask = seconds["--dask local --jobs 2"][0]
    print(
        f"  --dask local --jobs 2: {dask:7.2f} s   overhead vs --jobs 2: "
        f"{(dask - two) / REPS * 1000:+.0f} ms per task (LocalCluster start-up included)"
    )
    pool_ms, dask_ms, startup = steady_overhead_ms()
    print(
        f"{TINY_TASKS} tiny tasks on 2 workers: pool {pool_ms:.2f} ms/task, running LocalCluster "
        f"{dask_ms:.2f} ms/task: Dask overhead {dask_ms - pool_ms:+.2f} ms per task; "
        f"LocalCluster start-up {startup:.2f} s"
    )


if __name__ == "__main__":
    main()
