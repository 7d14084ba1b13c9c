"""Rewrite the README's two-tier section and docs/figures/two_tier_2025_map.png (issue 19).

Run by ``make two-tier`` after it has compared the scenarios of scenarios/two_tier.list
(``--compare`` names that output folder; the base's summary and compare.csv are copied to
docs/results/two_tier/). Without ``--compare`` it redraws the map and the section from the data
files and the results already committed (``simulator.output.two_tier_section``).
"""

import argparse
from pathlib import Path

from simulator.output.two_tier_section import TwoTierFiles, write_two_tier

ROOT = Path(__file__).resolve().parent.parent

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--compare", type=Path, default=None)
    parser.add_argument("--data", type=Path, default=ROOT / "scenarios" / "data")
    parser.add_argument("--results", type=Path, default=ROOT / "docs" / "results" / "two_tier")
    parser.add_argument("--figures", type=Path, default=ROOT / "docs" / "figures")
    parser.add_argument("--readme", type=Path, default=ROOT / "README.md")
    args = parser.parse_args()
    write_two_tier(
        TwoTierFiles(
            data=args.data,
            compare=args.compare,
            results=args.results,
            figures=args.figures,
            readme=args.readme,
        )
    )
