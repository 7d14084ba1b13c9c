"""Rewrite the README's what-if table and figures from the output of onestop compare.

Run by ``make whatif`` after it has compared the scenarios of scenarios/whatif.list
(``simulator.output.whatif_table``); the options let a check write elsewhere.
"""

import argparse
from pathlib import Path

from simulator.output.whatif_table import WhatifFiles, write_whatif

ROOT = Path(__file__).resolve().parent.parent

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--compare", type=Path, default=ROOT / "results" / "whatif")
    parser.add_argument("--results", type=Path, default=ROOT / "docs" / "results" / "whatif")
    parser.add_argument("--figures", type=Path, default=ROOT / "docs" / "figures")
    parser.add_argument("--readme", type=Path, default=ROOT / "README.md")
    args = parser.parse_args()
    write_whatif(
        WhatifFiles(
            compare=args.compare, results=args.results, figures=args.figures, readme=args.readme
        )
    )
