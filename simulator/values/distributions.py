"""Duration distributions, given by mean (and cv) so that planners can read them.

A scenario writes a distribution as a TOML inline table, for example
``{ dist = "lognormal", mean = 10, cv = 0.5 }``. ``parse_distribution`` turns it
into one of the frozen dataclasses below and ``to_spec`` turns it back. Every
parameter is a duration (or a cv), so every one must be finite and non-negative.

The dataclass fields are exactly the TOML keys: parsing and ``to_spec`` are
written once, in the base class (``distribution_base``, re-exported here), and each
class only states its invariants.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from functools import cached_property
from itertools import repeat
from typing import Any, ClassVar

import numpy as np

from simulator.values.distribution_base import (
    DistKind,
    Distribution,
    InvalidParameter,
    Scaled,
)
from simulator.values.errors import Location
from simulator.values.validate import MAX_TIME, Table, number

MIN_CV, MAX_CV = 1e-6, 100.0


class _CvFromMoments:
    """cv = sd / mean, for distributions whose cv is not a parameter."""

    mean: float
    variance: float

    @property
    def cv(self) -> float:
        return math.sqrt(self.variance) / self.mean if self.mean > 0 else 0.0


def _check_duration(dist: Any, name: str, *, positive: bool = False) -> None:
    """Coerce a field to float and require it finite and >= 0 (or > 0)."""
    value = float(getattr(dist, name))
    if not math.isfinite(value):
        raise InvalidParameter((name,), value, "must be a finite number")
    if positive and value <= 0:
        raise InvalidParameter((name,), value, "must be > 0")
    if value < 0:
        raise InvalidParameter((name,), value, "must be >= 0 (a duration cannot be negative)")
    if value > MAX_TIME:
        raise InvalidParameter((name,), value, f"must be <= {MAX_TIME:g}")
    object.__setattr__(dist, name, value)


def _check_cv(dist: Any) -> None:
    _check_duration(dist, "cv")
    if dist.cv == 0:
        raise InvalidParameter(
            ("cv",), dist.cv, 'must be > 0; for no variability use { dist = "deterministic" }'
        )
    if not MIN_CV <= dist.cv <= MAX_CV:  # beyond these the sampling arithmetic overflows
        raise InvalidParameter(("cv",), dist.cv, f"must be between {MIN_CV:g} and {MAX_CV:g}")


@dataclass(frozen=True, kw_only=True)
class Exponential(_CvFromMoments, Distribution):
    """Memoryless durations with the given mean (cv = 1)."""

    kind: ClassVar[DistKind] = DistKind.EXPONENTIAL
    mean: float

    def __post_init__(self) -> None:
        _check_duration(self, "mean", positive=True)

    @property
    def variance(self) -> float:
        return self.mean**2

    def _draw(self, rng: np.random.Generator, size: int) -> np.ndarray:
        return rng.exponential(self.mean, size)

    def _scaled(self, factor: float) -> Distribution:
        return replace(self, mean=self.mean * factor)


@dataclass(frozen=True, kw_only=True)
class Deterministic(_CvFromMoments, Distribution):
    """Always the same duration; draws no random numbers."""

    kind: ClassVar[DistKind] = DistKind.DETERMINISTIC
    value: float

    def __post_init__(self) -> None:
        _check_duration(self, "value")

    @property
    def mean(self) -> float:
        return self.value

    @property
    def variance(self) -> float:
        return 0.0

    def _draw(self, rng: np.random.Generator, size: int) -> np.ndarray:
        return np.full(size, self.value)

    def sampler(self, rng: np.random.Generator, block: int = 4096) -> Callable[[], float]:
        return repeat(self.value).__next__  # a C call, no Python frame per draw

    def _scaled(self, factor: float) -> Distribution:
        return replace(self, value=self.value * factor)


def _check_range(dist: Any) -> None:
    """low and high are durations and low < high (an empty range is a deterministic)."""
    _check_duration(dist, "low")
    _check_duration(dist, "high")
    if not dist.low < dist.high:
        raise InvalidParameter(("high",), dist.high, f"must be > low ({dist.low:g})")


@dataclass(frozen=True, kw_only=True)
class Uniform(_CvFromMoments, Distribution):
    """Any duration between low and high equally likely."""

    kind: ClassVar[DistKind] = DistKind.UNIFORM
    low: float
    high: float

    def __post_init__(self) -> None:
        _check_range(self)

    @property
    def mean(self) -> float:
        return (self.low + self.high) / 2

    @property
    def variance(self) -> float:
        return (self.high - self.low) ** 2 / 12

    def _draw(self, rng: np.random.Generator, size: int) -> np.ndarray:
        return rng.uniform(self.low, self.high, size)

    def _scaled(self, factor: float) -> Distribution:
        return replace(self, low=self.low * factor, high=self.high * factor)


@dataclass(frozen=True, kw_only=True)
class Triangular(_CvFromMoments, Distribution):
    """The planner's three-point estimate: shortest, most likely, longest."""

    kind: ClassVar[DistKind] = DistKind.TRIANGULAR
    low: float
    mode: float
    high: float

    def __post_init__(self) -> None:
        _check_range(self)
        _check_duration(self, "mode")
        if not self.low <= self.mode <= self.high:
            allowed = f"must lie between low ({self.low:g}) and high ({self.high:g})"
            raise InvalidParameter(("mode",), self.mode, allowed)

    @property
    def mean(self) -> float:
        return (self.low + self.mode + self.high) / 3

    @property
    def variance(self) -> float:
        a, c, b = self.low, self.mode, self.high
        return (a * a + b * b + c * c - a * b - a * c - b * c) / 18

    def _draw(self, rng: np.random.Generator, size: int) -> np.ndarray:
        return rng.triangular(self.low, self.mode, self.high, size)

    def _scaled(self, factor: float) -> Distribution:
        return replace(
            self, low=self.low * factor, mode=self.mode * factor, high=self.high * factor
        )


@dataclass(frozen=True, kw_only=True)
class LogNormal(Distribution):
    """Right-skewed durations with the given mean and coefficient of variation."""

    kind: ClassVar[DistKind] = DistKind.LOGNORMAL
    mean: float
    cv: float

    def __post_init__(self) -> None:
        _check_duration(self, "mean", positive=True)
        _check_cv(self)

    @property
    def sigma(self) -> float:
        """sd of log(X): sigma^2 = ln(1 + cv^2)."""
        return math.sqrt(math.log1p(self.cv**2))

    @property
    def mu(self) -> float:
        """mean of log(X): mu = ln(mean) - sigma^2 / 2."""
        return math.log(self.mean) - math.log1p(self.cv**2) / 2

    @property
    def variance(self) -> float:
        return (self.cv * self.mean) ** 2

    def _draw(self, rng: np.random.Generator, size: int) -> np.ndarray:
        return rng.lognormal(self.mu, self.sigma, size)

    def _scaled(self, factor: float) -> Distribution:
        return replace(self, mean=self.mean * factor)


@dataclass(frozen=True, kw_only=True)
class Gamma(Distribution):
    """Durations with the given mean and cv (cv = 1 is exponential, below 1 less spread)."""

    kind: ClassVar[DistKind] = DistKind.GAMMA
    mean: float
    cv: float

    def __post_init__(self) -> None:
        _check_duration(self, "mean", positive=True)
        _check_cv(self)

    @property
    def shape(self) -> float:
        return 1 / self.cv**2

    @property
    def scale(self) -> float:
        return self.mean * self.cv**2

    @property
    def variance(self) -> float:
        return (self.cv * self.mean) ** 2

    def _draw(self, rng: np.random.Generator, size: int) -> np.ndarray:
        return rng.gamma(self.shape, self.scale, size)

    def _scaled(self, factor: float) -> Distribution:
        return replace(self, mean=self.mean * factor)


@dataclass(frozen=True, kw_only=True)
class Empirical(_CvFromMoments, Distribution):
    """Observed durations, drawn with the given relative weights (equal if omitted)."""

    kind: ClassVar[DistKind] = DistKind.EMPIRICAL
    values: tuple[float, ...]
    weights: tuple[float, ...] | None = None

    def __post_init__(self) -> None:
        values = _durations("values", self.values)
        if not values:
            raise InvalidParameter(("values",), list(values), "must list at least one value")
        object.__setattr__(self, "values", values)
        if self.weights is not None:
            object.__setattr__(self, "weights", self._checked_weights(len(values)))

    def _checked_weights(self, count: int) -> tuple[float, ...]:
        weights = _durations("weights", self.weights)
        if len(weights) != count:
            allowed = f"must have the same length as values ({count})"
            raise InvalidParameter(("weights",), list(weights), allowed)
        if not sum(weights) > 0:
            raise InvalidParameter(("weights",), list(weights), "must have a positive sum")
        return weights

    @cached_property
    def probabilities(self) -> np.ndarray:
        weights = np.ones(len(self.values)) if self.weights is None else np.array(self.weights)
        return weights / weights.sum()

    @cached_property
    def _cdf(self) -> np.ndarray:
        cumulative = np.cumsum(self.probabilities)
        # Dividing by the last entry makes it exactly 1.0, so a uniform draw in [0, 1)
        # never runs past the end; ties skip zero-weight values.
        return cumulative / cumulative[-1]

    @property
    def mean(self) -> float:
        return math.fsum(p * v for p, v in zip(self.probabilities, self.values, strict=True))

    @property
    def variance(self) -> float:
        mean = self.mean
        pairs = zip(self.probabilities, self.values, strict=True)
        return math.fsum(p * (v - mean) ** 2 for p, v in pairs)

    def _draw(self, rng: np.random.Generator, size: int) -> np.ndarray:
        # Inverse-cdf on rng.random, not rng.choice: choice without weights draws
        # buffered 32-bit integers, which would make results depend on block size.
        index = np.searchsorted(self._cdf, rng.random(size), side="right")
        return np.asarray(self.values)[index]

    def _scaled(self, factor: float) -> Distribution:
        return replace(self, values=tuple(v * factor for v in self.values))

    @classmethod
    def _read(cls, table: Table) -> dict[str, Any]:
        read = {"values": tuple(number(v, at) for v, at in table.items("values"))}
        if table.has("weights"):
            read["weights"] = tuple(number(w, at) for w, at in table.items("weights"))
        return read


def _durations(name: str, values: Any) -> tuple[float, ...]:
    """A list field as a tuple of finite non-negative floats (at most MAX_TIME)."""
    out = tuple(float(v) for v in values)
    for i, value in enumerate(out):
        if not (math.isfinite(value) and 0 <= value <= MAX_TIME):
            raise InvalidParameter(
                (name, i), value, f"must be a finite number >= 0, <= {MAX_TIME:g}"
            )
    return out


_CLASSES: dict[DistKind, type[Distribution]] = {
    DistKind.EXPONENTIAL: Exponential,
    DistKind.DETERMINISTIC: Deterministic,
    DistKind.UNIFORM: Uniform,
    DistKind.TRIANGULAR: Triangular,
    DistKind.LOGNORMAL: LogNormal,
    DistKind.GAMMA: Gamma,
    DistKind.EMPIRICAL: Empirical,
}


def parse_distribution(spec: Any, where: Location) -> Distribution:
    """The distribution a TOML inline table describes; ScenarioError at ``where`` if bad."""
    table = Table(spec, where)
    name = table.string("dist", choices=[kind.value for kind in DistKind])
    cls = _CLASSES[DistKind(name)]
    for f in fields(cls):
        # Mark every known key read first, so a misspelt key is reported as unknown
        # rather than as the correct key being missing.
        table.raw(f.name, None)
    table.done()
    arguments = cls._read(table)
    try:
        return cls(**arguments)
    except InvalidParameter as bad:
        at = where
        for part in bad.path:
            at = at.child(part)
        at.fail(bad.value, bad.allowed)


__all__ = [
    "Deterministic",
    "DistKind",
    "Distribution",
    "Empirical",
    "Exponential",
    "Gamma",
    "InvalidParameter",
    "LogNormal",
    "Scaled",
    "Triangular",
    "Uniform",
    "parse_distribution",
]
