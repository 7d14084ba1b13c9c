"""Calibration targets: published figures the model should reproduce, with weights and tolerances.

A targets file (TOML) lists ``[[targets]]`` with ``metric``, ``value``, ``source`` (the
sentence of the report it comes from), ``weight`` and exactly one of
``relative_tolerance`` (a share of the value) or ``absolute_tolerance`` (in the
metric's units, e.g. 0.003 for 0.3 points of a rate). ``metric`` must be a name the
metric catalogue knows (``onestop metrics``), so a typo fails when the file is loaded
rather than at the first calibration step. ``identity = true`` marks a target the inputs
fix by arithmetic (total handled = arrivals + carried over): it is reported beside the
fit but never fitted, since matching it says nothing about the mechanism. Without the
key, the catalogue's flag for the metric decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simulator.values.document import read_toml
from simulator.values.errors import Location
from simulator.values.metrics import family_of, unknown_metric
from simulator.values.validate import Table


@dataclass(frozen=True, kw_only=True)
class Target:
    metric: str
    value: float
    source: str
    weight: float = 1.0
    tolerance: float  # absolute, in the metric's units
    identity: bool = False  # set by the inputs' arithmetic: reported, never fitted

    @property
    def informative(self) -> bool:
        return not self.identity

    def scaled_error(self, simulated: float) -> float:
        """(simulated - value) in units of the tolerance: within tolerance when |x| <= 1."""
        return (simulated - self.value) / self.tolerance


@dataclass(frozen=True, kw_only=True)
class Targets:
    name: str
    source: str
    targets: tuple[Target, ...]

    @property
    def informative(self) -> tuple[Target, ...]:
        """The targets a fit uses (not identities of the inputs)."""
        return tuple(t for t in self.targets if t.informative)


def load_targets(path: str | Path) -> Targets:
    path = Path(path)
    top = Table(read_toml(path), Location(str(path)))
    name = top.string("name", path.stem)
    top.raw("description", "")
    targets = tuple(_parse_target(item, where) for item, where in top.items("targets"))
    if not targets:
        top.at("targets").fail([], "needs at least one [[targets]] entry")
    top.done()
    return Targets(name=name, source=str(path), targets=targets)


def require_informative(targets: Targets) -> None:
    """A fit needs a target the inputs do not fix (validation does not: it only measures)."""
    if not targets.informative:
        where = Location(targets.source).child("targets")
        where.fail(f"{len(targets.targets)} targets, all identities", "needs an informative target")


def _parse_target(data: Any, where: Location) -> Target:
    table = Table(data, where)
    metric = table.string("metric")
    value = table.number("value")
    source = table.string("source")
    weight = table.number("weight", 1.0, min=0.0, max=1e6)
    # None: the metric catalogue decides whether the metric restates an input
    identity = table.boolean("identity") if table.has("identity") else None
    relative = table.has("relative_tolerance")
    if relative == table.has("absolute_tolerance"):
        where.fail(dict(data), "give exactly one of relative_tolerance or absolute_tolerance")
    if relative:
        share = table.number("relative_tolerance", above=0.0, max=1.0)
        if value == 0:
            table.at("relative_tolerance").fail(share, "a zero value needs absolute_tolerance")
        tolerance = abs(value) * share
    else:
        tolerance = table.number("absolute_tolerance", above=0.0)
    table.done()
    metric_family = family_of(metric)
    if metric_family is None:  # checked last: a file's structural errors are reported first
        table.at("metric").fail(metric, unknown_metric(metric))
    return Target(
        metric=metric,
        value=value,
        source=source,
        weight=weight,
        tolerance=tolerance,
        identity=metric_family.identity if identity is None else identity,
    )
