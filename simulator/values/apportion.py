"""Splitting a whole number of staff between instances: the largest remainder method.

Agency totals, counters moved to districts: the parts must add up to exactly the total
the scenario states (rounding each share on its own does not: ten districts rounding
10 x their population share gave 12 police officers).
"""

from __future__ import annotations


def largest_remainder(total: int, weights: list[float], minimum: int = 0) -> list[int]:
    """``total`` split in proportion to ``weights``, each part at least ``minimum``.

    Each part first gets ``minimum``; the rest is shared by the weights, each part its
    whole quota and the units left over going to the largest fractions (ties: the
    earlier part). Needs ``total >= minimum * len(weights)`` and a positive weight sum.
    """
    rest = total - minimum * len(weights)
    if rest < 0:
        raise ValueError(f"{total} is fewer than {minimum} for each of {len(weights)} parts")
    whole = sum(weights)
    quotas = [rest * w / whole for w in weights]
    parts = [int(q) for q in quotas]
    by_fraction = sorted(range(len(weights)), key=lambda i: (parts[i] - quotas[i], i))
    for i in by_fraction[: rest - sum(parts)]:
        parts[i] += 1
    return [minimum + part for part in parts]


__all__ = ["largest_remainder"]
