"""Public-records laws as data: deadlines, extensions and appeal windows per law code.

Plain Python with no Django import. Add a law by adding a LawRule to LAWS; jurisdictions
refer to it by code. Sources are cited in each rule so staff can check them.
"""

from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True)
class LawRule:
    code: str
    name: str
    citation: str
    appeal_body: str
    # Business (working) days to answer, counted from the day after receipt; None when the
    # law sets no fixed number of days.
    response_days: int | None = None
    # Extra days one extension may add; None when the law has no extension.
    extension_days: int | None = None
    # Days for commercial and recurrent requesters, replacing response_days; None: same.
    commercial_days: int | None = None
    recurrent_days: int | None = None
    # Calendar days after a denial in which an appeal or review may be sought.
    appeal_days: int | None = None
    # The holidays package's subdivision whose calendar applies; None: federal holidays.
    holiday_subdivision: str | None = None
    deadline_text: str = ""


LAWS: dict[str, LawRule] = {
    "il-foia": LawRule(
        code="il-foia",
        name="Illinois Freedom of Information Act",
        citation="5 ILCS 140",
        response_days=5,  # §3(d)
        extension_days=5,  # §3(e)
        commercial_days=21,  # §3.1
        recurrent_days=21,  # §3.2
        appeal_days=60,  # §9.5(a)
        appeal_body="Public Access Counselor, Office of the Illinois Attorney General",
        holiday_subdivision="IL",
        deadline_text="5 business days after receipt (5 ILCS 140/3(d))",
    ),
    "federal-foia": LawRule(
        code="federal-foia",
        name="Freedom of Information Act",
        citation="5 U.S.C. § 552",
        response_days=20,  # §552(a)(6)(A)(i)
        extension_days=10,  # unusual circumstances, §552(a)(6)(B)(i)
        appeal_days=90,  # §552(a)(6)(A)(i)(III)(aa)
        appeal_body="The agency's FOIA appeals officer",
        deadline_text="20 working days after receipt (5 U.S.C. § 552(a)(6)(A))",
    ),
    "wa-pra": LawRule(
        code="wa-pra",
        name="Washington Public Records Act",
        citation="RCW 42.56",
        # RCW 42.56.520: within 5 business days provide the records, an estimate of the
        # time needed, a request for clarification or a denial.
        response_days=5,
        appeal_body="The agency's internal review, then superior court (RCW 42.56.550)",
        holiday_subdivision="WA",
        deadline_text="5 business days to respond, possibly with an estimate (RCW 42.56.520)",
    ),
    "wi-open-records": LawRule(
        code="wi-open-records",
        name="Wisconsin Public Records Law",
        citation="Wis. Stat. §§ 19.31–19.39",
        # §19.35(4)(a): "as soon as practicable and without delay" — no fixed number of days.
        appeal_body="Mandamus action, or the Wisconsin DOJ Office of Open Government",
        holiday_subdivision="WI",
        deadline_text="as soon as practicable and without delay — no statutory deadline",
    ),
}

LAW_CHOICES = [(code, f"{rule.name} ({rule.citation})") for code, rule in LAWS.items()]

# Not every record is under a public-records law (issue 9): a request may follow another
# access route, with its own deadline rule or none. A FOIA-route request uses its
# jurisdiction's law; the others use these rules.
ROUTE_FOIA = "foia"
ROUTE_CHOICES = [
    (ROUTE_FOIA, "Public-records law (FOIA)"),
    ("court_rules", "Court records through the clerk, under court rules"),
    ("open_data", "Open data portal (no request needed)"),
    ("other", "Other route"),
]
ROUTE_RULES: dict[str, LawRule] = {
    "court_rules": LawRule(
        code="court-rules",
        name="Court records under court rules",
        # In Illinois the judicial branch is not a "public body" under 5 ILCS 140/2(a):
        # court records are asked of the clerk, whom the FOIA's deadlines do not bind.
        citation="court rules (outside the public-records law)",
        appeal_body="The court (motion to the presiding judge), not the FOIA review body",
        deadline_text="no statutory deadline: the clerk answers under court rules",
    ),
    "open_data": LawRule(
        code="open-data",
        name="Open data portal",
        citation="published openly",
        appeal_body="none",
        deadline_text="no deadline: the records are published",
    ),
    "other": LawRule(
        code="other-route",
        name="Other access route",
        citation="no public-records law",
        appeal_body="none",
        deadline_text="no statutory deadline on this route",
    ),
}
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
