"""The lifecycle step a reply's text suggests, for staff to confirm. Plain Python.

Nothing here changes a request: it returns a suggestion with the sentence that led to it.
Order matters: records attached beats a cited exemption (a partial release), which beats
a fee, an extension, a request for clarification and a bare acknowledgement.
"""

import re
from datetime import date, datetime

_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n{2,}")
_EXEMPTION = re.compile(
    r"(?i)(?:5\s*ILCS\s*140/\s*)?\b7(?:\.5)?\s*\(\s*1\s*\)(?:\s*\(\s*[a-z]{1,4}\s*\))+"
    r"|(?:5\s*U\.?\s*S\.?\s*C\.?\s*(?:§+\s*)?552\s*)?\(b\)\s*\(\s*[1-9]\s*\)(?:\s*\(\s*[A-F]\s*\))?"
)
_DENIED = re.compile(
    r"(?i)\b(den(y|ied|ial)|exempt(ed)? from (disclosure|release)|withh(e|o)ld|redact)"
)
_RECORDS = re.compile(
    r"(?i)\b(attached (are|is|please find)|please find attached|enclosed (are|is)|"
    r"responsive (records|documents) (are|is) attached|records? (are|is) attached)"
)
_FEE = re.compile(r"(?i)\b(fee|fees|cost|costs|payment|pay|invoice|charge)\b")
_AMOUNT = re.compile(r"\$\s?(\d{1,3}(?:,\d{3})+(?:\.\d{2})?|\d+(?:\.\d{2})?)")
_EXTENSION = re.compile(
    r"(?i)\b(extend(ing|ed)?|extension|additional (five|5|ten|10) (business|working) days|"
    r"5 ILCS 140/3\(e\)|unusual circumstances)\b"
)
_CLARIFY = re.compile(
    r"(?i)\b(clarif(y|ication)|narrow (your|the) request|please specify|more specific|"
    r"unduly burdensome)\b"
)
_ACK = re.compile(
    r"(?i)\b(received your (foia )?request|acknowledge[sd]? receipt|has been received|"
    r"we are processing|assigned (the )?(tracking|reference|request) (number|no\.?))"
)
_REFERENCE = re.compile(
    r"(?i)\b(?:tracking|reference|request|case|FOIA)\s*(?:number|no\.?|#)\s*:?\s*#?\s*"
    r"([A-Z0-9][A-Z0-9-]{2,40})"
)
_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_NAMED_DATE = re.compile(r"(?i)\b(" + "|".join(_MONTHS) + r")\s+(\d{1,2}),?\s+(\d{4})\b")
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b|\b(\d{4})-(\d{2})-(\d{2})\b")


def suggest_status(text: str, *, data_attachments: int, kind: str = "reply") -> dict | None:
    """{"status", "evidence", and "date"/"amount"/"exemptions"/"tracking_number" when
    found} or None. Bounces suggest nothing; automatic replies at most an acknowledgement."""
    if kind == "bounce":
        return None
    sentences = [" ".join(s.split()) for s in _SENTENCE.split(text or "") if s.strip()]
    if kind == "auto_reply":
        return _acknowledged(sentences, text)
    exemptions = list(dict.fromkeys(" ".join(m.split()) for m in _EXEMPTION.findall(text or "")))
    records = data_attachments > 0 or _first(sentences, _RECORDS) is not None
    denial = _first(sentences, _DENIED)
    if records:
        status = "partially_fulfilled" if exemptions or denial else "fulfilled"
        evidence = _first(sentences, _RECORDS) or f"{data_attachments} data file(s) attached."
        return _with(status, evidence, exemptions=exemptions)
    if denial and (exemptions or re.search(r"(?i)\bden(y|ied|ial)\b", denial)):
        return _with("rejected", denial, exemptions=exemptions)
    for sentence in sentences:
        amount = _AMOUNT.search(sentence)
        if amount and _FEE.search(sentence):
            return _with("fee_due", sentence, amount=amount.group(1).replace(",", ""))
    extension = _first(sentences, _EXTENSION)
    if extension:
        found = _date_in(extension)
        return _with("extended", extension, date=found.isoformat() if found else None)
    clarify = _first(sentences, _CLARIFY)
    if clarify:
        return _with("clarification", clarify)
    return _acknowledged(sentences, text)


def _acknowledged(sentences: list[str], text: str) -> dict | None:
    sentence = _first(sentences, _ACK)
    if sentence is None:
        return None
    reference = _REFERENCE.search(text or "")
    number = reference.group(1) if reference else None
    return _with("acknowledged", sentence, tracking_number=number)


def _first(sentences: list[str], pattern: re.Pattern) -> str | None:
    return next((s for s in sentences if pattern.search(s)), None)


def _with(status: str, evidence: str, **details) -> dict:
    found = {key: value for key, value in details.items() if value}
    return {"status": status, "evidence": evidence[:500], **found}


def _date_in(sentence: str) -> date | None:
    named = _NAMED_DATE.search(sentence)
    if named:
        try:
            month = _MONTHS.index(named.group(1).lower()) + 1
            return date(int(named.group(3)), month, int(named.group(2)))
        except ValueError:
            return None
    numeric = _NUMERIC_DATE.search(sentence)
    if numeric:
        try:
            if numeric.group(1):
                return date(int(numeric.group(3)), int(numeric.group(1)), int(numeric.group(2)))
            return datetime.strptime(numeric.group(0), "%Y-%m-%d").date()
        except ValueError:
            return None
    return None
