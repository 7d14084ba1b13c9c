"""The rules in force from each date: scenario values of an epoch with their samplers.

Rules that act on a dossier when it reaches a step (approval, pacing margin, returns and
supplements, closing) are read from the values in force at that time, so ``[[changes]]``
can move them from a date. Each epoch's samplers are built once, before the run; an
epoch whose distribution equals an earlier one's shares its sampler, and a new
distribution draws from a stream of its own (``approval``, ``approval.1``, ...), so a
scenario without changes draws exactly as before.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Callable
from typing import Any

from simulator.streams import Streams
from simulator.values.onestop_values import OnestopScenario

Sampler = Callable[[], float]


class Rules:
    """One epoch's values and samplers (``None`` where the scenario does not use them)."""

    __slots__ = (
        "values",
        "processing",
        "closing",
        "approval",
        "commune_approval",
        "margin",
        "entry",
        "electronic",
    )

    def __init__(self, values: OnestopScenario, samplers: Callable[[str, Any], Sampler | None]):
        self.values = values
        self.processing = p = values.processing
        self.closing = values.closing
        # samplers draw working minutes (units were converted when the scenario was read)
        self.approval = samplers("approval", p.approval_minutes)
        self.commune_approval = (
            samplers("commune_approval", p.commune_approval_minutes) or self.approval
        )
        self.margin = samplers("margin", p.margin_minutes)
        closing = values.closing
        self.entry = samplers("closing.entry", closing.entry_minutes if closing else None)
        # levels whose agencies process digitised dossiers on the electronic file
        self.electronic = {
            level: site.digitise and site.electronic_processing
            for level, site in values.sites.items()
        }


class RuleBook:
    """The rules of every epoch, and the one in force at a time.

    ``at`` is called a few times per dossier, nearly always at about the current time,
    so it keeps the epoch it last found and its bounds: a look-up inside them is two
    comparisons. A time before the start falls in the last epoch (index -1 of the
    search), as it always has; a NaN time is never inside the bounds and is searched.
    """

    def __init__(self, scenario: OnestopScenario, streams: Streams) -> None:
        self._cache: dict[tuple[str, Any], Sampler] = {}
        self._streams = streams
        epochs = scenario.epochs
        self.starts = [0.0, *((e.start - scenario.start).days * 1440.0 for e in epochs)]
        self.rules = [Rules(v, self._sampler) for v in (scenario, *(e.values for e in epochs))]
        self.first = self.rules[0]
        # [low, high): the bounds of the epoch ``current`` (all times with one epoch)
        self._low, self._high, self._current = -math.inf, math.inf, self.first
        if len(self.rules) > 1:
            self._find(0.0)

    def at(self, t: float) -> Rules:
        if self._low <= t < self._high:
            return self._current
        return self._find(t)

    def _find(self, t: float) -> Rules:
        starts = self.starts
        index = bisect_right(starts, t) - 1
        if index < 0:  # before the start: the search's index -1 is the last epoch
            self._low, self._high = -math.inf, starts[0]
        else:
            self._low = starts[index]
            self._high = starts[index + 1] if index + 1 < len(starts) else math.inf
        self._current = self.rules[index]
        return self._current

    def _sampler(self, name: str, distribution: Any) -> Sampler | None:
        if distribution is None:
            return None
        sampler = self._cache.get((name, distribution))
        if sampler is None:
            k = sum(key[0] == name for key in self._cache)
            sampler = distribution.sampler(
                self._streams.generator(name if k == 0 else f"{name}.{k}")
            )
            self._cache[(name, distribution)] = sampler
        return sampler
