"""What the law lets a status change do, checked before services make it.

Each check cites the rule it applies; the message says why the move is refused.
"""

from datetime import date

from django.core.exceptions import ValidationError

from foiatrack.foia.deadlines import extension_allowed, extension_notice_deadline
from foiatrack.foia.laws import APPEAL_COURT, LawRule
from foiatrack.foia.lifecycle import OPEN_STATUSES, PAUSED_STATUSES, pauses_from_history
from foiatrack.foia.models import FoiaRequest, Status
from foiatrack.foia.selectors import calendar_for_agency, law_for_request

DENIALS = frozenset({Status.PARTIALLY_FULFILLED, Status.NO_RECORDS, Status.REJECTED})


class LawRefusal(ValidationError):
    """A status change the request's law does not allow."""


def _history(request: FoiaRequest):
    return [(c.effective_date, c.to_status) for c in request.status_changes.all()]


def _check_extension(request: FoiaRequest, rule: LawRule, effective_date: date) -> None:
    if request.extension_taken:
        raise LawRefusal("The agency has already taken its one extension.")
    if rule.extension_days is None:
        raise LawRefusal(f"{rule.name} provides no extension.")
    if not extension_allowed(rule, commercial=request.commercial, recurrent=request.recurrent):
        raise LawRefusal(
            f"{rule.name}: the commercial and recurrent periods stand on their own "
            "(5 ILCS 140/3.1, 3.2 apply “notwithstanding” §3), so §3(e)'s extension "
            "cannot be added to them."
        )
    if request.date_received is None:
        return
    calendar = calendar_for_agency(request.agency)
    pauses = pauses_from_history(_history(request), rule)
    last_day = extension_notice_deadline(rule, request.date_received, calendar, pauses)
    if last_day is not None and effective_date > last_day:
        raise LawRefusal(
            f"Too late for an extension: under {rule.citation} notice had to be given by "
            f"{last_day:%B %-d, %Y}. The request stays due on its original date (and "
            "overdue once that passes); log the agency's letter as a communication."
        )


def _check_no_response(request: FoiaRequest, rule: LawRule, to_status: str, day: date) -> None:
    late = request.date_due is not None and request.date_due < day
    if to_status == Status.APPEAL and not rule.appeal_on_no_response:
        raise LawRefusal(f"{rule.name} gives no appeal of a request left unanswered.")
    if to_status == Status.LITIGATION and not rule.court_on_no_response:
        raise LawRefusal(f"{rule.name}: appeal first; silence alone does not open court.")
    if not late:
        raise LawRefusal(
            f"A request that is “{Status(request.status).label}” cannot become "
            f"“{Status(to_status).label}” yet: the agency is not late (due "
            f"{request.date_due or 'date unknown'}); silence can be taken further only "
            "after the due date."
        )


def check_law_allows(request: FoiaRequest, to_status: str, effective_date: date) -> None:
    """Raise LawRefusal when the request's law forbids this (already allowed) move."""
    rule = law_for_request(request)
    if to_status == Status.EXTENDED:
        _check_extension(request, rule, effective_date)
    elif to_status in {Status.APPEAL, Status.LITIGATION} and (
        request.status in OPEN_STATUSES or request.status in PAUSED_STATUSES
    ):
        _check_no_response(request, rule, to_status, effective_date)
    elif (
        to_status == Status.LITIGATION
        and request.status in DENIALS
        and rule.appeal_route != APPEAL_COURT
        and not rule.court_without_appeal
    ):
        raise LawRefusal(f"{rule.name}: appeal to {rule.appeal_body} before going to court.")
