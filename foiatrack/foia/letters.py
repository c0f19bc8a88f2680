"""Letters drafted from templates (templates/foia/letters/): initial request, follow-up
when overdue, appeal. Staff copy them or download them as text."""

from django.template.loader import select_template
from django.utils import timezone

from foiatrack.audit.field_catalogue import field_label
from foiatrack.foia.models import FoiaRequest
from foiatrack.foia.selectors import appeal_window_closes, law_for_request, request_deadline

LETTER_KINDS = {
    "initial": "Initial request",
    "follow-up": "Follow-up (overdue)",
    "appeal": "Appeal / request for review",
}


class UnknownLetter(ValueError):
    pass


def render_letter(*, request: FoiaRequest, kind: str, author) -> str:
    """The text of a letter of `kind` for `request`, citing the request's law."""
    if kind not in LETTER_KINDS:
        raise UnknownLetter(f"Unknown letter {kind!r}.")
    law = law_for_request(request)
    # A law may have its own wording (e.g. appeal_il-foia.txt); otherwise the general one.
    template = select_template([f"foia/letters/{kind}_{law.code}.txt", f"foia/letters/{kind}.txt"])
    context = {
        "request": request,
        "agency": request.agency,
        "law": law,
        "deadline": request_deadline(request),
        "appeal_window_closes": appeal_window_closes(request),
        "author": author,
        "today": timezone.localdate(),
        "fields_wanted": [field_label(code) for code in request.fields_wanted],
        "format_wanted": request.get_format_wanted_display() if request.format_wanted else "",
        "exemptions": [
            {
                "section": exemption.section,
                "text": exemption.text,
                "fields": [field_label(code) for code in exemption.fields],
            }
            for exemption in request.exemptions.all()
        ],
        "tracking_numbers": [t.number for t in request.tracking_numbers.all()],
    }
    return template.render(context).strip() + "\n"
