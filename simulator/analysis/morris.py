"""Morris elementary-effects screening (SALib): which inputs a metric depends on.

Every parameter is moved on a grid of ``levels`` positions in [0, 1] of its range, one
parameter at a time along random trajectories (Morris 1991); the change of a metric per
step is an elementary effect. Per parameter:

- ``mu_star``, the mean absolute effect: how much the metric moves when the parameter goes
  across its range (SALib divides each change by the step in [0, 1] coordinates, so a
  parameter with a straight-line effect has ``mu_star`` = the change from its low to its
  high end, in the metric's own units). It ranks the parameters;
- ``mu_star_conf``, the half-width of a bootstrap 95% interval of ``mu_star`` over trajectories;
- ``sigma``, the spread of the effects: large when the effect depends on where the other
  parameters are (interactions) or bends (non-linear);
- ``mu``, the signed mean: near ``mu_star`` when the effect always has one sign.

SALib is optional (``pip install 'onestop-simulator[sensitivity]'``) and imported only here,
when a screening is asked for. The design is drawn in [0, 1] coordinates; turning it into
parameter values (ranges, whole numbers) is the caller's business, and the analysis is done
on the same [0, 1] design, so a rounded whole number does not hide which parameter moved.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from simulator.values.errors import SimulatorError

INSTALL_SALIB = "pip install 'onestop-simulator[sensitivity]'"
BOOTSTRAP_RESAMPLES = 1000  # for mu_star_conf; cheap next to one replication
CONFIDENCE = 0.95

MORRIS_COLUMNS = ("metric", "parameter", "mu_star", "mu_star_conf", "sigma", "mu", "rank")


@dataclass(frozen=True, kw_only=True)
class MorrisIndex:
    """One parameter's screening measures for one metric (see the module doc)."""

    metric: str
    parameter: str
    mu_star: float
    mu_star_conf: float
    sigma: float
    mu: float
    rank: int  # 1 = the largest mu_star for this metric

    def row(self) -> tuple[Any, ...]:
        return (
            self.metric,
            self.parameter,
            self.mu_star,
            self.mu_star_conf,
            self.sigma,
            self.mu,
            self.rank,
        )


def salib() -> Any:
    """SALib's Morris sampler and analyser, or the one-line way to install them."""
    try:
        from SALib.analyze import morris as analyze
        from SALib.sample import morris as sample
    except ImportError:
        raise SimulatorError(f"--method morris needs SALib: {INSTALL_SALIB}") from None
    return sample, analyze


def _problem(count: int) -> dict[str, Any]:
    """SALib's problem: ``count`` inputs, each in [0, 1]."""
    return {
        "num_vars": count,
        "names": [f"x{i}" for i in range(count)],
        "bounds": [[0.0, 1.0]] * count,
    }


def morris_design(count: int, trajectories: int, levels: int, seed: int) -> np.ndarray:
    """(count + 1) x trajectories points in [0, 1]^count, trajectory by trajectory."""
    sample, _ = salib()
    return sample.sample(_problem(count), trajectories, num_levels=levels, seed=seed)


def morris_indices(
    metric: str,
    parameters: Sequence[str],
    design: np.ndarray,
    outputs: np.ndarray,
    *,
    levels: int,
    seed: int,
) -> list[MorrisIndex]:
    """The measures of every parameter for one metric, ranked by mu_star (largest first).

    ``design`` holds whole trajectories in [0, 1] coordinates and ``outputs`` the metric at
    each of its points. Ties keep the parameters' order, so the ranks are reproducible.
    """
    _, analyze = salib()
    found = analyze.analyze(
        _problem(len(parameters)),
        np.asarray(design, dtype=float),
        np.asarray(outputs, dtype=float),
        num_resamples=BOOTSTRAP_RESAMPLES,
        conf_level=CONFIDENCE,
        num_levels=levels,
        seed=seed,
    )
    order = sorted(range(len(parameters)), key=lambda i: -float(found["mu_star"][i]))
    ranks = {index: rank for rank, index in enumerate(order, start=1)}
    return [
        MorrisIndex(
            metric=metric,
            parameter=parameters[i],
            mu_star=float(found["mu_star"][i]),
            mu_star_conf=float(found["mu_star_conf"][i]),
            sigma=float(found["sigma"][i]),
            mu=float(found["mu"][i]),
            rank=ranks[i],
        )
        for i in order
    ]


def leading(indices: Sequence[MorrisIndex], count: int = 3) -> list[MorrisIndex]:
    """The ``count`` parameters a metric depends on most, with any effect at all."""
    ranked = sorted(indices, key=lambda index: index.rank)
    return [index for index in ranked if index.mu_star > 0][:count]
