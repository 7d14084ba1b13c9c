"""The parameters a Morris screening moves: named key paths, or every marked assumption.

``--params all-assumptions`` takes every number the scenario's files mark ``ASSUMPTION``
(``values.assumptions``), each over its base value +/- a share (50% by default: wide enough
to cover what a province would call a plausible mistake, and a screening ranks, it does not
predict). Named key paths (``KEY`` or ``KEY=LOW:HIGH``) may follow, to add parameters or to
give a marked one its own range.

Whole numbers (officers, counters, days; not a distribution's ``mean = 12``) are rounded; a
range of them is widened to at least two values and kept at 1 or more, since +/-50% of one
counter is 0.5 to 1.5, which rounds to "no counter" or "one". A parameter whose low or high
end the scenario rejects on its own (a channel share that must sum to one with the others) is
skipped with the reason when it came from the marks, and is bad input when it was named.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from pathlib import Path

from simulator.execution.fitting import Parameter, candidate, parse_parameter
from simulator.values.assumptions import Assumption, assumptions, whole_number
from simulator.values.document import Document
from simulator.values.errors import ScenarioError

ALL_ASSUMPTIONS = "all-assumptions"
MORRIS_SPREAD = 0.5  # default range: base +/- 50%


@dataclass(frozen=True, kw_only=True)
class SkippedKey:
    """A marked key the screening does not move, and why (printed and written out)."""

    path: str
    why: str
    where: str  # file:line of the mark


@dataclass(frozen=True, kw_only=True)
class Selection:
    parameters: tuple[Parameter, ...]
    skipped: tuple[SkippedKey, ...]
    marks: dict[str, str]  # parameter path -> file:line of its ASSUMPTION mark


def select_parameters(texts: list[str], document: Document, spread: float) -> Selection:
    """The parameters ``--params`` names (see the module doc), each checked at both ends."""
    chosen, skipped, marks = _marked(document, spread) if ALL_ASSUMPTIONS in texts else ({}, [], {})
    for text in texts:
        if text != ALL_ASSUMPTIONS:
            parameter = _named_parameter(text, document, spread)
            _rejected_end(document, parameter, raise_it=True)
            chosen[parameter.path] = parameter  # a named range replaces the marked default
    if not chosen:
        allowed = "no number in the scenario is marked ASSUMPTION; name key paths instead"
        raise ScenarioError(str(document.path), "", ALL_ASSUMPTIONS, allowed)
    return Selection(
        parameters=tuple(chosen.values()),
        skipped=tuple(s for s in skipped if s.path not in chosen),
        marks=marks,
    )


def _marked(
    document: Document, spread: float
) -> tuple[dict[str, Parameter], list[SkippedKey], dict[str, str]]:
    """Every marked number as a parameter, the marked keys that cannot be, where each is."""
    found, not_numbers = assumptions(document)
    chosen: dict[str, Parameter] = {}
    skipped = [
        SkippedKey(path=s.path, why=s.why, where=_where(s.file, s.line)) for s in not_numbers
    ]
    marks = {item.path: _where(item.file, item.line) for item in found}
    for item in found:
        parameter = _marked_parameter(item, document, spread)
        if isinstance(parameter, Parameter):
            chosen[item.path] = parameter
        else:
            skipped.append(SkippedKey(path=item.path, why=parameter, where=marks[item.path]))
    return chosen, skipped, marks


def _where(file: str, line: int) -> str:
    """``file:line`` of a mark, the file relative to the working folder when inside it."""
    path = Path(file).resolve()
    shown = path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path
    return f"{shown}:{line}"


def _marked_parameter(item: Assumption, document: Document, spread: float) -> Parameter | str:
    """The parameter of a marked number, or why it cannot be moved."""
    if item.base == 0:
        return "zero: a share of it moves nothing; give KEY=LOW:HIGH"
    parameter = _widened(
        Parameter(
            path=item.path,
            low=min(item.base * (1 - spread), item.base * (1 + spread)),
            high=max(item.base * (1 - spread), item.base * (1 + spread)),
            base=float(item.base),
            integer=whole_number(document.data, item.path),
        )
    )
    rejected = _rejected_end(document, parameter, raise_it=False)
    return rejected or parameter


def _named_parameter(text: str, document: Document, spread: float) -> Parameter:
    """A ``--params`` entry; whole numbers without a range get the widened range."""
    parameter = parse_parameter(text, document, spread)
    parameter = replace(parameter, integer=whole_number(document.data, parameter.path))
    return parameter if "=" in text else _widened(parameter)


def _widened(parameter: Parameter) -> Parameter:
    """Whole-number ranges: rounded ends, at least 1 (when the base is), two values or more."""
    if not parameter.integer:
        return parameter
    floor = 1 if parameter.base >= 1 else -math.inf
    low = max(floor, math.floor(parameter.low + 0.5))
    high = max(low + 1, math.floor(parameter.high + 0.5))
    return replace(parameter, low=float(low), high=float(high))


def _rejected_end(document: Document, parameter: Parameter, *, raise_it: bool) -> str:
    """Why the scenario refuses the parameter's low or high end ('' if it takes both)."""
    for u in (0.0, 1.0):
        try:
            candidate(document, {parameter.path: parameter.value_at(u)})
        except ScenarioError as error:
            if raise_it:
                raise
            return f"the scenario rejects {parameter.value_at(u)}: {error.allowed}"
    return ""
