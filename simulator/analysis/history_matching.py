"""History matching: which parameter values the published figures do not rule out.

Pure functions over replication values. For each informative target i and design
point x (Vernon, Goldstein and Bower 2010; Andrianakis et al. 2015 for stochastic
models), the implausibility is

    I_i(x) = |z_i - m_i(x)| / sqrt(V_obs + V_ens(x) + V_ens(x) / R + V_disc)

- z_i the published figure; m_i(x) the mean of R replications at x;
- V_obs = (tolerance / 2)^2: a target's tolerance is read as two standard deviations of
  the figure (DOMAIN.md: the report's counts are preliminary, "tolerances of a few percent
  as the data's own uncertainty");
- V_ens = s_i(x)^2, one replication's variance: the real quarter is itself a single
  realisation, so even the true parameters miss z by about one replication's spread;
- V_ens / R: the uncertainty of the R-replication mean (what an emulator's variance
  would be);
- V_disc: model discrepancy, in tolerance units (default 0: the calibrated baseline
  reproduces every target inside its tolerance, README "Calibration").

A point is not ruled out when the LARGEST I_i is at most 3 (Pukelsheim's three-sigma
rule: at least 95% of any unimodal distribution lies within 3 sd). With five
informative targets that are strongly tied together (resolved = on time + late; the
rate is their ratio) the second-largest, meant for tens of outputs, would let one
badly missed figure pass.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats
from scipy.stats import qmc

from simulator.values.targets import Target, Targets

CUTOFF = 3.0  # Pukelsheim's three-sigma rule
TOLERANCE_SDS = 2.0  # a target's tolerance is two standard deviations of the figure
# The report blames late closing for most late dossiers; the late count fixes roughly the
# share closed late times the chance its lag overruns the slack, so these two may trade off.
CLOSING_RIDGE = ("processing.margin.mean", "closing.session_every_days")
# A rule of thumb: a rank correlation this strong over the accepted points means they lie
# along a trade-off (a ridge) rather than filling a blob.
RIDGE_CORRELATION = 0.5


@dataclass(frozen=True, kw_only=True)
class Judgement:
    """One design point against the informative targets."""

    means: dict[str, float]
    implausibility: dict[str, float]  # per informative target's metric
    largest: float  # the largest implausibility
    accepted: bool  # not ruled out: largest <= cutoff


def latin_hypercube(
    points: int,
    dimensions: int,
    seed: int,
    wave: int = 0,
    low: Sequence[float] | None = None,
    high: Sequence[float] | None = None,
) -> np.ndarray:
    """``points`` x ``dimensions`` Latin hypercube in [low, high] (unit coordinates), seeded.

    The same (seed, wave) always gives the same points; ``random-cd`` improves the
    centred discrepancy, so the points fill the box more evenly than a plain LHS.
    """
    if points < 1 or dimensions < 1:
        raise ValueError(f"need at least one point and one dimension, not {points}x{dimensions}")
    rng = np.random.default_rng([seed, wave])
    sample = qmc.LatinHypercube(d=dimensions, optimization="random-cd", rng=rng).random(points)
    if low is None and high is None:
        return sample
    return qmc.scale(sample, np.asarray(low, float), np.asarray(high, float))


def implausibility(
    observed: float,
    mean: float,
    *,
    observation_var: float,
    ensemble_var: float,
    reps: int,
    discrepancy_var: float = 0.0,
) -> float:
    """|z - m| / sqrt(V_obs + V_ens (1 + 1/R) + V_disc); inf when the mean is undefined."""
    if reps < 1:
        raise ValueError(f"reps must be >= 1, not {reps}")
    if not math.isfinite(mean):
        return math.inf
    total = observation_var + ensemble_var * (1 + 1 / reps) + discrepancy_var
    if total <= 0:
        return 0.0 if observed == mean else math.inf
    return abs(observed - mean) / math.sqrt(total)


def observation_var(target: Target) -> float:
    """The variance a target's tolerance stands for: (tolerance / TOLERANCE_SDS)^2."""
    return (target.tolerance / TOLERANCE_SDS) ** 2


def judge(
    values: Mapping[str, Sequence[float]],
    targets: Targets,
    *,
    cutoff: float = CUTOFF,
    discrepancy: float = 0.0,
) -> Judgement:
    """Implausibility of each informative target from its replication values at one point.

    ``discrepancy`` is the model-discrepancy sd in units of each target's tolerance.
    Replications where a metric is undefined (NaN) are left out; none left -> inf.
    """
    means, scores = {}, {}
    for target in targets.informative:
        array = np.asarray(values[target.metric], dtype=float)
        finite = array[np.isfinite(array)]
        mean = float(np.mean(finite)) if finite.size else math.nan
        spread = float(np.var(finite, ddof=1)) if finite.size > 1 else 0.0
        means[target.metric] = mean
        scores[target.metric] = implausibility(
            target.value,
            mean,
            observation_var=observation_var(target),
            ensemble_var=spread,
            reps=max(finite.size, 1),
            discrepancy_var=(discrepancy * target.tolerance) ** 2,
        )
    largest = max(scores.values())
    return Judgement(
        means=means, implausibility=scores, largest=largest, accepted=largest <= cutoff
    )


def refocus(accepted: np.ndarray, points: int) -> tuple[np.ndarray, np.ndarray] | None:
    """The box (unit coordinates) a next wave samples: around the points not ruled out.

    Padded by one stratum of the previous wave (1 / points) on each side, so a region
    that a coarse design only grazed is not cut off; None when nothing was accepted.
    """
    if len(accepted) == 0:
        return None
    pad = 1.0 / points
    low = np.clip(accepted.min(axis=0) - pad, 0.0, 1.0)
    high = np.clip(accepted.max(axis=0) + pad, 0.0, 1.0)
    return low, np.maximum(high, low + 1e-9)


def accepted_correlation(x: Sequence[float], y: Sequence[float]) -> float | None:
    """Spearman rank correlation of two parameters over the accepted points (None: < 3 points).

    A ridge — a trade-off the figures cannot separate, such as more dossiers closed late
    each after a shorter lag — shows as a rank correlation near -1 or +1 whether the
    ridge is straight or curved; about 0, the figures pin the two separately or not at all.
    """
    a, b = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if a.size < 3 or np.ptp(a) == 0 or np.ptp(b) == 0:
        return None
    return float(stats.spearmanr(a, b).statistic)


def ridge_verdict(correlation: float | None) -> str:
    """Words for a pair's rank correlation over the accepted points."""
    if correlation is None:
        return "too few accepted points to tell"
    kind = "a ridge" if abs(correlation) >= RIDGE_CORRELATION else "no clear ridge"
    return f"accepted rank r = {correlation:+.2f}: {kind}"


def posterior_columns(parameters: Sequence[str], metrics: Sequence[str]) -> tuple[str, ...]:
    """The columns of ``calibration_posterior.csv``: one row per design point."""
    return (
        "point",
        "wave",
        *parameters,
        *(f"simulated.{m}" for m in metrics),
        *(f"implausibility.{m}" for m in metrics),
        "max_implausibility",
        "accepted",
    )
