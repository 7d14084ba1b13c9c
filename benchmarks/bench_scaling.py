"""How the cost of one replication grows: with the volume, and with the commune sections.

Two series of one-replication runs of the calibrated Kon Tum baseline (Q1/2022, seed 1):

* **volume**: 0.1x, 0.3x, 1x, 3x, 10x the Q1/2022 dossiers (new and carried over), with
  every capacity (counters, VNPost staff, reviewers, agency officers) scaled with it and
  rounded to a whole number, so the system stays about as loaded as the baseline and only
  its size changes. A pool keeps at least one person, and a district or commune agency one
  officer per district or commune section (the model requires it), so the runs below 1x
  are a little less loaded.
* **communes**: 10, 100 and 1,000 commune sections at the Q1/2022 volume, apportioned over
  the ten districts by their baseline commune counts (each district keeps at least one:
  ``communes >= 1``, so 1 section is not a valid Kon Tum scenario and is left out), with
  one commune officer per section as in the baseline (102 officers for 102 communes).
  Each section has its own counter and reviewer (the scenario's per-section values).

Each case runs in a fresh child process (``--case``), which times the replication alone
(``time.process_time`` around ``run_replication``, and the wall time beside it: no
imports, no file writing) and reports its peak resident memory (``ru_maxrss`` of
``getrusage(RUSAGE_SELF)``: the whole child, interpreter and imports included). The
parent writes docs/results/bench_scaling.csv, draws docs/figures/bench_scaling.png
(log-log) and prints the exponents fitted by least squares on log(CPU seconds) against
log(size): 1.0 is linear. CPU time, not wall time, because the machine is shared: other
processes on the cores stretch the wall time (the load average is recorded beside each
case) far more than the CPU time of the replication.

Usage: python benchmarks/bench_scaling.py [--volumes 0.1,0.3,1,3,10] [--communes 10,100,1000]
"""

from __future__ import annotations

import argparse
import json
import math
import platform
import subprocess
import sys
import time
from pathlib import Path

from simulator.output.performance_tables import exponent as fitted_exponent
from simulator.output.storage import write_csv

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "scenarios" / "baseline_q1_2022.toml"
CSV = ROOT / "docs" / "results" / "bench_scaling.csv"
FIGURE = ROOT / "docs" / "figures" / "bench_scaling.png"
COLUMNS = ("series", "size", "cpu_seconds", "seconds", "peak_mb", "handled", "load_average")


def whole(count: float) -> int:
    """A capacity scaled and rounded: a pool never shrinks to nobody."""
    return max(1, round(count))


def volume_values(data: dict, scale: float) -> dict:
    """Key paths multiplying the volume and every capacity by ``scale``."""
    values = {
        "arrivals.expected_new": whole(data["arrivals"]["expected_new"] * scale),
        "arrivals.carried_over": round(data["arrivals"]["carried_over"] * scale),
    }
    if "staff" in data["digitisation"]:
        values["digitisation.staff"] = whole(data["digitisation"]["staff"] * scale)
    for level, site in data["sites"].items():
        values[f"sites.{level}.reviewers"] = whole(site["reviewers"] * scale)
        for table in ("counters", "counters_by_district"):
            for key, count in site.get(table, {}).items():
                values[f"sites.{level}.{table}.{key}"] = whole(count * scale)
    # the model gives each district (commune section) of a local agency at least one officer
    least = {"district": len(data["districts"])}
    least["commune"] = sum(d["communes"] for d in data["districts"])
    for i, agency in enumerate(data["agencies"]):
        least_here = least.get(agency["level"], 1)
        values[f"agencies[{i}].officers"] = max(least_here, round(agency["officers"] * scale))
    return values


def apportion(total: int, weights: list[int]) -> list[int]:
    """``total`` split in proportion to ``weights`` (largest remainder), each at least 1."""
    free = total - len(weights)
    shares = [free * w / sum(weights) for w in weights]
    counts = [math.floor(s) for s in shares]
    by_remainder = sorted(range(len(weights)), key=lambda i: counts[i] - shares[i])
    for i in by_remainder[: free - sum(counts)]:
        counts[i] += 1
    return [1 + c for c in counts]


def commune_values(data: dict, sections: int) -> dict:
    """Key paths giving ``sections`` commune sections and one commune officer for each."""
    districts = data["districts"]
    if sections < len(districts):
        raise SystemExit(f"{sections} commune sections: each of {len(districts)} districts needs 1")
    counts = apportion(sections, [d["communes"] for d in districts])
    values = {f"districts[{i}].communes": n for i, n in enumerate(counts)}
    for i, agency in enumerate(data["agencies"]):
        if agency["level"] == "commune":
            values[f"agencies[{i}].officers"] = sections
    return values


def run_case(series: str, size: float) -> dict:
    """In the child: one replication of the changed baseline, timed alone."""
    import resource

    from simulator.run import run_replication
    from simulator.values.scenario import open_scenario  # not api: it imports matplotlib

    base = open_scenario(BASELINE)
    data = base.document.data
    values = volume_values(data, size) if series == "volume" else commune_values(data, int(size))
    scenario = base.with_values(values, name=f"scaling_{series}_{size:g}").value
    started, cpu_started = time.perf_counter(), time.process_time()
    result = run_replication(scenario, seed=1, replication=0)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    handled = round(result.metrics["handled"])
    return {"cpu_seconds": cpu, "seconds": seconds, "peak_mb": peak_mb, "handled": handled}


def measure(series: str, size: float) -> dict:
    """One case in a fresh child process (so memory peaks do not carry over)."""
    command = [sys.executable, __file__, "--case", series, str(size)]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"case {series} {size:g} failed:\n{done.stderr}")
    row = json.loads(done.stdout.splitlines()[-1])
    load = _load_average()
    print(
        f"{series:>8} {size:>7g}: {row['cpu_seconds']:7.2f} s CPU {row['seconds']:7.2f} s wall  "
        f"{row['peak_mb']:6.0f} MB  "
        f"{row['handled']:>9,.0f} handled  (load {load})",
        file=sys.stderr,
    )
    return {"series": series, "size": size, **row, "load_average": load}


def _load_average() -> str:
    try:
        return f"{Path('/proc/loadavg').read_text().split()[0]}"
    except OSError:
        return ""


def exponent(rows: list[dict]) -> float:
    """The cost exponent of a series (least squares on log-log, CPU seconds)."""
    return fitted_exponent([r["size"] for r in rows], [r["cpu_seconds"] for r in rows])


def write_rows(rows: list[dict]) -> None:
    """The results file, replaced whole (atomically, as every results file)."""
    write_csv(CSV, COLUMNS, [[_cell(row[k]) for k in COLUMNS] for row in rows])


def _cell(value):
    return f"{value:.4g}" if isinstance(value, float) else value


def draw(rows: list[dict]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(1, 2, figsize=(9, 3.6), constrained_layout=True)
    titles = {"volume": "volume (x Q1/2022, capacities with it)", "communes": "commune sections"}
    for axis, series in zip(axes, ("volume", "communes"), strict=True):
        chosen = [r for r in rows if r["series"] == series]
        if len(chosen) < 2:
            axis.set_visible(False)
            continue
        sizes = [r["size"] for r in chosen]
        axis.loglog(sizes, [r["cpu_seconds"] for r in chosen], "o-", label="replication (CPU s)")
        axis.loglog(sizes, [r["peak_mb"] for r in chosen], "s--", label="peak memory (MB)")
        slope = exponent(chosen)
        first = chosen[0]
        guide = [first["cpu_seconds"] * (s / first["size"]) for s in sizes]
        axis.loglog(sizes, guide, ":", color="grey", label="linear from the first")
        axis.set_title(f"{titles[series]}: exponent {slope:.2f}", fontsize=10)
        axis.set_xlabel(series)
        axis.legend(fontsize=8)
    FIGURE.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(FIGURE, dpi=110)


def sizes(text: str) -> list[float]:
    return [float(part) for part in text.split(",") if part.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--volumes", type=sizes, default=sizes("0.1,0.3,1,3,10"))
    parser.add_argument("--communes", type=sizes, default=sizes("10,100,1000"))
    parser.add_argument("--case", nargs=2, metavar=("SERIES", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        print(json.dumps(run_case(args.case[0], float(args.case[1]))))
        return
    print(f"python {platform.python_version()}, {platform.machine()}", file=sys.stderr)
    rows = [measure("volume", s) for s in args.volumes]
    rows += [measure("communes", s) for s in args.communes]
    write_rows(rows)
    draw(rows)
    for series in ("volume", "communes"):
        chosen = [r for r in rows if r["series"] == series]
        if len(chosen) >= 2:
            print(f"{series}: cost exponent {exponent(chosen):.2f} (1.0 = linear)")
    print(f"wrote {CSV.relative_to(ROOT)} and {FIGURE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
