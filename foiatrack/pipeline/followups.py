"""Follow-up requests: the letter asking for exactly what a table's flags say is
missing, its draft, and turning a draft into a new request.

The letter is plain Python over the flags: aggregated or ID-less data → record-level rows
with the stage's linking numbers; no or coarse place → block address; coarse time →
timestamp; a mostly empty key → that key filled in; missing months or areas → those;
redactions → the exemption for each; unreadable → a machine-readable format.
"""

import logging
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction

from foiatrack.core.models import Stage
from foiatrack.foia.models import FoiaRequest
from foiatrack.foia.services import request_create
from foiatrack.pipeline import coverage
from foiatrack.pipeline.models import (
    FollowUpDraft,
)
from foiatrack.pipeline.plain import flag_sentence
from foiatrack.pipeline.reconciliation_letter import reconciliation_paragraphs
from foiatrack.received.models import Table
from foiatrack.stages import LINK_KEYS

logger = logging.getLogger(__name__)


class FollowUpError(ValidationError):
    """A follow-up that cannot be drafted or sent (no agency to send it to)."""


# --- Follow-up drafts ----------------------------------------------------------------


def _table_agency(table: Table):
    received = table.received_file
    return received.agency or (received.request.agency if received.request else None)


def _table_stage(table: Table) -> str | None:
    received = table.received_file
    if received.stage_id:
        return received.stage.code
    if received.request is not None:
        stage = received.request.stages.first()
        return stage.code if stage else None
    return None


@transaction.atomic
def followup_draft_create(*, table: Table, user=None) -> FollowUpDraft:
    """Draft a follow-up request asking for exactly what the table's flags say is missing."""
    if table.status != Table.Status.DONE:
        raise FollowUpError("This table has not been audited yet.")
    agency = _table_agency(table)
    flags = [(flag.code, flag.evidence) for flag in table.flags.all()]
    letter = followup_letter(
        table_name=table.name,
        agency_name=agency.name if agency else "",
        stage=_table_stage(table),
        flags=flags,
        roles=coverage.column_roles(table.findings),
        period_start=table.period_start.isoformat() if table.period_start else None,
        period_end=table.period_end.isoformat() if table.period_end else None,
    )
    return FollowUpDraft.objects.create(
        table=table,
        text=letter.text,
        missing_fields=letter.missing_fields,
        missing_periods=letter.missing_periods,
        created_by=user,
    )


def _period_of(periods: list[str]) -> tuple[date | None, date | None]:
    """The span of "YYYY-MM" or "YYYY" periods."""
    spans = []
    for period in periods:
        try:
            if len(period) == 4:
                spans.append((date(int(period), 1, 1), date(int(period), 12, 31)))
            else:
                year, month = int(period[:4]), int(period[5:7])
                first = date(year, month, 1)
                spans.append((first, (first + timedelta(days=32)).replace(day=1) - timedelta(1)))
        except ValueError:
            continue
    if not spans:
        return None, None
    return min(s for s, _e in spans), max(e for _s, e in spans)


@transaction.atomic
def followup_to_request(*, draft: FollowUpDraft, user) -> FoiaRequest:
    """Turn a draft into a new draft FoiaRequest to the same agency; doing it twice
    returns the request made the first time."""
    draft = FollowUpDraft.objects.select_for_update().get(id=draft.id)
    if draft.created_request_id:
        return draft.created_request
    table = Table.objects.select_related(
        "received_file__agency", "received_file__stage", "received_file__request__agency"
    ).get(id=draft.table_id)
    agency = _table_agency(table)
    if agency is None:
        raise FollowUpError(
            "This dataset is not attached to an agency, so there is nobody to send the "
            "follow-up to. Ask a data admin to set its agency first."
        )
    start, end = _period_of(draft.missing_periods)
    stage = _table_stage(table)
    request = request_create(
        requester=user,
        data={
            "title": f"Follow-up: {table.name}"[:300],
            "records_requested": draft.text,
            "agency": agency,
            "period_start": start or table.period_start,
            "period_end": end or table.period_end,
            "stages": list(Stage.objects.filter(code=stage)) if stage else [],
        },
    )
    draft.created_request = request
    draft.save(update_fields=["created_request"])
    return request


# --- The letter (plain text from the flags, no database) ------------------------------


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
