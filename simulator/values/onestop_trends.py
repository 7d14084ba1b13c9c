"""Trends and dated changes of a one-stop scenario over a multi-quarter horizon.

``[trends]`` moves arrivals smoothly over the horizon:

* ``arrival_growth_per_quarter = 0.03``: new dossiers grow 3% a quarter (compounded per
  calendar quarter after the start's quarter);
* the online share, either by quarter (``online_share_by_quarter = [0.08, 0.10, ...]``,
  the last value held) or as a straight-line ramp from ``channels.online`` at the start
  to ``online_target`` on ``online_target_date`` (held after). Walk-in and postal
  shares scale down proportionally, keeping their ratio.

``[[changes]]`` are dated steps: ``from = 2022-12-01`` and ``set = { "key.path" = value }``.
Changes are cumulative. Each one makes an *epoch*: the scenario values valid from its
date, parsed and validated like a whole scenario (so a bad key path or value is an
error naming ``changes[i].set."key.path"``). Only the keys in ``DATED_KEYS`` can change
from a date: the model switches resources at the epoch's start (see
``model.onestop_epochs``); other keys would need per-dossier decisions by date.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from simulator.values.document import Document, get_key_path, parse_key_path, with_overrides
from simulator.values.errors import ScenarioError
from simulator.values.validate import Table, probability

# Key paths that may change from a date (regular expressions on the whole path).
DATED_KEYS = (
    r"channels\.(walkin|postal|online)",
    r"sites\.(provincial|district|commune)\.(digitise|electronic_transfer|reviewers)",
    r"sites\.(provincial|district|commune)\.counters(_by_district)?\.[a-z0-9_]+",
    r"digitisation\.(staff|section_staff)",
    r"agencies\[\d+\]\.officers",
    # rules read when a dossier reaches a step (model.onestop_rules)
    r"sites\.(provincial|district|commune)\.electronic_processing",
    r"processing\.(returned_share|supplement_share)",
    r"processing\.(approval|commune_approval|margin)(\.[a-z_]+)?",
    r"closing\.(session_every_days|commune_session_every_days|paper_signed_share|reminder_days)",
    r"closing\.entry(\.[a-z_]+)?",
)
DATED_KEYS_TEXT = (
    "channels.<walkin|postal|online>, sites.<level>.digitise, sites.<level>.reviewers, "
    "sites.<level>.electronic_transfer, "
    "sites.<level>.counters.<pool>, sites.<level>.counters_by_district.<district>, "
    "digitisation.staff, digitisation.section_staff, agencies[<i>].officers, "
    "sites.<level>.electronic_processing, processing.<returned_share|supplement_share>, "
    "processing.<approval|commune_approval|margin>, closing.*"
)
MAX_GROWTH = 1.0  # per quarter: anything larger is surely a percentage typed as a number


@dataclass(frozen=True, kw_only=True)
class Trends:
    """Smooth changes over the horizon (see the module docstring)."""

    arrival_growth_per_quarter: float = 0.0
    online_share_by_quarter: tuple[float, ...] = ()
    online_target: float | None = None
    online_target_date: date | None = None

    @property
    def moves_online(self) -> bool:
        return bool(self.online_share_by_quarter) or self.online_target is not None


@dataclass(frozen=True, kw_only=True)
class Epoch:
    """The scenario values valid from ``start`` (cumulative ``[[changes]]``)."""

    start: date
    values: Any  # OnestopScenario
    changed: tuple[str, ...]  # key paths set by this change


def parse_trends(table: Table, read_date: Any) -> Trends | None:
    """The ``[trends]`` table, or None when absent or empty."""
    if not table.data:
        table.done()
        return None
    shares = tuple(probability(v, at) for v, at in table.items("online_share_by_quarter", []))
    target = table.raw("online_target", None)
    if target is not None and shares:
        table.at("online_target").fail(target, "give online_share_by_quarter or a target, not both")
    values = Trends(
        arrival_growth_per_quarter=table.number(
            "arrival_growth_per_quarter", 0.0, above=-1.0, max=MAX_GROWTH
        ),
        online_share_by_quarter=shares,
        online_target=None if target is None else probability(target, table.at("online_target")),
        online_target_date=read_date(table, "online_target_date") if target is not None else None,
    )
    table.done()
    return values


def parse_changes(
    top: Table,
    document: Document,
    span: tuple[date, date],
    read_date: Callable[[Table, str], date],
    parse: Callable[[Document], Any],
) -> tuple[Epoch, ...]:
    """Epochs of the ``[[changes]]`` list, validated; those after the horizon are dropped.

    ``parse`` turns a document into scenario values (the caller's parser, passed in so that
    this module need not import the one that imports it).
    """
    start, end = span
    epochs: list[Epoch] = []
    overrides: dict[str, Any] = {}
    previous = start
    base = replace(document, data={k: v for k, v in document.data.items() if k != "changes"})
    for item, at in top.items("changes", []):
        table = Table(item, at)
        day = read_date(table, "from")
        if day <= previous:
            table.at("from").fail(
                day, f"must be after the horizon start and earlier changes ({previous})"
            )
        previous = day
        changed = _set_table(table, at)
        overrides.update(changed)
        table.done()
        values = _epoch_values(base, overrides, changed, at, parse)
        if day <= end:
            epochs.append(Epoch(start=day, values=values, changed=tuple(changed)))
    return tuple(epochs)


def _set_table(table: Table, at: Any) -> dict[str, Any]:
    raw = table.raw("set")
    where = table.at("set")
    if not isinstance(raw, dict) or not raw:
        where.fail(raw, 'must be a table of key paths, e.g. { "sites.district.digitise" = true }')
    for key in raw:
        quoted = where.child(f'"{key}"')
        try:
            parse_key_path(key)
        except ValueError:
            quoted.fail(raw[key], "is not a key path such as sites.district.digitise")
        if not any(re.fullmatch(pattern, key) for pattern in DATED_KEYS):
            quoted.fail(raw[key], "cannot change from a date; these can: " + DATED_KEYS_TEXT)
    return dict(raw)


def _epoch_values(
    base: Document, overrides: dict, changed: dict, at: Any, parse: Callable[[Document], Any]
) -> Any:
    """Parse the document with the cumulative overrides; errors name the changed key."""

    for key in changed:  # a new counter pool would change the sites' shape, not their staff
        if re.fullmatch(r"sites\.\w+\.counters\.\w+", key):
            try:
                get_key_path(base.data, key)
            except KeyError:
                _fail(at, key, changed[key], "names no counter pool of this scenario")
    try:
        return parse(with_overrides(base, overrides, at.key))
    except KeyError as error:
        key = error.args[0]
        _fail(at, key, overrides.get(key), "is not a key path of this scenario")
    except ScenarioError as error:
        key = next((k for k in changed if error.key.startswith(k)), next(iter(changed)))
        _fail(at, key, error.value, f"{error.allowed} (at {error.key})")


def _fail(at: Any, key: str, value: Any, allowed: str) -> None:
    at.child("set").child(f'"{key}"').fail(value, allowed)


def online_share_at(
    trends: Trends, base_share: float, start: date, day: date, quarter: int
) -> float:
    """The online share of new dossiers on ``day`` (quarter: index since the start's quarter)."""
    if trends.online_share_by_quarter:
        return trends.online_share_by_quarter[min(quarter, len(trends.online_share_by_quarter) - 1)]
    if trends.online_target is None or trends.online_target_date is None:
        return base_share
    span = (trends.online_target_date - start).days
    done = 1.0 if span <= 0 else min(1.0, max(0.0, (day - start).days / span))
    return base_share + (trends.online_target - base_share) * done
