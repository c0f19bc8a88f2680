"""The helper that builds a state entry, shared by states.py and states_n_to_w.py."""

from datetime import date

from foiatrack.foia.laws.rule import (
    APPEAL_COURT,
    BUSINESS,
    LawRule,
)

CHECKED = date(2026, 12, 1)
UNCHECKED = "Entered from general knowledge of the statute; not checked against its text."


def _law(
    state: str,
    code: str,
    name: str,
    citation: str,
    days: int | None,
    text: str,
    *,
    source: str,
    unit: str = BUSINESS,
    body: str = "A court of the state",
    route: str = APPEAL_COURT,
    **facts,
) -> LawRule:
    return LawRule(
        code=code,
        name=name,
        citation=citation,
        state=state,
        response_days=days,
        response_unit=unit,
        appeal_body=body,
        appeal_route=route,
        holiday_subdivision=state,
        deadline_text=text,
        source=source,
        verified=facts.pop("verified", False),
        checked=facts.pop("checked", None),
        note=facts.pop("note", UNCHECKED),
        **facts,
    )
