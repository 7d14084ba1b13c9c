"""Where one baseline replication's time goes, by part of the model, and the event kernel's floor.

Three measurements of one replication of the calibrated Kon Tum baseline (Q1/2022, seed 1,
replication 0), in this process after one untimed warm-up run:

* **CPU seconds** (``time.process_time``, median of ``--rounds``), the dossiers and the
  SimPy events the run scheduled (SimPy numbers every scheduled event, so the next number
  is their count).
* **The kernel floor**: the same number of events through the model's own event path
  (``later.Later`` and ``event_limit.run_bounded``) with callbacks that do nothing but
  schedule the next event, ``IN_FLIGHT`` of them pending at a time. It is what the events
  alone cost, with no model logic: the part of a replication no change to the model's
  Python can remove while SimPy stays the event kernel (issue 17).
* **The calendar's floor**: the working-calendar calls the replication made (``TIMED_CALLS``:
  deadlines, end of work after so many working minutes, open minutes between two times,
  next opening), recorded with their arguments and made again, timed, on the same
  calendar: what the model's time arithmetic costs however the rest is written.
* **The profile by part**: cProfile's own time (``tottime``) of every function, summed by
  the part of the model its module belongs to (``PARTS``); a built-in (``heappush``,
  ``bisect_right``, numpy's draws) is counted in the part of the function that called it.
  cProfile adds a fixed cost per call, so parts made of many short calls look a little
  larger than they are; the shares are for seeing where the time goes, the CPU seconds
  above for how much there is.

Writes docs/results/bench_profile.csv (one row per measure), which the README's
"performance-profile" block is written from (``make bench-profile``).

Usage: python benchmarks/bench_profile.py [--rounds 3] [--top 0]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import simpy

from simulator import api
from simulator.model.event_limit import run_bounded
from simulator.model.later import Later
from simulator.model.onestop import OnestopModel
from simulator.output.storage import write_csv
from simulator.streams import Streams
from simulator.values.calendar import WorkingCalendar

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "scenarios" / "baseline_q1_2022.toml"
CSV = ROOT / "docs" / "results" / "bench_profile.csv"
COLUMNS = ("measure", "part", "value")
# ASSUMPTION: about as many events pending as dossiers between two timed steps at once; the
# heap's cost grows with the log of it, so 2,000 or 20,000 change the floor by a few percent.
IN_FLIGHT = 5_000

# part of the model -> the modules (under simulator/) whose functions belong to it
PARTS = {
    "event kernel (SimPy, the event loop)": ("simpy/", "model/event_limit.py", "model/later.py"),
    "working calendar arithmetic": ("values/calendar.py", "values/calendar_spans.py"),
    "random draws": ("streams.py", "values/distribution", "numpy/random"),
    "counters and ticket queues": (
        "model/onestop_counters.py",
        "model/onestop_shifts.py",
        "model/onestop_day_close.py",
        "model/onestop_site_hours.py",
    ),
    "agency officers and staff pools": ("model/onestop_resources.py",),
    "closing and returning results": (
        "model/onestop_closing.py",
        "model/onestop_results.py",
        "model/onestop_citizen.py",
    ),
    "metrics recorder": ("model/onestop_metrics.py", "model/onestop_waits.py"),
    "dossier steps and routing": (
        "model/onestop.py",
        "model/onestop_dossier.py",
        "model/onestop_pacing.py",
        "model/onestop_supplements.py",
        "model/onestop_placement.py",
        "model/onestop_location.py",
        "model/onestop_rules.py",
        "model/onestop_outcomes.py",
    ),
    "arrivals drawn and model built": (
        "model/onestop_arrivals.py",
        "model/onestop_bookings.py",
        "model/onestop_build.py",
        "model/onestop_carried.py",
        "model/onestop_epochs.py",
        "model/onestop_trend_arrivals.py",
        "model/onestop_quarters.py",
        "model/onestop_districts.py",
    ),
}
OTHER = "other (scenario values, Python itself)"
TIMED_CALLS = (
    "add_working_minutes",
    "working_minutes_between",
    "subtract_working_minutes",
    "deadline",
    "next_open",
    "is_open",
)


def part_of(filename: str) -> str | None:
    """The part a function's file belongs to; None for a built-in (counted with its caller)."""
    if filename == "~":
        return None
    path = filename.replace(os.sep, "/")
    for part, modules in PARTS.items():
        if any(module in path for module in modules):
            return part
    return OTHER


def parts_of(stats: pstats.Stats) -> dict[str, float]:
    """Own time summed by part; a built-in's time goes to its callers' parts."""
    seconds = dict.fromkeys([*PARTS, OTHER], 0.0)
    for (filename, _line, _name), (_cc, _nc, own, _cum, callers) in stats.stats.items():
        part = part_of(filename)
        if part is not None:
            seconds[part] += own
            continue
        for (caller_file, _l, _n), (_ccc, _cnc, caller_own, _ccum) in callers.items():
            seconds[part_of(caller_file) or OTHER] += caller_own
    return seconds


def one_replication(scenario) -> tuple[float, int, int]:
    """CPU seconds, dossiers and scheduled SimPy events of replication 0 with seed 1."""
    started = time.process_time()
    model = OnestopModel(scenario, Streams(1, 0))
    model.run()
    cpu = time.process_time() - started
    return cpu, model.seq, next(model.env._eid)


def kernel_floor(events: int, in_flight: int = IN_FLIGHT) -> float:
    """CPU seconds of ``events`` events through the model's event path, doing nothing else."""
    env = simpy.Environment()
    delays = np.random.default_rng(1).exponential(float(in_flight), events).tolist()
    delays.reverse()  # popped from the end

    def again(_event: simpy.Event) -> None:
        if delays:
            Later(env, delays.pop(), again)

    started = time.process_time()
    for _ in range(min(in_flight, events)):
        Later(env, delays.pop(), again)
    run_bounded(env, None, "kernel floor", limit=events + 1)
    return time.process_time() - started


def calendar_calls(scenario) -> tuple[WorkingCalendar, dict[str, list[tuple]]]:
    """The replication's calendar calls (``TIMED_CALLS``): its calendar and, by method, the
    arguments of each call."""
    calls: dict[str, list[tuple]] = {name: [] for name in TIMED_CALLS}
    originals = {name: getattr(WorkingCalendar, name) for name in TIMED_CALLS}

    def recording(name, method):
        made = calls[name]

        def record(calendar, *args):
            made.append(args)
            return method(calendar, *args)

        return record

    for name, method in originals.items():
        setattr(WorkingCalendar, name, recording(name, method))
    try:  # the model binds the calendar's methods when it is built: patch before
        model = OnestopModel(scenario, Streams(1, 0))
        model.run()
    finally:
        for name, method in originals.items():
            setattr(WorkingCalendar, name, method)
    return model.calendar, calls


def replayed(calendar: WorkingCalendar, calls: dict[str, list[tuple]]) -> float:
    """CPU seconds of the recorded calendar calls made again, method by method (a loop per
    method, as cheap as Python's loops get: the arguments unpacked, the method bound once)."""
    started = time.process_time()
    for name, made in calls.items():
        method = getattr(calendar, name)
        if made and len(made[0]) == 1:
            for (t,) in made:
                method(t)
        else:
            for t, other in made:
                method(t, other)
    return time.process_time() - started


def profile(scenario, top: int) -> dict[str, float]:
    """Shares of own time by part, under cProfile."""
    profiler = cProfile.Profile()
    profiler.enable()
    OnestopModel(scenario, Streams(1, 0)).run()
    profiler.disable()
    stats = pstats.Stats(profiler)
    if top:
        stats.sort_stats("tottime").print_stats(top)
    seconds = parts_of(stats)
    total = sum(seconds.values())
    return {part: own / total for part, own in seconds.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="timed replications (median)")
    parser.add_argument("--top", type=int, default=0, help="also print the top N functions")
    parser.add_argument("--no-write", action="store_true", help="print only (no results file)")
    args = parser.parse_args()
    scenario = api.load(BASELINE).value
    one_replication(scenario)  # warm: first-call costs (imports inside functions, caches)
    runs = [one_replication(scenario) for _ in range(args.rounds)]
    cpu = statistics.median(run[0] for run in runs)
    _, dossiers, events = runs[0]
    floor = statistics.median(kernel_floor(events) for _ in range(args.rounds))
    calendar_used, calls = calendar_calls(scenario)
    calendar = statistics.median(replayed(calendar_used, calls) for _ in range(args.rounds))
    shares = profile(scenario, args.top)
    rows = [
        ("replication_cpu_seconds", "", f"{cpu:.3f}"),
        ("dossiers", "", str(dossiers)),
        ("simpy_events", "", str(events)),
        ("kernel_floor_cpu_seconds", "", f"{floor:.3f}"),
        ("calendar_calls", "", str(sum(map(len, calls.values())))),
        ("calendar_floor_cpu_seconds", "", f"{calendar:.3f}"),
        ("load_average", "", f"{os.getloadavg()[0]:.1f}"),
        *(("profile_share", part, f"{share:.4f}") for part, share in shares.items()),
    ]
    for row in rows:
        print(",".join(row))
    if not args.no_write:
        write_csv(CSV, COLUMNS, rows)
        print(f"wrote {CSV.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
