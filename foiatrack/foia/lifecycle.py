"""Which status a request may move to from which. Plain data, checked by services.

draft → submitted → acknowledged → processing → an answer (fulfilled, partially fulfilled,
no responsive records, rejected) or withdrawn. Along the way the agency may ask for
clarification or a fee (the clock stops where the law says so), take its one extension,
release a first installment, or close the request unanswered. An answer short of
fulfilment, a closing, or (where the law makes silence a denial) no answer in time may be
appealed; after the decision the request goes back to processing, is closed, goes to
further review or to court. Any finished request may be reopened (back to processing).
"""

from foiatrack.foia.deadlines import Pause
from foiatrack.foia.laws import TOLLING_NONE, TOLLING_ONE_INFORMATION, LawRule
from foiatrack.foia.models import Status

S = Status

# The agency is waiting on the requester: the statutory clock may stop (per law).
PAUSED_STATUSES = frozenset({S.CLARIFICATION, S.FEE_DUE})
# The agency owes an answer: these can be overdue.
OPEN_STATUSES = frozenset({S.SUBMITTED, S.ACKNOWLEDGED, S.PROCESSING, S.EXTENDED, S.INSTALLMENT})
# The agency has answered (whatever the answer).
ANSWERED_STATUSES = frozenset(
    {
        S.FULFILLED,
        S.PARTIALLY_FULFILLED,
        S.NO_RECORDS,
        S.REJECTED,
        S.APPEAL,
        S.APPEAL_DECIDED,
        S.FURTHER_REVIEW,
        S.LITIGATION,
        S.CLOSED,
    }
)
CLOSED_STATUSES = frozenset(
    {
        S.FULFILLED,
        S.PARTIALLY_FULFILLED,
        S.NO_RECORDS,
        S.REJECTED,
        S.WITHDRAWN,
        S.AGENCY_CLOSED,
        S.CLOSED,
    }
)
# Review of the agency's answer (or silence) is under way or decided: no day counter.
APPEAL_STAGE_STATUSES = frozenset({S.APPEAL, S.APPEAL_DECIDED, S.FURTHER_REVIEW, S.LITIGATION})
# Staff have to do something next.
AWAITING_STAFF_STATUSES = frozenset({S.DRAFT, S.CLARIFICATION, S.FEE_DUE})
# Moves out of an open status that services allow only once the agency is late:
# 5 ILCS 140/3(d) (silence is a denial, §9.5(a) review) and 5 U.S.C. 552(a)(6)(C)(i).
ON_NO_RESPONSE = frozenset({S.APPEAL, S.LITIGATION})

_ANSWERS = {S.FULFILLED, S.PARTIALLY_FULFILLED, S.NO_RECORDS, S.REJECTED}
_WHILE_PENDING = (
    _ANSWERS
    | {
        S.CLARIFICATION,
        S.FEE_DUE,
        S.EXTENDED,
        S.WITHDRAWN,
        S.INSTALLMENT,
        S.AGENCY_CLOSED,
    }
    | ON_NO_RESPONSE
)
_REOPEN = {S.PROCESSING}

TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.SUBMITTED, S.WITHDRAWN}),
    S.SUBMITTED: frozenset({S.ACKNOWLEDGED, S.PROCESSING} | _WHILE_PENDING),
    S.ACKNOWLEDGED: frozenset({S.PROCESSING} | _WHILE_PENDING),
    S.PROCESSING: frozenset(_WHILE_PENDING),
    # The requester answers (back to processing) or gives up; or the agency closes.
    S.CLARIFICATION: frozenset({S.PROCESSING, S.WITHDRAWN, S.AGENCY_CLOSED}),
    S.FEE_DUE: frozenset({S.PROCESSING, S.WITHDRAWN, S.AGENCY_CLOSED}),
    # One extension only: no way back into EXTENDED from here.
    S.EXTENDED: frozenset(_WHILE_PENDING - {S.EXTENDED} | {S.PROCESSING}),
    S.INSTALLMENT: frozenset(_WHILE_PENDING - {S.EXTENDED} | {S.PROCESSING}),
    S.FULFILLED: frozenset(_REOPEN),
    S.PARTIALLY_FULFILLED: frozenset({S.APPEAL, S.LITIGATION} | _REOPEN),
    S.NO_RECORDS: frozenset({S.APPEAL, S.LITIGATION} | _REOPEN),
    S.REJECTED: frozenset({S.APPEAL, S.LITIGATION} | _REOPEN),
    S.WITHDRAWN: frozenset(_REOPEN),
    S.AGENCY_CLOSED: frozenset({S.APPEAL, S.LITIGATION, S.CLOSED} | _REOPEN),
    # A reviewer who misses its own deadline leaves the requester free to sue.
    S.APPEAL: frozenset({S.APPEAL_DECIDED, S.WITHDRAWN, S.LITIGATION}),
    # An appeal won sends the request back to the agency; otherwise close, seek further
    # review (e.g. administrative review of a PAC opinion) or sue.
    S.APPEAL_DECIDED: frozenset({S.PROCESSING, S.CLOSED, S.FURTHER_REVIEW, S.LITIGATION}),
    S.FURTHER_REVIEW: frozenset({S.APPEAL_DECIDED, S.LITIGATION, S.WITHDRAWN, S.CLOSED}),
    S.LITIGATION: frozenset({S.APPEAL_DECIDED, S.PROCESSING, S.WITHDRAWN, S.CLOSED}),
    S.CLOSED: frozenset(_REOPEN),
}


def allowed_transitions(status: str) -> list[str]:
    """Statuses reachable from `status`, in the order Status declares them."""
    allowed = TRANSITIONS.get(status, frozenset())
    return [value for value in Status.values if value in allowed]


def is_allowed(from_status: str, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(from_status, frozenset())


def _tolls(to_status: str, rule: LawRule | None, information_used: bool) -> bool:
    """Whether entering `to_status` stops the clock under `rule` (None: any wait does)."""
    if to_status not in PAUSED_STATUSES:
        return False
    if rule is None:
        return True
    if rule.tolling == TOLLING_NONE:
        return False
    if rule.tolling == TOLLING_ONE_INFORMATION and to_status == S.CLARIFICATION:
        # 5 U.S.C. 552(a)(6)(A)(ii)(I): one request for information; fee questions ((II))
        # may stop the clock as often as needed.
        return not information_used
    return True


def pauses_from_history(changes, rule: LawRule | None = None) -> list[Pause]:
    """Clock pauses from a request's status history: (effective_date, to_status) pairs in
    order. A pause runs from entering a waiting status that tolls under `rule` to leaving
    all waiting statuses. Without a rule every wait tolls."""
    pauses: list[Pause] = []
    started = None
    information_used = False
    for effective_date, to_status in changes:
        waiting = to_status in PAUSED_STATUSES
        if started is None and _tolls(to_status, rule, information_used):
            started = effective_date
            information_used |= to_status == S.CLARIFICATION
        elif not waiting and started is not None:
            pauses.append(Pause(start=started, end=effective_date))
            started = None
    if started is not None:
        pauses.append(Pause(start=started))
    return pauses
