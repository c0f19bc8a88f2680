"""Public-records laws as data: deadlines, extensions, tolling and appeals per law code.

Plain Python with no Django import. One LawRule per law (federal, DC, 50 states) in
`main.py` (checked) and `states.py` (not yet checked); jurisdictions refer to a law by
code. Each rule cites its source and says whether, and when, it was verified.
"""

from foiatrack.foia.laws.main import MAIN_LAWS
from foiatrack.foia.laws.routes import ROUTE_CHOICES, ROUTE_FOIA, ROUTE_RULES
from foiatrack.foia.laws.rule import (
    APPEAL_COURT,
    APPEAL_INTERNAL,
    APPEAL_OMBUDSMAN,
    BUSINESS,
    CALENDAR,
    TOLLING_ANY,
    TOLLING_NONE,
    TOLLING_ONE_INFORMATION,
    LawRule,
)
from foiatrack.foia.laws.states import STATE_LAWS

__all__ = [
    "APPEAL_COURT",
    "APPEAL_INTERNAL",
    "APPEAL_OMBUDSMAN",
    "BUSINESS",
    "CALENDAR",
    "LAWS",
    "LAW_CHOICES",
    "LAWS_BY_STATE",
    "ROUTE_CHOICES",
    "ROUTE_FOIA",
    "ROUTE_RULES",
    "TOLLING_ANY",
    "TOLLING_NONE",
    "TOLLING_ONE_INFORMATION",
    "LawRule",
    "UnknownLaw",
    "get_law",
    "law_for_state",
]

LAWS: dict[str, LawRule] = {
    rule.code: rule for rule in sorted((*MAIN_LAWS, *STATE_LAWS), key=lambda r: r.code)
}
# Main laws first: the form's default and the ones users pick most.
LAW_CHOICES = [(rule.code, f"{rule.name} ({rule.citation})") for rule in MAIN_LAWS] + [
    (code, f"{rule.name} ({rule.citation})") for code, rule in LAWS.items() if rule not in MAIN_LAWS
]
LAWS_BY_STATE: dict[str, LawRule] = {rule.state: rule for rule in LAWS.values() if rule.state}
_RULES_BY_CODE = {rule.code: rule for rule in ROUTE_RULES.values()}


class UnknownLaw(ValueError):
    """A law code that LAWS does not hold."""


def get_law(code: str) -> LawRule:
    """The rule for a law code, or UnknownLaw naming the known codes."""
    try:
        return LAWS.get(code) or _RULES_BY_CODE[code]
    except KeyError:
        known = ", ".join(sorted(LAWS))
        raise UnknownLaw(f"Unknown law {code!r}; known laws: {known}.") from None


def law_for_state(state: str) -> LawRule:
    """The public-records law of a state (two-letter code); federal FOIA for ''/'US'."""
    if state.upper() in ("", "US"):
        return LAWS["federal-foia"]
    try:
        return LAWS_BY_STATE[state.upper()]
    except KeyError:
        raise UnknownLaw(f"No public-records law known for state {state!r}.") from None
