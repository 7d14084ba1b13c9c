"""The conservation check at the end of every replication: no dossier or customer is lost.

Every dossier that entered a one-stop run (new, including those who later gave up, and
carried over) ends in exactly one outcome: resolved on time or late, returned, gave up, or
one of the pending kinds. The recorder counts outcomes in ``Recorder.counts``, keyed by
``Outcome``, so a new end state (a new pending kind) is one new ``Outcome`` member and is
checked without touching this module. In the plain network, every customer who arrived has
left or is still queued or in service at the end.

A failure is a bug in the model, not bad input: it raises ``ConservationError`` (exit 1)
naming the replication and the counts. The check is a few integer sums per replication.
"""

from __future__ import annotations

from collections.abc import Mapping

from simulator.values.errors import SimulatorError


class ConservationError(SimulatorError):
    """Internal error: the end states of a replication do not add up to what entered."""


def check_balance(
    what: str, replication: str, entered: int, ends: Mapping[str, int], *extra: tuple[str, int]
) -> None:
    """Raise unless ``entered`` equals the sum of ``ends`` and each extra pair agrees.

    ``extra`` pairs (a name, a number that must equal ``entered``) check derived totals,
    e.g. that the published ``handled`` plus those who gave up is what entered.
    """
    total = sum(ends.values())
    wrong = [f"{name} = {value}" for name, value in extra if value != entered]
    if total == entered and not wrong:
        return
    parts = ", ".join(f"{name} {count}" for name, count in ends.items())
    raise ConservationError(
        f"internal error: {what} not conserved in {replication}: {entered} entered, "
        f"{total} in end states ({parts})" + (f"; {'; '.join(wrong)}" if wrong else "")
    )
