"""Splitting a whole number of staff between instances: the largest remainder method.

Agency totals, counters moved to districts: the parts must add up to exactly the total
the scenario states (rounding each share on its own does not: ten districts rounding
10 x their population share gave 12 police officers).
"""

from __future__ import annotations


def largest_remainder(total: int, weights: list[float], minimum: int = 0) -> list[int]:
    """``total`` split in proportion to ``weights``, each part at least ``minimum``.

    Each part gets the whole number of its quota (``total`` x its weight share), or
    ``minimum`` if that is more; units still to give go one at a time to the part whose
    quota exceeds it most, and units given beyond the total (minimums raised small parts)
    are taken back one at a time from the part most above its quota that is above the
    minimum (ties: the earlier part). Needs ``total >= minimum * len(weights)`` and a
    positive weight sum.
    """
    count = len(weights)
    if total < minimum * count:
        raise ValueError(f"{total} is fewer than {minimum} for each of {count} parts")
    whole = sum(weights)
    quotas = [total * w / whole for w in weights]
    parts = [max(minimum, int(q)) for q in quotas]
    for _ in range(total - sum(parts)):
        most = max(range(count), key=lambda i: (quotas[i] - parts[i], -i))
        parts[most] += 1
    for _ in range(sum(parts) - total):
        above = [i for i in range(count) if parts[i] > minimum]
        parts[min(above, key=lambda i: (quotas[i] - parts[i], i))] -= 1
    return parts


__all__ = ["largest_remainder"]
