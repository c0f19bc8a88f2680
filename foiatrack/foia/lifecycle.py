"""Which status a request may move to from which. Plain data, checked by services.

draft → submitted → acknowledged → processing → an answer (fulfilled, partially fulfilled,
no responsive records, rejected) or withdrawn. Along the way the agency may ask for
clarification or a fee (the clock stops) or take its one extension. An answer short of
fulfilment may be appealed; a decided appeal that orders release sends the request back
to processing.
"""

from foiatrack.foia.deadlines import Pause
from foiatrack.foia.models import Status

S = Status

# The agency is waiting on the requester: the statutory clock stops.
PAUSED_STATUSES = frozenset({S.CLARIFICATION, S.FEE_DUE})
# The agency owes an answer: these can be overdue.
OPEN_STATUSES = frozenset({S.SUBMITTED, S.ACKNOWLEDGED, S.PROCESSING, S.EXTENDED})
# The agency has answered (whatever the answer).
ANSWERED_STATUSES = frozenset(
    {S.FULFILLED, S.PARTIALLY_FULFILLED, S.NO_RECORDS, S.REJECTED, S.APPEAL, S.APPEAL_DECIDED}
)
CLOSED_STATUSES = frozenset(
    {S.FULFILLED, S.PARTIALLY_FULFILLED, S.NO_RECORDS, S.REJECTED, S.WITHDRAWN}
)
# Staff have to do something next.
AWAITING_STAFF_STATUSES = frozenset({S.DRAFT, S.CLARIFICATION, S.FEE_DUE})

_ANSWERS = {S.FULFILLED, S.PARTIALLY_FULFILLED, S.NO_RECORDS, S.REJECTED}
_WHILE_PENDING = _ANSWERS | {S.CLARIFICATION, S.FEE_DUE, S.EXTENDED, S.WITHDRAWN}

TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.SUBMITTED, S.WITHDRAWN}),
    S.SUBMITTED: frozenset({S.ACKNOWLEDGED, S.PROCESSING} | _WHILE_PENDING),
    S.ACKNOWLEDGED: frozenset({S.PROCESSING} | _WHILE_PENDING),
    S.PROCESSING: frozenset(_WHILE_PENDING),
    # The requester answers (back to processing) or gives up.
    S.CLARIFICATION: frozenset({S.PROCESSING, S.WITHDRAWN}),
    S.FEE_DUE: frozenset({S.PROCESSING, S.WITHDRAWN}),
    # One extension only: no way back into EXTENDED from here.
    S.EXTENDED: frozenset(_ANSWERS | {S.PROCESSING, S.CLARIFICATION, S.FEE_DUE, S.WITHDRAWN}),
    S.FULFILLED: frozenset(),
    S.PARTIALLY_FULFILLED: frozenset({S.APPEAL}),
    S.NO_RECORDS: frozenset({S.APPEAL}),
    S.REJECTED: frozenset({S.APPEAL}),
    S.WITHDRAWN: frozenset(),
    S.APPEAL: frozenset({S.APPEAL_DECIDED, S.WITHDRAWN}),
    # An appeal won sends the request back to the agency.
    S.APPEAL_DECIDED: frozenset({S.PROCESSING}),
}


def allowed_transitions(status: str) -> list[str]:
    """Statuses reachable from `status`, in the order Status declares them."""
    allowed = TRANSITIONS.get(status, frozenset())
    return [value for value in Status.values if value in allowed]


def is_allowed(from_status: str, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(from_status, frozenset())


def pauses_from_history(changes) -> list[Pause]:
    """Clock pauses from a request's status history: (effective_date, to_status) pairs in
    order. A pause runs from entering a waiting status to leaving all of them."""
    pauses: list[Pause] = []
    started = None
    for effective_date, to_status in changes:
        waiting = to_status in PAUSED_STATUSES
        if waiting and started is None:
            started = effective_date
        elif not waiting and started is not None:
            pauses.append(Pause(start=started, end=effective_date))
            started = None
    if started is not None:
        pauses.append(Pause(start=started))
    return pauses
