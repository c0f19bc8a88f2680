"""The four laws foiatrack's users work under most, checked against the statute text."""

from datetime import date

from foiatrack.foia.laws.rule import (
    APPEAL_COURT,
    APPEAL_INTERNAL,
    APPEAL_OMBUDSMAN,
    CALENDAR,
    TOLLING_NONE,
    TOLLING_ONE_INFORMATION,
    LawRule,
)

CHECKED = date(2026, 12, 1)

ILLINOIS = LawRule(
    code="il-foia",
    name="Illinois Freedom of Information Act",
    citation="5 ILCS 140",
    state="IL",
    response_days=5,  # §3(d)
    extension_days=5,  # §3(e): up to 5 more business days from the original due date
    extension_conditions=(
        "Only for the reasons §3(e) lists (records elsewhere, many records, broad search, "
        "not yet found, exemption review, undue burden, consultation)."
    ),
    extension_notice_days=5,  # §3(f): notice within 5 business days after receipt
    # §3.1 and §3.2 set their own 21-business-day periods "notwithstanding" §3.
    extension_on_special_periods=False,
    agreed_extension=True,  # §3(e): the parties may agree in writing to a longer time
    commercial_days=21,  # §3.1
    recurrent_days=21,  # §3.2
    tolling=TOLLING_NONE,
    tolling_note="The Act has no tolling clause: asking for clarification or fees does not "
    "stop the clock.",
    appeal_route=APPEAL_OMBUDSMAN,
    appeal_days=60,  # §9.5(a): within 60 days after the final denial
    appeal_window_rolls=True,  # 5 ILCS 70/1.11
    appeal_on_no_response=True,  # §3(d): no answer in time is a denial; §9.5(a) review
    court_on_no_response=True,  # §11(a): the requester may also go to circuit court
    court_without_appeal=True,  # §11(a): PAC review is optional
    review_days=60,  # §9.5(f): binding opinion within 60 days of receipt (+30 bd by notice)
    review_unit=CALENDAR,
    further_review="Administrative review of a binding opinion in circuit court "
    "(§11.5; 735 ILCS 5/3-103: 35 days); or a suit in circuit court under §11.",
    further_review_days=35,
    fees_when_late="§3(d): a body that fails to answer in time may not treat the request "
    "as unduly burdensome or charge for copies of the records.",
    appeal_body="Public Access Counselor, Office of the Illinois Attorney General",
    holiday_subdivision="IL",
    deadline_text="5 business days after receipt (5 ILCS 140/3(d))",
    source="5 ILCS 140/3(d)-(f), 3.1, 3.2, 9.5(a), 9.5(f), 11; 5 ILCS 70/1.11",
    checked=CHECKED,
    verified=True,
    note="§3(e), §3(f), §3.2 and §9.5(a) checked against published text; the PAC's own "
    "60-day decision period (§9.5(f)) and its 30-business-day extension from memory of "
    "the text.",
)

FEDERAL = LawRule(
    code="federal-foia",
    name="Freedom of Information Act",
    citation="5 U.S.C. § 552",
    response_days=20,  # (a)(6)(A)(i)
    extension_days=10,  # (a)(6)(B)(i), unusual circumstances, written notice
    extension_conditions="Unusual circumstances only (records elsewhere, voluminous, "
    "consultation with another agency), by written notice giving the date.",
    extension_notice_days=None,  # notice before the 20 working days end
    agreed_extension=True,  # (a)(6)(B)(ii): an alternative time frame agreed
    tolling=TOLLING_ONE_INFORMATION,
    tolling_note="(a)(6)(A)(ii)(I): one request for information stops the clock; "
    "(II): requests to clarify fees may stop it as often as needed.",
    appeal_route=APPEAL_INTERNAL,
    appeal_days=90,  # (a)(6)(A)(i)(III)(aa): at least 90 days after the adverse decision
    court_on_no_response=True,  # (a)(6)(C)(i): constructive exhaustion
    review_days=20,  # (a)(6)(A)(ii): appeal decided within 20 working days
    further_review="Mediation by OGIS (optional) or a suit in district court "
    "((a)(4)(B)); six years to sue (28 U.S.C. § 2401(a)).",
    further_review_days=6 * 365,
    fees_when_late="(a)(4)(A)(viii): no search fees (none for duplication for preferred "
    "requesters) when the agency misses a time limit, save narrow exceptions.",
    appeal_body="The agency's FOIA appeals officer",
    deadline_text="20 working days after receipt (5 U.S.C. § 552(a)(6)(A))",
    source="5 U.S.C. 552(a)(4)(A)(viii), (a)(6)(A)-(C)",
    checked=CHECKED,
    verified=True,
    note="(a)(6)(A)(ii) (20-day appeal decision, the two tolling cases) and (a)(6)(B)(i) "
    "checked against published text; the 90-day appeal window and the fee rule from "
    "memory of the text.",
)

WASHINGTON = LawRule(
    code="wa-pra",
    name="Washington Public Records Act",
    citation="RCW 42.56",
    state="WA",
    # RCW 42.56.520(1): within 5 business days provide the records, a link, an
    # acknowledgement with a reasonable estimate of time, a request to clarify, or a denial.
    response_days=5,
    estimate_sets_due_date=True,
    extension_conditions="No fixed extension: the agency's estimate (RCW 42.56.520(1)(c), "
    "(2)) may be revised if reasonable.",
    appeal_route=APPEAL_INTERNAL,
    further_review="Superior court (RCW 42.56.550); one year to sue after the last "
    "production or the claim of exemption.",
    further_review_days=365,
    appeal_body="The agency's internal review, then superior court (RCW 42.56.550)",
    holiday_subdivision="WA",
    deadline_text="5 business days to respond, possibly with an estimate (RCW 42.56.520)",
    source="RCW 42.56.520(1)-(2), 42.56.550",
    checked=CHECKED,
    verified=True,
    note="RCW 42.56.520(1) checked against published text; review and suit periods from memory.",
)

WISCONSIN = LawRule(
    code="wi-open-records",
    name="Wisconsin Public Records Law",
    citation="Wis. Stat. §§ 19.31–19.39",
    state="WI",
    appeal_route=APPEAL_COURT,
    appeal_body="Mandamus action, or the Wisconsin DOJ Office of Open Government",
    further_review="Mandamus in circuit court (§19.37).",
    holiday_subdivision="WI",
    deadline_text="as soon as practicable and without delay — no statutory deadline",
    source="Wis. Stat. 19.35(4)(a), 19.37",
    verified=False,
    note="§19.35(4)(a) sets no number of days; entry from memory, not checked against the "
    "text in this session.",
)

MAIN_LAWS = (ILLINOIS, FEDERAL, WASHINGTON, WISCONSIN)
