"""Reads for received files and their audits, for views, the pipeline and the API.

Admin-only reads return everything, sample values included. Anything meant for the
public goes through table_public_findings(), which drops sample values and the
minimum/maximum of text and personal columns.
"""

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from foiatrack.audit.vocabulary import PERSONAL_ROLES
from foiatrack.received.filters import ReceivedFileFilter, TableFilter
from foiatrack.received.models import ReceivedFile, Table

# Column types whose minimum and maximum describe a range, not a person or a record.
RANGE_TYPES = {"integer", "number", "date", "timestamp"}
# Only what a list needs from each table: the findings JSON can be large.
_TABLE_SUMMARY_FIELDS = ("id", "received_file_id", "position", "name", "status", "progress")


def _filtered(filterset_class, data: dict | None, queryset: QuerySet) -> QuerySet:
    filterset = filterset_class(data or {}, queryset=queryset)
    if not filterset.is_valid():
        raise ValidationError(filterset.errors)
    return filterset.qs


def received_files_list(*, filters: dict | None = None) -> QuerySet[ReceivedFile]:
    """Received files, newest first, each with a light `tables` list prefetched.

    filters: agency (id), stage (code), status (a table status). Raises ValidationError
    on invalid filter values.
    """
    queryset = ReceivedFile.objects.select_related(
        "agency", "stage", "uploaded_by"
    ).prefetch_related(Prefetch("tables", queryset=Table.objects.only(*_TABLE_SUMMARY_FIELDS)))
    return _filtered(ReceivedFileFilter, filters, queryset)


def received_file_get(*, file_id: int) -> ReceivedFile:
    """One received file with its tables (light), or 404."""
    queryset = ReceivedFile.objects.select_related(
        "agency__jurisdiction", "request", "stage", "uploaded_by"
    ).prefetch_related(Prefetch("tables", queryset=Table.objects.defer("findings")))
    return get_object_or_404(queryset, id=file_id)


def table_get(*, table_id: int) -> Table:
    """One table with its file, column profiles and flags, or 404."""
    queryset = Table.objects.select_related(
        "received_file__agency__jurisdiction", "received_file__stage", "received_file__request"
    ).prefetch_related("columns", "flags")
    return get_object_or_404(queryset, id=table_id)


def tables_list(*, filters: dict | None = None) -> QuerySet[Table]:
    """Tables with their file, agency and stage; filters as received.filters.TableFilter:
    status, granularity, stage (code), agency (id), jurisdiction (slug), covers_from and
    covers_until (dates: tables whose period overlaps). Findings JSON is deferred."""
    queryset = Table.objects.select_related(
        "received_file__agency__jurisdiction", "received_file__stage"
    ).defer("findings")
    return _filtered(TableFilter, filters, queryset)


def tables_done(
    *, stage: str | None = None, agency: int | None = None, jurisdiction: str | None = None
) -> QuerySet[Table]:
    """Audited tables (status done), optionally for a stage code, agency id or
    jurisdiction slug, with their flags prefetched. What coverage and linkage read."""
    filters = {"status": Table.Status.DONE}
    if stage:
        filters["stage"] = stage
    if agency:
        filters["agency"] = agency
    if jurisdiction:
        filters["jurisdiction"] = jurisdiction
    return tables_list(filters=filters).prefetch_related("flags")


def table_findings(table: Table) -> dict | None:
    """The table's full findings (TableAudit.to_dict(), sample values included): admins only.
    None until the table is audited."""
    return table.findings


def table_public_findings(table: Table) -> dict | None:
    """Findings safe to publish: no sample values, and no minimum/maximum for text or
    personal columns (a name column's minimum is a person's name). None until audited."""
    if not table.findings:
        return None
    findings = dict(table.findings)
    findings["columns"] = [_public_column(column) for column in findings.get("columns", [])]
    return findings


def _public_column(column: dict) -> dict:
    public = {key: value for key, value in column.items() if key != "examples"}
    if column.get("role") in PERSONAL_ROLES or column.get("inferred_type") not in RANGE_TYPES:
        public["minimum"] = None
        public["maximum"] = None
    return public


def table_status(table: Table) -> dict:
    """What the progress poller reads: {"status", "rows_read", "progress", "error"}."""
    return {
        "status": table.status,
        "rows_read": table.rows_read,
        "progress": table.progress,
        "error": table.error_message,
    }


def received_file_status(received: ReceivedFile) -> str:
    """One status for a whole file from its (prefetched) tables: running or queued while
    any is unfinished, then failed if any failed, done when all are done."""
    statuses = {table.status for table in received.tables.all()}
    for status in (Table.Status.RUNNING, Table.Status.QUEUED, Table.Status.FAILED):
        if status in statuses:
            return status
    return Table.Status.DONE if statuses else Table.Status.QUEUED
