"""Load a scenario file into its frozen, validated value, whatever its ``kind``.

The file is read and merged with its parents by ``document``; each kind has its
own parser (``scenario_network``, ``scenario_onestop``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simulator.values import scenario_network, scenario_onestop
from simulator.values.document import (
    Document,
    ScenarioKind,
    get_key_path,
    read_document,
    with_overrides,
)
from simulator.values.errors import ScenarioError

_PARSERS = {
    ScenarioKind.NETWORK: scenario_network.parse,
    ScenarioKind.ONESTOP: scenario_onestop.parse,
}


@dataclass(frozen=True)
class ScenarioHandle:
    """A validated scenario with the document it came from, read once.

    Commands that change values by key path (calibrate, sensitivity, ``--set``, the API)
    start from ``document``; everything that runs uses ``value``.
    """

    document: Document
    value: Any  # the frozen scenario (NetworkScenario, OnestopScenario)

    @property
    def name(self) -> str:
        return self.value.name

    def get(self, key_path: str) -> Any:
        return get_key_path(self.document.data, key_path)

    def with_values(
        self, values: dict[str, Any], name: str | None = None, source: str = "api"
    ) -> ScenarioHandle:
        """A copy with key paths set (validated again); ``name`` renames the copy."""
        changes = dict(values)
        if name is not None:
            changes["name"] = name
        document = with_overrides(self.document, changes, source)
        return ScenarioHandle(document, validate_document(document))


def open_scenario(path: str | Path) -> ScenarioHandle:
    """Read a scenario file once: its merged document and its validated value."""
    document = read_document(path)
    return ScenarioHandle(document, validate_document(document))


def load_scenario(path: str | Path) -> Any:
    """Read, merge and validate a scenario file into its frozen value (by ``kind``)."""
    return open_scenario(path).value


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
