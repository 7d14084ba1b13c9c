"""Reproduce the late-rate projection figure with the Python API.

    python examples/projection.py                       # 8 quarters x 3 replications (quick)
    python examples/projection.py --reps 10 --out docs/figures

The same as ``onestop project scenarios/projection_2022_2024.toml --quarters 8 --reps 10``,
plus the baseline held at Q1/2022 conditions for comparison.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from simulator import api

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> Path:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quarters", type=int, default=8)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--out", type=Path, default=Path("results/projection_example"))
    parser.add_argument("--scale", type=float, default=1.0, help="volume factor, for a quick look")
    args = parser.parse_args(argv)

    projection = api.load(ROOT / "scenarios/projection_2022_2024.toml")
    held = api.load(ROOT / "scenarios/baseline_q1_2022.toml")  # no trends, no changes
    scenarios = [_scaled(s, args.scale) for s in (projection, held)]
    results = api.project(scenarios, quarters=args.quarters, reps=args.reps, jobs=args.jobs)
    rows = [r for r in results.rows() if r["metric"] == "late_rate"]
    for row in rows:
        print(f"{row['scenario']:<22} {row['quarter']}  late rate median {row['p50']:.2%}")
    args.out.mkdir(parents=True, exist_ok=True)
    return results.fan_chart(args.out / "late_rate_projection.png")


def _scaled(scenario: api.Scenario, scale: float) -> api.Scenario:
    """The scenario with its volume (new and carried-over dossiers) times ``scale``."""
    if scale == 1.0:
        return scenario
    new, carried = scenario.get("arrivals.expected_new"), scenario.get("arrivals.carried_over")
    return scenario.with_values(
        {"arrivals.expected_new": new * scale, "arrivals.carried_over": round(carried * scale)}
    )


if __name__ == "__main__":
    print(main())
