"""Letters drafted from templates (templates/foia/letters/): initial request, follow-up
when overdue, appeal. Staff copy them or download them as text or as a PDF."""

from io import BytesIO
from pathlib import Path

import reportlab
from django.template.loader import select_template
from django.utils import timezone

from foiatrack.audit.field_catalogue import field_label
from foiatrack.foia.models import FoiaRequest, Status
from foiatrack.foia.selectors import appeal_window_closes, law_for_request, request_deadline

LETTER_KINDS = {
    "initial": "Initial request",
    "follow-up": "Follow-up (overdue)",
    "appeal": "Appeal / request for review",
}


# The answers an appeal can be about; "Under appeal" is never the answer appealed.
ANSWERS = frozenset(
    {Status.FULFILLED, Status.PARTIALLY_FULFILLED, Status.NO_RECORDS, Status.REJECTED}
)


class UnknownLetter(ValueError):
    pass


def answer_appealed(request: FoiaRequest):
    """The agency's last answer (a StatusChange) before any appeal, or None."""
    answers = [c for c in request.status_changes.all() if c.to_status in ANSWERS]
    return answers[-1] if answers else None


def _records_lines(text: str) -> list[str]:
    """The records asked for, one item per line (a list stays a list in the letter)."""
    lines = [line.strip().lstrip("-•*").strip() for line in text.splitlines()]
    return [line for line in lines if line]


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
        "answer": answer_appealed(request),
        "records_lines": _records_lines(request.records_requested),
    }
    return template.render(context).strip() + "\n"


# Bitstream Vera ships inside reportlab: the PDF embeds it, nothing is fetched.
FONT_DIR = Path(reportlab.__file__).parent / "fonts"
PDF_FONT = "LetterVera"


def _register_font() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if PDF_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(PDF_FONT, str(FONT_DIR / "Vera.ttf")))


def letter_blocks(text: str) -> list[dict]:
    """The letter's paragraphs in order: {"items": [...]} for a list (lines written
    "- item"), {"lines": [...]} for the rest."""
    blocks: list[dict] = []
    for block in text.strip().split("\n\n"):
        previous = None
        for line in (line.strip() for line in block.splitlines()):
            if not line:
                continue
            kind, value = ("items", line[2:]) if line.startswith("- ") else ("lines", line)
            if kind != previous:
                blocks.append({kind: []})
                previous = kind
            blocks[-1][kind].append(value)
    return blocks


def letter_pdf(text: str, *, title: str) -> bytes:
    """The letter as an A4/Letter-size PDF with its font embedded; list items as bullets."""
    from xml.sax.saxutils import escape

    from reportlab.lib.pagesizes import LETTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import inch
    from reportlab.platypus import ListFlowable, ListItem, Paragraph, SimpleDocTemplate, Spacer

    _register_font()
    body = ParagraphStyle("body", fontName=PDF_FONT, fontSize=11, leading=15)
    story = []
    for block in letter_blocks(text):
        if "items" in block:
            bullets = [ListItem(Paragraph(escape(item), body)) for item in block["items"]]
            story.append(ListFlowable(bullets, bulletType="bullet", bulletFontName=PDF_FONT))
        else:
            story.append(Paragraph("<br/>".join(escape(x) for x in block["lines"]), body))
        story.append(Spacer(1, 9))
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=LETTER, title=title, leftMargin=inch, rightMargin=inch
    )
    document.build(story)
    return buffer.getvalue()
