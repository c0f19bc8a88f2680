"""The follow-up letter's sentence for asked demographics that did not come back: "You
released arrest records without the arrestee's race and age; please provide them."

A demographic field (the catalogue's fields whose roles are all demographic roles) counts
as delivered when a column with one of its roles is filled in at least the comparison's
minimum share of rows. Plain Python over the request's ask and the stored findings.
"""

from foiatrack.audit.compare import DEFAULT_MIN_FILL_RATE
from foiatrack.audit.field_catalogue import FIELDS, field_label
from foiatrack.audit.vocabulary import DEMOGRAPHIC_ROLES

DEMOGRAPHIC_FIELDS = [
    code for code, spec in FIELDS.items() if set(spec.roles) <= set(DEMOGRAPHIC_ROLES)
]
# Whose demographics, in the stage's own word for the person in the record.
PERSON_OF_STAGE = {
    "call": "the caller's",
    "report": "the person's",
    "arrest": "the arrestee's",
    "charge": "the defendant's",
    "court": "the defendant's",
    "jail": "the detainee's",
    "sentence": "the defendant's",
    "prison": "the prisoner's",
}
_WHOSE = {"complainant": "the complainant's", "officer": "the responding officers'"}
_WHAT = {"race": "race", "ethnicity": "ethnicity", "sex": "sex or gender", "age": "age"}


def missing_demographics(
    asked: list[str], findings: dict | None, min_fill_rate: float = DEFAULT_MIN_FILL_RATE
) -> list[str]:
    """The asked demographic field codes no column of the findings delivers."""
    filled = {
        column.get("role")
        for column in (findings or {}).get("columns") or []
        if 1 - (column.get("null_rate") or 0) >= min_fill_rate
    }
    return [
        code
        for code in asked
        if code in DEMOGRAPHIC_FIELDS and not filled & set(FIELDS[code].roles)
    ]


def demographics_sentence(stage: str | None, records: str, missing: list[str]) -> str:
    """One sentence naming what is missing, grouped by whose it is; "" when nothing is."""
    groups: dict[str, list[str]] = {}
    for code in missing:
        whose, _sep, what = code.partition("_")
        owner = _WHOSE.get(whose, PERSON_OF_STAGE.get(stage or "", "the person's"))
        groups.setdefault(owner, []).append(_WHAT.get(what, field_label(code).lower()))
    if not groups:
        return ""
    parts = [f"{owner} {_join(words)}" for owner, words in groups.items()]
    return f"You released {records} without {_join(parts)}; please provide them."


def _join(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]
