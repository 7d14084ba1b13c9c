"""Common random numbers: one independent, named random stream per source of randomness.

Replication r of a run with seed s draws, say, arrivals at station "a" from the
stream named "arrivals/a" and nothing else. Comparing two scenarios with the same
(s, r) then pairs like with like: adding a counter changes service draws, not the
arrival pattern. A stream depends only on (seed, replication, name), never on
which other streams exist or the order in which they were first asked for.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import numpy as np

from simulator.values.distribution_base import draws_in_blocks

_NAME_WORDS = 4  # 128 bits of the name's hash: collisions between names are negligible


def name_key(name: str) -> tuple[int, ...]:
    """A stable integer encoding of a stream name.

    sha256, not hash(): Python randomises str hashes per process, and a replication
    must give the same numbers in every process (parallel workers, reruns).
    """
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    return tuple(int.from_bytes(digest[4 * i : 4 * i + 4], "little") for i in range(_NAME_WORDS))


def _non_negative_int(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{what} must be a whole number >= 0, not {value!r}")
    return value


class Streams:
    """The random streams of one replication of one run, created on first use."""

    def __init__(self, seed: int, replication: int) -> None:
        self.seed = _non_negative_int(seed, "seed")
        self.replication = _non_negative_int(replication, "replication")
        self._generators: dict[str, np.random.Generator] = {}

    def generator(self, name: str) -> np.random.Generator:
        """The generator for ``name``; the same object on every call."""
        if name not in self._generators:
            if not isinstance(name, str) or not name:
                raise ValueError(f"stream name must be a non-empty string, not {name!r}")
            sequence = np.random.SeedSequence(
                entropy=self.seed, spawn_key=(self.replication, *name_key(name))
            )
            self._generators[name] = np.random.Generator(np.random.PCG64(sequence))
        return self._generators[name]

    def __repr__(self) -> str:
        return f"Streams(seed={self.seed}, replication={self.replication})"


def uniform_sampler(rng: np.random.Generator, block: int = 4096) -> Callable[[], float]:
    """Uniform(0, 1) draws, a block at a time (numpy is fast per block, slow per scalar)."""
    if block < 1:  # empty blocks would be read for ever
        raise ValueError(f"block must be a whole number >= 1, not {block!r}")
    return draws_in_blocks(lambda: rng.random(block).tolist())
