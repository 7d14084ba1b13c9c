"""Where a dossier stands: its outcome, or which kind of pending it is at a given time.

Every dossier handled ends a run in exactly one ``Outcome``: resolved (on time or late),
returned or withdrawn, or one of five kinds of pending (``HANDLED_PARTS`` in
``values.metrics_outcomes`` sums them to ``handled``); a walk-in who gave up is not
handled. ``pending_at`` decides the kind of pending at a time from the dossier's own
timestamps, so the end of the run and the end of each quarter agree:

* awaiting a supplement: asked for one and not yet taken back in (at a counter, by
  post, or uploaded);
* awaiting review: an online dossier not yet accepted (submitted, or its supplement
  uploaded, and not yet reviewed); it has no deadline yet;
* awaiting reception: a walk-in not yet received (sent home at the last closing);
* within deadline / overdue: received (accepted) and in processing, by the deadline in
  force then: the report's "đang giải quyết trong hạn / quá hạn" (DOMAIN.md).
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from simulator.values.onestop_values import Channel


class Outcome(Enum):
    ON_TIME = "resolved_on_time"
    LATE = "resolved_late"
    RETURNED = "returned_or_withdrawn"
    GAVE_UP = "gave_up"
    PENDING_WITHIN = "pending_within_deadline"
    PENDING_OVERDUE = "pending_overdue"
    PENDING_REVIEW = "pending_awaiting_review"
    PENDING_SUPPLEMENT = "pending_awaiting_supplement"
    PENDING_RECEPTION = "pending_awaiting_reception"

    # Members are singletons compared by identity; Enum's own hash (of the name, in Python)
    # made each count of an outcome in a dict a slow call (a hot path of the recorder).
    __hash__ = object.__hash__


# module-level names: per-dossier code reads these without Enum's slow class attribute access
ON_TIME, LATE, RETURNED, GAVE_UP = Outcome.ON_TIME, Outcome.LATE, Outcome.RETURNED, Outcome.GAVE_UP

PENDING = (
    Outcome.PENDING_WITHIN,
    Outcome.PENDING_OVERDUE,
    Outcome.PENDING_REVIEW,
    Outcome.PENDING_SUPPLEMENT,
    Outcome.PENDING_RECEPTION,
)
PENDING_WITHIN, PENDING_OVERDUE, PENDING_REVIEW, PENDING_SUPPLEMENT, PENDING_RECEPTION = PENDING
ONLINE = Channel.ONLINE


def pending_at(dossier: Any, at: float) -> Outcome:
    """The kind of pending of a dossier open at ``at`` (see the module docstring)."""
    if dossier.asked_at <= at < dossier.resumed_at:
        return PENDING_SUPPLEMENT
    if not dossier.carried and not dossier.received_at <= at:  # NaN: not yet received
        return PENDING_REVIEW if dossier.channel is ONLINE else PENDING_RECEPTION
    # before a supplement was asked for, the first deadline was in force
    deadline = dossier.deadline_at if at >= dossier.resumed_at else dossier.first_deadline_at
    if deadline != deadline:  # NaN: no supplement, the deadline has not moved
        deadline = dossier.deadline_at
    return PENDING_WITHIN if deadline >= at else PENDING_OVERDUE
