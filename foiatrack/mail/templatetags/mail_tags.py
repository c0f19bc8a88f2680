"""The mail card on a request's page, shown by one include (templates/mail/_send.html)."""

import uuid

from django import template

from foiatrack.foia.lifecycle import CLOSED_STATUSES, is_allowed
from foiatrack.foia.models import Status
from foiatrack.mail import selectors
from foiatrack.mail.forms import EmlForm

register = template.Library()


def _sendable(foia_request) -> list[tuple[str, str]]:
    status = foia_request.status
    kinds = []
    if status == Status.DRAFT:
        kinds.append(("initial", "Send the request"))
    elif status not in CLOSED_STATUSES:
        kinds.append(("follow-up", "Send a follow-up"))
    if is_allowed(status, Status.APPEAL):
        kinds.append(("appeal", "Send the appeal"))
    return kinds


@register.inclusion_tag("mail/_card.html", takes_context=True)
def mail_card(context, foia_request):
    """Send buttons, the .eml drop and the request's received mail."""
    return {
        "foia_request": foia_request,
        "csrf_token": context.get("csrf_token"),
        "send_kinds": _sendable(foia_request),
        # A fresh key per page view: a double click posts the same one and sends once.
        "send_key": uuid.uuid4().hex,
        "eml_form": EmlForm(),
        **selectors.request_mail(foia_request),
    }
