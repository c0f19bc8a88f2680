"""Sending a request's letters (initial request, follow-up, appeal) by e-mail.

Idempotent: each send is a Dispatch row, unique per (request, key), claimed with a
conditional update before anything goes out, so a retry, a double click or two workers
never send the same letter twice. The Message-ID is chosen and recorded before sending.
"""

import logging
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from foiatrack.foia import services as foia_services
from foiatrack.foia.letters import render_letter
from foiatrack.foia.lifecycle import CLOSED_STATUSES, is_allowed
from foiatrack.foia.models import Communication, FoiaRequest, Status
from foiatrack.mail.addresses import MailNotConfiguredError, mail_domain, reply_address
from foiatrack.mail.models import Dispatch

logger = logging.getLogger(__name__)

SUBJECT_PREFIX = {
    Dispatch.Kind.INITIAL: "Public records request",
    Dispatch.Kind.FOLLOW_UP: "Follow-up on public records request",
    Dispatch.Kind.APPEAL: "Appeal / request for review",
}


class SendError(Exception):
    """The letter cannot be (or was not) sent. str() is for a person; nothing was recorded."""


def letter_subject(request: FoiaRequest, kind: str) -> str:
    """The subject: what it is, the title, the agency's numbers and our own reference."""
    numbers = [number for number in [request.tracking_number] if number]
    numbers += [t.number for t in request.tracking_numbers.all() if t.number not in numbers]
    reference = f" (your ref. {', '.join(numbers)})" if numbers else ""
    subject = f"{SUBJECT_PREFIX[kind]}: {request.title}{reference}"
    return f"{subject[:270]} [foiatrack #{request.id}]"


def _check_can_send(request: FoiaRequest, kind: str) -> None:
    if kind not in Dispatch.Kind.values:
        raise SendError(f"Unknown letter {kind!r}: send initial, follow-up or appeal.")
    if kind == Dispatch.Kind.INITIAL and request.status != Status.DRAFT:
        raise SendError("The request has already been submitted; send a follow-up instead.")
    if kind == Dispatch.Kind.FOLLOW_UP and (
        request.status == Status.DRAFT or request.status in CLOSED_STATUSES
    ):
        raise SendError("A follow-up is for a submitted request that is still open.")
    if kind == Dispatch.Kind.APPEAL and not is_allowed(request.status, Status.APPEAL):
        raise SendError(
            "An appeal follows a denial or a partial answer; this request cannot be appealed now."
        )


def _dispatch_key(kind: str, key: str) -> str:
    # The initial request goes out once, ever; follow-ups and appeals once per key (a form
    # renders a fresh key, the API takes an Idempotency-Key), else once a day.
    if kind == Dispatch.Kind.INITIAL:
        return "initial"
    return f"{kind}:{key or timezone.localdate().isoformat()}"[:80]


def letter_send(
    *, request: FoiaRequest, kind: str, user, key: str = "", to: str = "", filed_with: str = ""
) -> tuple[Dispatch, bool]:
    """Send the letter of `kind` for `request`; returns (dispatch, sent_now).

    sent_now is False when this key was already sent or is being sent. Raises SendError
    when it cannot be sent (nothing recorded as sent) or the send failed (retry allowed).
    """
    done = Dispatch.objects.filter(
        request=request,
        key=_dispatch_key(kind, key),
        state__in=[Dispatch.State.SENT, Dispatch.State.SENDING],
    ).first()
    if done is not None:  # a retry or a second click: already sent (or going out now)
        return done, False
    _check_can_send(request, kind)
    try:
        domain = mail_domain()
        reply = reply_address(request)
    except MailNotConfiguredError as error:
        raise SendError(str(error)) from None
    to = (to or request.agency.email or "").strip()
    if not to:
        raise SendError(f"{request.agency} has no e-mail address: add it to the agency first.")
    dispatch, _ = Dispatch.objects.get_or_create(
        request=request,
        key=_dispatch_key(kind, key),
        defaults={
            "kind": kind,
            "to_address": to,
            "subject": letter_subject(request, kind),
            "created_by": user,
        },
    )
    message_id = make_msgid(idstring=f"foiatrack.{request.id}", domain=domain)
    # The claim: only one caller moves this row from pending/failed to sending.
    claimed = Dispatch.objects.filter(
        id=dispatch.id, state__in=[Dispatch.State.PENDING, Dispatch.State.FAILED]
    ).update(state=Dispatch.State.SENDING, message_id=message_id, error="")
    if not claimed:
        dispatch.refresh_from_db()
        return dispatch, False
    dispatch.refresh_from_db()
    body = render_letter(request=request, kind=kind, author=user)
    _deliver(dispatch, request, reply, body)
    _record_sent(dispatch, request, user, body, filed_with)
    return dispatch, True


def _thread_headers(request: FoiaRequest, message_id: str) -> dict:
    earlier = list(
        Dispatch.objects.filter(request=request, state=Dispatch.State.SENT)
        .exclude(message_id="")
        .order_by("sent_at")
        .values_list("message_id", flat=True)
    )
    headers = {"Message-ID": message_id}
    if earlier:
        headers["In-Reply-To"] = earlier[-1]
        headers["References"] = " ".join(earlier[-10:])
    return headers


def _deliver(dispatch: Dispatch, request: FoiaRequest, reply: str, body: str) -> None:
    email = EmailMessage(
        subject=dispatch.subject,
        body=body,
        from_email=f"{settings.FOIA_MAIL_FROM_NAME} <{reply}>",
        to=[dispatch.to_address],
        reply_to=[reply],
        headers=_thread_headers(request, dispatch.message_id),
    )
    try:
        email.send(fail_silently=False)
    except Exception as error:
        logger.warning("sending dispatch %s failed", dispatch.id, exc_info=True)
        Dispatch.objects.filter(id=dispatch.id, state=Dispatch.State.SENDING).update(
            state=Dispatch.State.FAILED, error=str(error)[:2000]
        )
        raise SendError(
            f"The mail server refused the letter ({type(error).__name__}: {error}). Nothing "
            "was recorded as sent; try again."
        ) from None


@transaction.atomic
def _record_sent(dispatch: Dispatch, request: FoiaRequest, user, body: str, filed_with: str):
    today = timezone.localdate()
    communication = foia_services.communication_log(
        request=request,
        user=user,
        direction=Communication.Direction.OUTGOING,
        date=today,
        channel=Communication.Channel.EMAIL,
        subject=dispatch.subject,
        body=body,
    )
    Communication.objects.filter(id=communication.id).update(message_id=dispatch.message_id)
    Dispatch.objects.filter(id=dispatch.id).update(
        state=Dispatch.State.SENT, sent_at=timezone.now(), communication=communication
    )
    dispatch.state, dispatch.communication = Dispatch.State.SENT, communication
    note = f"Sent by e-mail to {dispatch.to_address}."
    try:
        if dispatch.kind == Dispatch.Kind.INITIAL:
            # An e-mail reaches the agency the day it is sent: the deadline counts from today.
            foia_services.request_transition(
                request=request,
                to_status=Status.SUBMITTED,
                user=user,
                note=note,
                effective_date=today,
            )
        elif dispatch.kind == Dispatch.Kind.APPEAL:
            foia_services.appeal_file(
                request=request,
                user=user,
                filed_with=filed_with or dispatch.to_address,
                filed_on=today,
                notes=note,
            )
    except foia_services.TransitionError as error:
        # The letter went out: it stays recorded as sent; staff change the status by hand.
        logger.warning("dispatch %s sent but the status change was refused: %s", dispatch.id, error)
