"""``--set KEY=VALUE`` on the one-scenario commands (run, compare, project, validate).

The syntax, value parsing and error lines are ``batch --set``'s (``execution.batch_plan``);
here each key takes one value, and the changed scenario is named like a batch variant
(``baseline_q1_2022__sites.district.counters_by_district.kon_tum_city=6``), so its results
land in their own folder and never overwrite the unchanged scenario's.
"""

from __future__ import annotations

import argparse

SET_HELP = (
    "change one scenario value before running (TOML value, else text), e.g. "
    "sites.district.counters_by_district.kon_tum_city=6; repeat for several keys"
)


def set_option(parser: argparse.ArgumentParser, help_text: str = SET_HELP) -> None:
    parser.add_argument(
        "--set", dest="sets", action="append", default=[], metavar="KEY.PATH=VALUE", help=help_text
    )


def load_scenario_with_sets(path, texts: list[str]):
    """The scenario file with the --set values applied (bad values: one line, exit 2)."""
    from simulator.execution.batch_plan import load_with_sets

    return load_with_sets(path, texts)


def document_with_sets(path, texts: list[str]):
    """The merged document with the --set values applied (for commands that change it more)."""
    from simulator.execution.batch_plan import apply_sets, single_sets
    from simulator.values.document import read_document

    return apply_sets(read_document(path), single_sets(texts))
