"""Load a scenario file into its frozen, validated value, whatever its ``kind``.

The file is read and merged with its parents by ``document``; each kind has its
own parser (``scenario_network``, ``scenario_onestop``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from simulator.values import scenario_network, scenario_onestop
from simulator.values.document import Document, ScenarioKind, read_document
from simulator.values.errors import ScenarioError

_PARSERS = {
    ScenarioKind.NETWORK: scenario_network.parse,
    ScenarioKind.ONESTOP: scenario_onestop.parse,
}


def load_scenario(path: str | Path) -> Any:
    """Read, merge and validate a scenario file into its frozen value (by ``kind``)."""
    return validate_document(read_document(path))


def validate_document(document: Document) -> Any:
    """Validate a (possibly overridden) document; errors name the file or option holding the key."""
    try:
        return parse_document(document)
    except ScenarioError as error:
        # Point at the file that actually holds the bad key (it may be a parent).
        raise ScenarioError(
            document.file_of(error.key), error.key, error.value, error.allowed
        ) from None


def parse_document(document: Document) -> Any:
    kind_value = document.data.get("kind")
    where = document.where().child("kind")
    choices = ", ".join(repr(k.value) for k in _PARSERS)
    if kind_value is None:
        where.fail(kind_value, f"is required: one of {choices}")
    try:
        kind = ScenarioKind(kind_value)
        parser = _PARSERS[kind]
    except (ValueError, TypeError, KeyError):
        where.fail(kind_value, f"must be one of {choices}")
    return parser(document)
