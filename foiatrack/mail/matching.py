"""Which request a received message answers: reply address, then tracking number, then
thread headers (In-Reply-To, References). Nothing found: the triage queue."""

import re
from dataclasses import dataclass, field

from django.db.models import Q

from foiatrack.foia.models import Communication, FoiaRequest, TrackingNumber
from foiatrack.mail.addresses import match_reply_address
from foiatrack.mail.models import Dispatch, MailMessage
from foiatrack.mail.parsing import ParsedMessage

# Our own reference, put in every subject we send: "[foiatrack #123]".
OWN_REFERENCE = re.compile(r"\[foiatrack #(\d{1,18})\]", re.IGNORECASE)
# Words that may be an agency's tracking number (e.g. "P123456-031426", "2026-FOIA-0042").
_CANDIDATE = re.compile(r"\b[A-Za-z0-9][A-Za-z0-9-]{3,40}\b")


@dataclass
class Match:
    request: FoiaRequest | None
    matched_by: str
    notes: list[str] = field(default_factory=list)
    forged: bool = False


def match_message(parsed: ParsedMessage) -> Match:
    """The request for `parsed`, how it was found, and notes for staff."""
    address = match_reply_address(parsed.recipients)
    if address.request is not None:
        return Match(address.request, MailMessage.MatchedBy.REPLY_ADDRESS)
    if address.forged:
        # Someone wrote to a request's address with a wrong token: never file it by itself.
        note = (
            f"Forged reply address: it names request {address.named_request_id} but its token "
            "is wrong. Check the sender before assigning it."
        )
        return Match(None, MailMessage.MatchedBy.TRIAGE, [note], forged=True)
    request = _by_tracking_number(parsed) or None
    if request is not None:
        return Match(request, MailMessage.MatchedBy.TRACKING_NUMBER)
    request = _by_thread(parsed.thread_ids)
    if request is not None:
        return Match(request, MailMessage.MatchedBy.THREAD)
    return Match(None, MailMessage.MatchedBy.TRIAGE, ["No request matched this message."])


def _by_tracking_number(parsed: ParsedMessage) -> FoiaRequest | None:
    own = OWN_REFERENCE.search(parsed.subject)
    if own:
        request = FoiaRequest.objects.filter(id=int(own.group(1))).first()
        if request is not None:
            return request
    candidates = set(_CANDIDATE.findall(parsed.subject))
    if not candidates:
        return None
    # Only numbers with a digit: words such as "Request" must never match.
    candidates = {word for word in candidates if any(char.isdigit() for char in word)}
    ids = set(
        FoiaRequest.objects.filter(tracking_number__in=candidates).values_list("id", flat=True)
    )
    ids |= set(
        TrackingNumber.objects.filter(number__in=candidates).values_list("request_id", flat=True)
    )
    # Two requests with the same number: ambiguous, left to staff.
    return FoiaRequest.objects.get(id=ids.pop()) if len(ids) == 1 else None


def _by_thread(message_ids: list[str]) -> FoiaRequest | None:
    if not message_ids:
        return None
    for model in (Dispatch, Communication):
        found = model.objects.filter(message_id__in=message_ids).values_list("request_id")
        ids = {row[0] for row in found}
        if len(ids) == 1:
            return FoiaRequest.objects.get(id=ids.pop())
    found = MailMessage.objects.filter(
        Q(message_id__in=message_ids) & Q(request__isnull=False)
    ).values_list("request_id", flat=True)
    ids = set(found)
    return FoiaRequest.objects.get(id=ids.pop()) if len(ids) == 1 else None
