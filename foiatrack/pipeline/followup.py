"""Follow-up letters that ask for exactly what a returned dataset lacks. Pure Python.

From a table's flags: aggregated or ID-less data → record-level rows with the stage's
linking numbers; no or coarse place → block address; coarse time → timestamp; a mostly
empty key → that key filled in; missing months or areas → those; redactions → the
exemption for each; unreadable → a machine-readable format.
"""

from dataclasses import dataclass, field

from foiatrack.pipeline.plain import flag_sentence
from foiatrack.pipeline.reconciliation_letter import reconciliation_paragraphs
from foiatrack.stages import LINK_KEYS

KEY_WORDS = {
    "event_number": "event number",
    "report_number": "report (RD) number",
    "arrest_number": "arrest (CB) number",
    "case_number": "case number",
    "booking_number": "booking number",
    "record_id": "record ID",
}
STAGE_RECORDS = {
    "call": "CAD events (calls for service)",
    "report": "incident reports",
    "arrest": "arrest records",
    "charge": "charging and intake records",
    "court": "court case and disposition records",
    "jail": "jail bookings",
    "sentence": "sentencing records",
}
BLOCK_ADDRESS = "block address"
TIMESTAMP = "timestamp"


@dataclass
class FollowUp:
    text: str
    missing_fields: list[str] = field(default_factory=list)
    missing_periods: list[str] = field(default_factory=list)


def _add(fields: list[str], *names: str) -> None:
    for name in names:
        if name not in fields:
            fields.append(name)


def missing_fields_for(
    stage: str | None, flags: list[tuple[str, dict]], roles: dict[str, str]
) -> list[str]:
    """The fields to ask for, in letter order: keys first, then place, then time."""
    codes = {code for code, _evidence in flags}
    fields: list[str] = []
    keys = LINK_KEYS.get(stage or "", ["record_id"])
    if codes & {"AGGREGATED_ONLY", "NO_RECORD_ID", "NO_INCIDENT_LINK"}:
        _add(fields, *(KEY_WORDS[key] for key in keys))
    for code, evidence in flags:
        if code == "HIGH_NULL_KEY":
            role = roles.get((evidence or {}).get("column", ""), "")
            _add(fields, KEY_WORDS.get(role, "record ID") + " for every record")
    if codes & {"NO_LOCATION", "COARSE_LOCATION"}:
        _add(fields, BLOCK_ADDRESS)
    if codes & {"COARSE_TIME", "AGGREGATED_ONLY"}:
        _add(fields, TIMESTAMP)
    return fields


def _join(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _periods_text(missing: list[str], start: str | None, end: str | None) -> str:
    if missing:
        return "for " + ", ".join(missing)
    if start and end:
        return f"for {start} to {end}"
    return "for the period of the original request"


def followup_letter(
    *,
    table_name: str,
    agency_name: str,
    stage: str | None,
    flags: list[tuple[str, dict]],
    roles: dict[str, str],
    period_start: str | None,
    period_end: str | None,
) -> FollowUp:
    """The follow-up request's text and the fields and periods it asks for."""
    fields = missing_fields_for(stage, flags, roles)
    codes = [code for code, _evidence in flags]
    periods: list[str] = []
    areas: list[str] = []
    for code, evidence in flags:
        if code == "MISSING_PERIODS":
            periods += [str(p) for p in (evidence or {}).get("periods", [])]
        if code == "MISSING_AREAS":
            areas += [str(a) for a in (evidence or {}).get("missing", [])]
    records = STAGE_RECORDS.get(stage or "", "records")
    ask = f"record-level {records}"
    if fields:
        ask += f" with {_join(fields)}"
    ask += ", " + _periods_text(periods, period_start, period_end)
    if areas:
        ask += f", including the areas missing from your answer ({', '.join(areas)})"
    lines = [
        f"Re: the records you provided as “{table_name}”.",
        "",
        f"Dear {agency_name or 'records officer'},",
        "",
        "Thank you for your response. The records provided do not allow the events they "
        "describe to be followed through the justice system. Under the public records law, "
        f"we request {ask}.",
        "",
        "Please provide one row per record, in a machine-readable format (CSV or Excel), not PDF.",
    ]
    if "REDACTED_FIELDS" in codes:
        lines += [
            "",
            "Where you withhold or redact any field, please cite the specific exemption "
            "for each one.",
        ]
    if "UNPARSEABLE" in codes:
        lines += ["", "The file we received could not be read; please send it again as CSV."]
    lines += reconciliation_paragraphs(flags)  # issue 19: counts vs records, degradations
    # Personal data is a reason not to publish, not something to ask for.
    problems = [
        flag_sentence(code, evidence) for code, evidence in flags if code != "PERSONAL_DATA"
    ]
    if problems:
        lines += ["", "What the records provided lack:"]
        lines += [f"- {sentence}" for sentence in problems]
    return FollowUp(text="\n".join(lines) + "\n", missing_fields=fields, missing_periods=periods)
