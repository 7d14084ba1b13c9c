"""Copy an ``onestop staff`` run to docs/results/staffing/ and rewrite the README's block.

Run by ``make staffing-example`` after its ``onestop staff`` run
(``simulator.output.staffing_example``); the options let a check write elsewhere.
"""

import argparse
from pathlib import Path

from simulator.output.staffing_example import copy_staffing_results, write_staffing_example

ROOT = Path(__file__).resolve().parent.parent

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--staff", type=Path, default=ROOT / "results" / "staff_example")
    parser.add_argument("--results", type=Path, default=ROOT / "docs" / "results" / "staffing")
    parser.add_argument(
        "--figure", type=Path, default=ROOT / "docs" / "figures" / "staffing_example.png"
    )
    parser.add_argument("--readme", type=Path, default=ROOT / "README.md")
    args = parser.parse_args()
    copy_staffing_results(args.staff, args.results, args.figure)
    write_staffing_example(args.readme, args.results / "staffing.json")
