"""Per-request reply addresses: `request-<id>-<token>@FOIA_MAIL_DOMAIN`."""

import hmac
import re
from dataclasses import dataclass

from django.conf import settings

from foiatrack.foia.models import FoiaRequest
from foiatrack.mail.models import RequestMailbox

_LOCAL_PART = re.compile(r"^request-(\d{1,18})-([0-9a-z]{4,24})$")


class MailNotConfiguredError(Exception):
    """FOIA_MAIL_DOMAIN is not set. str() is for a person."""


@dataclass(frozen=True)
class AddressMatch:
    request: FoiaRequest | None
    forged: bool  # the address names a request but its token is wrong
    named_request_id: int | None


def mail_domain() -> str:
    domain = (settings.FOIA_MAIL_DOMAIN or "").strip().lower()
    if not domain:
        raise MailNotConfiguredError(
            "Mail is not configured: set FOIA_MAIL_DOMAIN to the domain replies come back to."
        )
    return domain


def reply_address(request: FoiaRequest) -> str:
    """The request's own reply address (its token is made on first use)."""
    mailbox, _ = RequestMailbox.objects.get_or_create(request=request)
    return f"request-{request.id}-{mailbox.token}@{mail_domain()}"


def match_reply_address(recipients: list[str]) -> AddressMatch:
    """The request a recipient address belongs to; `forged` when the id is right and the
    token wrong (someone guessed or altered the address)."""
    domain = (settings.FOIA_MAIL_DOMAIN or "").strip().lower()
    forged_id = None
    for address in recipients:
        local, _, host = address.lower().rpartition("@")
        local = local.split("+", 1)[-1] if "+request-" in local else local
        match = _LOCAL_PART.match(local)
        if not match or not domain or host != domain:
            continue
        request_id, token = int(match.group(1)), match.group(2)
        mailbox = RequestMailbox.objects.select_related("request").filter(request_id=request_id)
        mailbox = mailbox.first()
        if mailbox and hmac.compare_digest(mailbox.token, token):
            return AddressMatch(mailbox.request, False, request_id)
        forged_id = request_id
    return AddressMatch(None, forged_id is not None, forged_id)
