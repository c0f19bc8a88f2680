"""The evidence bundle (issue 9): one ZIP of everything about a request, for an appeal or a
lawsuit. Staff only.

    request.txt                     the request, its ask and its status history
    letters/<kind>.txt              each letter, as drafted today
    communications/NN-….txt         each message to or from the agency
    attachments/NN-<name>           each message's attachment, byte for byte
    audit/<file>-<table>.json       each received table's audit findings (no sample values)
    audit/<file>-<table>.txt        the same, readable
    asked_vs_received.csv           the comparison, formula-safe
    MANIFEST.txt                    what is inside, with each received file's SHA-256
"""

import csv
import io
import json
import tempfile
import zipfile
from pathlib import PurePath

from django.utils import timezone
from django.utils.text import slugify

from foiatrack.audit.field_catalogue import field_label
from foiatrack.core.csv_export import escape_row
from foiatrack.foia.letters import LETTER_KINDS, render_letter
from foiatrack.foia.models import FoiaRequest
from foiatrack.loop.asked import (
    COMPARISON_CSV_HEADER,
    comparison_rows,
    request_comparison,
    request_tables,
)
from foiatrack.pipeline.plain import FLAG_LABELS, ROLE_LABELS
from foiatrack.received.models import Table
from foiatrack.received.selectors import table_public_findings

# Kept in memory up to this size, then on disk: attachments can be large.
SPOOL_BYTES = 8 * 1024 * 1024


def _safe_name(name: str, fallback: str) -> str:
    """A file name for inside the ZIP: no folders, no traversal, never empty."""
    base = PurePath(name.replace("\\", "/")).name
    stem, dot, suffix = base.rpartition(".")
    cleaned = slugify(stem if dot else base) or fallback
    return f"{cleaned}.{slugify(suffix)}" if dot and slugify(suffix) else cleaned


def request_summary_text(request: FoiaRequest) -> str:
    """The request, its ask and its history as plain text."""
    lines = [
        f"Request: {request.title}",
        f"Agency: {request.agency.name} ({request.agency.jurisdiction.name})",
        f"Access route: {request.get_access_route_display()}",
        f"Status: {request.get_status_display()}",
        "Agency references: "
        + (
            ", ".join(
                f"{t.number} ({t.get_status_display()})" for t in request.tracking_numbers.all()
            )
            or request.tracking_number
            or "none"
        ),
        f"Received by agency: {request.date_received or 'not sent'}",
        f"Due: {request.date_due or '—'}; closed: {request.date_closed or '—'}",
        "",
        "Records asked for:",
        request.records_requested,
        "",
        "Stages: " + (", ".join(stage.name for stage in request.stages.all()) or "—"),
        f"Period: {request.period_start or '?'} to {request.period_end or '?'}",
        "Fields wanted: " + (", ".join(field_label(c) for c in request.fields_wanted) or "—"),
        f"Other fields wanted: {request.fields_wanted_other or '—'}",
        f"Detail level wanted: {request.detail_level_wanted or '—'}",
        f"Format wanted: {request.get_format_wanted_display() or '—'}",
        "Fields the agency says it does not keep: "
        + (", ".join(field_label(c) for c in request.fields_not_held) or "—"),
        "",
        "Exemptions cited:",
    ]
    for exemption in request.exemptions.all():
        fields = ", ".join(field_label(code) for code in exemption.fields) or "the whole request"
        lines.append(f"  {exemption.section} ({fields}): {exemption.text}")
    lines += ["", "Status history:"]
    for change in request.status_changes.all():
        lines.append(
            f"  {change.effective_date}: {change.from_status or '—'} → {change.to_status}"
            + (f" — {change.note}" if change.note else "")
        )
    return "\n".join(lines) + "\n"


def communication_text(message) -> str:
    return (
        f"Date: {message.date}\n"
        f"Direction: {message.get_direction_display()}\n"
        f"Channel: {message.get_channel_display()}\n"
        f"Subject: {message.subject}\n"
        + (f"Attachment: {PurePath(message.attachment.name).name}\n" if message.attachment else "")
        + "\n"
        + message.body
        + "\n"
    )


def audit_report_text(table: Table, findings: dict) -> str:
    """A received table's audit as a person reads it: facts, columns, flags."""
    period = findings.get("period") or {}
    lines = [
        f"Table: {table.name} (from {table.received_file.original_name})",
        f"SHA-256 of the file: {table.received_file.sha256}",
        f"Rows: {findings.get('rows')}",
        f"Granularity: {findings.get('granularity')}",
        f"Time resolution: {findings.get('time_resolution')}; "
        f"location resolution: {findings.get('geo_resolution')}",
        f"Period: {period.get('start') or '?'} to {period.get('end') or '?'}",
        "Missing periods: " + (", ".join(findings.get("missing_periods") or []) or "none found"),
        "",
        "Columns (name — role — filled % — redacted %):",
    ]
    for column in findings.get("columns") or []:
        filled = round(100 * (1 - float(column.get("null_rate") or 0)), 1)
        redacted = round(100 * float(column.get("redacted_rate") or 0), 1)
        role = ROLE_LABELS.get(column.get("role"), column.get("role"))
        lines.append(f"  {column.get('name')} — {role} — {filled} % — {redacted} %")
    lines += ["", "Flags:"]
    for flag in findings.get("flags") or []:
        label = FLAG_LABELS.get(flag.get("code"), flag.get("code"))
        lines.append(f"  [{flag.get('severity')}] {label}: {flag.get('message')}")
    if not findings.get("flags"):
        lines.append("  none")
    return "\n".join(lines) + "\n"


def _comparison_csv(request: FoiaRequest, tables: list[Table]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(escape_row(COMPARISON_CSV_HEADER))
    for row in comparison_rows(request_comparison(request, tables)):
        writer.writerow(escape_row(row))
    return buffer.getvalue()


def evidence_bundle(*, request: FoiaRequest, author) -> tempfile.SpooledTemporaryFile:
    """The request's evidence bundle as an open ZIP file, positioned at its start."""
    # Returned open for the response to stream and close: no context manager here.
    output = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115
    manifest = [
        f"Evidence bundle for request {request.id}, made {timezone.now():%Y-%m-%d %H:%M %Z}"
    ]
    tables = request_tables(request)
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as bundle:

        def add(name: str, data: str | bytes, note: str) -> None:
            bundle.writestr(name, data)
            manifest.append(f"{name}: {note}")

        add("request.txt", request_summary_text(request), "the request, its ask and history")
        for kind, label in LETTER_KINDS.items():
            text = render_letter(request=request, kind=kind, author=author)
            add(f"letters/{kind}.txt", text, f"{label} letter, as drafted today")
        for number, message in enumerate(request.communications.all(), start=1):
            stem = f"{number:02d}-{message.date}-{message.direction}"
            add(f"communications/{stem}.txt", communication_text(message), str(message))
            if message.attachment:
                name = _safe_name(message.attachment.name, "attachment")
                with message.attachment.open("rb") as handle:
                    bundle.writestr(f"attachments/{number:02d}-{name}", handle.read())
                manifest.append(f"attachments/{number:02d}-{name}: attachment of {stem}")
        for table in tables:
            findings = table_public_findings(table) or {}
            stem = f"audit/{table.received_file_id}-{table.id}-{_safe_name(table.name, 'table')}"
            add(f"{stem}.json", json.dumps(findings, indent=2, ensure_ascii=False), table.name)
            add(f"{stem}.txt", audit_report_text(table, findings), f"{table.name}, readable")
            manifest.append(
                f"  received file {table.received_file.original_name}: "
                f"SHA-256 {table.received_file.sha256}"
            )
        add("asked_vs_received.csv", _comparison_csv(request, tables), "the comparison")
        bundle.writestr("MANIFEST.txt", "\n".join(manifest) + "\n")
    output.seek(0)
    return output
