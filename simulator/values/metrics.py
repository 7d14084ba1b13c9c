"""The metric catalogue: every metric family either model emits, in one table.

Each ``MetricFamily`` names a pattern (``counter_wait_mean_min.<site>``), its unit and
kind, English and Vietnamese labels, a one-sentence description, and whether it is a
headline, in the short console table, or an identity of the inputs (``handled`` =
arrivals + carried over). The console table, ``summary.json`` (``unit``), the report,
the figures, ``onestop check`` of targets files and ``onestop metrics`` (and from it
``docs/metrics.md``) all read it, so a metric is added as one row here plus one
recorder call in the model. The order of ``CATALOGUE`` is the reading order of
headlines and of the console table.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from simulator.values.metric_types import MetricFamily, MetricKind, Part, Unit
from simulator.values.metrics_districts import BY_DISTRICT
from simulator.values.metrics_network import NETWORK_FAMILIES
from simulator.values.metrics_outcomes import BACKLOG, FLOW, HANDLED_PARTS, OUTCOMES
from simulator.values.metrics_periods import OVER_THE_DAY, QUARTERS
from simulator.values.metrics_service import BACK_OFFICE, CITIZENS, ONLINE, WAITS

__all__ = [
    "CATALOGUE",
    "HANDLED_PARTS",
    "MetricFamily",
    "MetricKind",
    "Part",
    "Unit",
    "console_metrics",
    "families_matching",
    "family",
    "family_of",
    "headline_metrics",
    "label",
    "label_with_unit",
    "members",
    "screening_metrics",
    "unit_of",
    "unknown_metric",
]

CATALOGUE: tuple[MetricFamily, ...] = (
    *FLOW,
    *OUTCOMES,
    *WAITS,
    *BACKLOG,
    *CITIZENS,
    *BY_DISTRICT,
    *ONLINE,
    *BACK_OFFICE,
    *OVER_THE_DAY,
    *QUARTERS,
    *NETWORK_FAMILIES,
)

_ORDER = {f.pattern: i for i, f in enumerate(CATALOGUE)}
# Every pattern starts with a literal head before its first dot: look only at those families.
_BY_HEAD: dict[str, list[MetricFamily]] = {}
for _family in CATALOGUE:
    _BY_HEAD.setdefault(_family.pattern.split(".", 1)[0], []).append(_family)


def family(pattern: str) -> MetricFamily:
    """The family with exactly this pattern (KeyError if none): for code naming a family."""
    return CATALOGUE[_ORDER[pattern]]


@lru_cache(maxsize=8192)
def _match(name: str) -> tuple[MetricFamily, tuple[str, ...]] | None:
    """The family of a metric name and the values of its placeholders, or None."""
    for candidate in _BY_HEAD.get(name.split(".", 1)[0], ()):
        found = candidate.regex().match(name)
        if found:
            return candidate, found.groups()
    return None


def family_of(name: str) -> MetricFamily | None:
    """The catalogue family a metric name belongs to, or None if it is not a metric."""
    found = _match(name)
    return found[0] if found else None


def families_matching(name: str) -> list[MetricFamily]:
    """Every family whose pattern matches ``name`` (the catalogue keeps this at most one)."""
    return [f for f in CATALOGUE if f.regex().match(name)]


def unit_of(name: str) -> Unit | None:
    found = family_of(name)
    return found.unit if found else None


def members(names: Iterable[str], pattern: str) -> dict[str, str]:
    """Metric names of one family by the text of their placeholders (``.``-joined), in order."""
    chosen = {}
    for name in names:
        found = _match(name)
        if found and found[0].pattern == pattern:
            chosen[".".join(found[1])] = name
    return chosen


def label(name: str, lang: str = "en") -> str:
    """A metric's label with its placeholders filled: "Mean counter wait — provincial_centre"."""
    found = _match(name)
    if found is None:
        return name
    metric_family, values = found
    shown = [part.show(v, lang) for part, v in zip(metric_family.parts, values, strict=True)]
    text = metric_family.label(lang)
    return f"{text} — {', '.join(shown)}" if shown else text


def label_with_unit(name: str, lang: str = "en") -> str:
    """The label followed by the unit: "Mean counter wait — provincial_centre (minutes)"."""
    unit = unit_of(name)
    return f"{label(name, lang)} ({unit.label(lang)})" if unit is not None else name


def _principal(name: str, wanted: Callable[[MetricFamily], bool]) -> bool:
    """True if the metric's family is ``wanted`` and the metric is the family's principal
    member (the provincial centre of a per-site family; every member where there is none)."""
    found = _match(name)
    if found is None or not wanted(found[0]):
        return False
    parts = zip(found[0].parts, found[1], strict=True)
    return all(part.principal in (None, value) for part, value in parts)


def _in_catalogue_order(names: Iterable[str], wanted: Callable[[MetricFamily], bool]) -> list[str]:
    chosen = [n for n in dict.fromkeys(names) if _principal(n, wanted)]
    return sorted(chosen, key=lambda n: _ORDER[_match(n)[0].pattern])  # stable within a family


def headline_metrics(names: Iterable[str], limit: int = 12) -> list[str]:
    """The metrics a planner looks at first, in catalogue order; else the first few."""
    names = list(names)
    return _in_catalogue_order(names, lambda f: f.headline)[:limit] or names[:limit]


def console_metrics(names: Iterable[str]) -> list[str]:
    """The metrics of the short console table of ``onestop run``, in catalogue order."""
    return _in_catalogue_order(names, lambda f: f.console)


def screening_metrics(names: Iterable[str]) -> list[str]:
    """What a sensitivity screening reports: the headline and console metrics (late rate,
    resolved late, backlog, waits, cycle time), less those that only restate an input."""
    return _in_catalogue_order(names, lambda f: (f.headline or f.console) and not f.identity)


def unknown_metric(name: str) -> str:
    """What is allowed instead of ``name``: the line an error message ends with."""
    close = _suggestion(name)
    hint = f"did you mean {close!r}? " if close else ""
    return f"not a metric; {hint}see `onestop metrics` for the catalogue"


def _suggestion(name: str) -> str | None:
    """The closest metric name: patterns with their placeholders filled from ``name``."""
    tail = name.split(".")[1:]
    candidates = []
    for metric_family in CATALOGUE:
        count = len(metric_family.parts)
        if count and len(tail) >= count:
            head = re.split(r"\.<", metric_family.pattern)[0]
            filled = ".".join([head, *tail[len(tail) - count :]])
            if family_of(filled) is metric_family:
                candidates.append(filled)
        elif not count:
            candidates.append(metric_family.pattern)
    close = difflib.get_close_matches(name, candidates, n=1, cutoff=0.75)
    return close[0] if close else None
