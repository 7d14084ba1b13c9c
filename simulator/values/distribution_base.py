"""The interface of duration distributions, and ``Scaled`` (each draw times a factor).

``distributions`` holds the kinds a scenario may name and reads them from TOML; it
re-exports everything here, so callers import from there. ``Scaled`` lives beside the
base class because ``Distribution.scaled`` returns one.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, fields
from enum import Enum
from itertools import chain, repeat
from typing import Any, ClassVar

import numpy as np

from simulator.values.validate import Table


def draws_in_blocks(block: Callable[[], list[float]]) -> Callable[[], float]:
    """The next value of ``block()``'s lists, one after the other; a list is made when the
    one before is used up (as a sampler reading ahead one block at a time would).

    The iterator's own ``__next__``, a C call: no Python frame per draw (a sampler is
    called about a million times per replication).
    """
    return chain.from_iterable(map(lambda _: block(), repeat(None))).__next__


class DistKind(Enum):
    """The ``dist`` names a scenario may use."""

    EXPONENTIAL = "exponential"
    DETERMINISTIC = "deterministic"
    UNIFORM = "uniform"
    TRIANGULAR = "triangular"
    LOGNORMAL = "lognormal"
    GAMMA = "gamma"
    EMPIRICAL = "empirical"


class InvalidParameter(ValueError):
    """A parameter breaks an invariant; ``path`` is its key path inside the table."""

    def __init__(self, path: tuple[str | int, ...], value: Any, allowed: str) -> None:
        self.path = path
        self.value = value
        self.allowed = allowed
        key = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")
        super().__init__(f"{key} = {value!r}: {allowed}")


class Distribution(ABC):
    """A non-negative duration distribution.

    ``mean`` (and ``cv``) are fields in the distributions parameterised by them and
    properties in the others; a base-class property would shadow the fields.
    """

    kind: ClassVar[DistKind]
    mean: float
    cv: float

    @property
    @abstractmethod
    def variance(self) -> float: ...

    @abstractmethod
    def _draw(self, rng: np.random.Generator, size: int) -> np.ndarray: ...

    @abstractmethod
    def _scaled(self, factor: float) -> Distribution:
        """The same kind with parameters scaled by ``factor``: the TOML form of ``scaled``."""

    def sample(self, rng: np.random.Generator, size: int | None = None) -> float | np.ndarray:
        """One draw as a float, or an array of ``size`` draws."""
        if size is None:
            # A scalar is the first of a block of one, so it consumes rng as blocks do.
            return float(self._draw(rng, 1)[0])
        if size < 0:
            raise ValueError(f"size must be >= 0, not {size}")
        return self._draw(rng, size)

    def sampler(self, rng: np.random.Generator, block: int = 4096) -> Callable[[], float]:
        """A zero-argument function giving the next draw, drawing ``block`` values at a time.

        numpy is fast per block and slow per scalar. Every draw method fills arrays
        one value after another, so the sequence does not depend on ``block``; but the
        sampler reads ahead, so ``rng`` must not be shared with other consumers.
        """
        if block < 1:
            raise ValueError(f"block must be >= 1, not {block}")
        draw = self._draw
        return draws_in_blocks(lambda: draw(rng, block).tolist())

    def sampler_and_share(
        self, rng: np.random.Generator, block: int = 4096
    ) -> tuple[Callable[[], float], Callable[[float], float]]:
        """A sampler and, reading the same draws, a function giving ``share`` x the next draw.

        For the part of a duration still to run, e.g. of a lead time a dossier carried
        over into the run is already partway through.
        """
        draw = self.sampler(rng, block)
        return draw, lambda share: draw() * share

    def scaled(self, factor: float) -> Distribution:
        """Each draw multiplied by ``factor``: 1.2 is 20% slower, 60 turns hours into minutes.

        The draws are exactly ``draw * factor`` from the same random numbers (not a
        distribution with scaled parameters, whose draws would differ in the last bits),
        so converting units once when a scenario is read changes no result.
        """
        if not (math.isfinite(factor) and factor > 0):
            raise ValueError(f"scale factor must be finite and > 0, not {factor!r}")
        return Scaled(base=self, factor=float(factor))

    def to_spec(self) -> dict[str, Any]:
        """The TOML inline table that ``parse_distribution`` reads back into this."""
        spec: dict[str, Any] = {"dist": self.kind.value}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is not None:
                spec[f.name] = list(value) if isinstance(value, tuple) else value
        return spec

    @classmethod
    def _read(cls, table: Table) -> dict[str, Any]:
        """Constructor arguments from the table; each is type-checked, not range-checked."""
        return {f.name: table.number(f.name) for f in fields(cls)}


@dataclass(frozen=True, kw_only=True)
class Scaled(Distribution):
    """``base`` with each draw multiplied by ``factor`` (see ``Distribution.scaled``).

    Its kind, cv and TOML form are those of ``base`` with parameters scaled (an equal
    distribution, though its draws may differ in the last bits).
    """

    base: Distribution
    factor: float

    @property
    def kind(self) -> DistKind:  # type: ignore[override]
        return self.base.kind

    @property
    def mean(self) -> float:
        return self.base.mean * self.factor

    @property
    def cv(self) -> float:
        return self.base.cv

    @property
    def variance(self) -> float:
        return self.base.variance * self.factor**2

    def _draw(self, rng: np.random.Generator, size: int) -> np.ndarray:
        # float64 times a float, element by element: the same bits as draw * factor
        return self.base._draw(rng, size) * self.factor

    def sampler_and_share(
        self, rng: np.random.Generator, block: int = 4096
    ) -> tuple[Callable[[], float], Callable[[float], float]]:
        """The factor is applied last: a share is ``(draw * share) * factor``.

        Floating-point products depend on their order, and that is the order of a share
        of a draw in the base unit, converted afterwards.
        """
        if block < 1:
            raise ValueError(f"block must be >= 1, not {block}")
        base, factor = self.base, self.factor
        pending: list[float] = []  # base draws, next last

        def refill() -> None:
            pending.extend(reversed(base._draw(rng, block).tolist()))

        def next_draw() -> float:
            if not pending:
                refill()
            return pending.pop() * factor

        def share_of_next(share: float) -> float:
            if not pending:
                refill()
            return pending.pop() * share * factor

        return next_draw, share_of_next

    def _scaled(self, factor: float) -> Distribution:
        return self.base._scaled(self.factor * factor)

    def to_spec(self) -> dict[str, Any]:
        return self.base._scaled(self.factor).to_spec()
