"""Reconciliation (stated counts vs records) and delivery comparison for stored tables:
services that run them and save results, selectors that read them.

A run is a row (Reconciliation, DeliveryComparison) claimed by its Celery task with a
conditional update, so a redelivered task never runs it twice; the pure work is
audit.reconcile / audit.delivery_diff on the stored file. A shortfall raises
RECORDS_SHORTFALL on the records table; a degradation raises DEGRADED_DELIVERY on the
newer table, each with its evidence.
"""

import logging

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from foiatrack.audit import UnreadableFileError
from foiatrack.audit.delivery_diff import compare_tables, degradations
from foiatrack.audit.dimensions import NoSharedDimensionError, TableSide
from foiatrack.audit.field_catalogue import FIELDS
from foiatrack.audit.reconcile import reconcile_tables
from foiatrack.audit.results import TableSource
from foiatrack.core import jobs
from foiatrack.pipeline.models import DeliveryComparison, Reconciliation
from foiatrack.pipeline.reconciliation_public import public_changes, public_reconciliation
from foiatrack.pipeline.selectors import public_table_q
from foiatrack.received.models import GapFlag, Table

# Sent by name through core.jobs, so this module never imports its tasks.
RECONCILIATION_TASK = "foiatrack.pipeline.tasks.reconciliation"
COMPARISON_TASK = "foiatrack.pipeline.tasks.delivery_comparison"

logger = logging.getLogger(__name__)
USER_ERRORS = (UnreadableFileError, NoSharedDimensionError, KeyError, OSError)
DEGRADED = "DEGRADED_DELIVERY"
SHORTFALL = "RECORDS_SHORTFALL"


class ReconciliationError(ValidationError):
    """Two tables that cannot be compared as asked; the message says why."""


def _check_pair(first: Table, second: Table) -> None:
    if first.id == second.id:
        raise ReconciliationError("Choose two different tables.")
    for table in (first, second):
        if table.status != Table.Status.DONE:
            raise ReconciliationError(f"“{table.name}” has not been audited yet.")


@transaction.atomic
def reconciliation_create(
    *, aggregate_table: Table, records_table: Table, user=None, column_overrides=None
) -> Reconciliation:
    """Queue a reconciliation; its task runs after commit."""
    _check_pair(aggregate_table, records_table)
    row = Reconciliation.objects.create(
        aggregate_table=aggregate_table,
        records_table=records_table,
        created_by=user,
        column_overrides=column_overrides or {},
    )
    jobs.enqueue_on_commit(RECONCILIATION_TASK, row.id)
    return row


@transaction.atomic
def comparison_create(
    *, old_table: Table, new_table: Table, user=None, column_overrides=None
) -> DeliveryComparison:
    """Queue a comparison of a delivery with an earlier one; its task runs after commit."""
    _check_pair(old_table, new_table)
    row = DeliveryComparison.objects.create(
        old_table=old_table,
        new_table=new_table,
        created_by=user,
        column_overrides=column_overrides or {},
    )
    jobs.enqueue_on_commit(COMPARISON_TASK, row.id)
    return row


def _claim(model, row_id: int) -> bool:
    """Only one worker runs a row: queued → running, exactly one row changed."""
    changed = model.objects.filter(id=row_id, status=model.Status.QUEUED).update(
        status=model.Status.RUNNING, started_at=timezone.now()
    )
    return changed == 1


def table_side(table: Table, overrides: dict, position: int) -> TableSide:
    """A stored table as the pure code reads it: its file, source, findings and the columns
    an admin named ({"period": [first, second]} or {"period": "both"})."""
    chosen = {}
    for kind, value in (overrides or {}).items():
        column = value[position] if isinstance(value, list) else value
        if column:
            chosen[kind] = column
    path = default_storage.path(table.received_file.stored_file.name)
    return TableSide(path, TableSource.from_dict(table.source), table.findings or {}, chosen)


def reconciliation_run(*, reconciliation_id: int) -> str:
    """Run a queued reconciliation; a user error is a recorded failure, never a crash."""
    if not _claim(Reconciliation, reconciliation_id):
        return "skipped"
    row = Reconciliation.objects.select_related(
        "aggregate_table__received_file", "records_table__received_file"
    ).get(id=reconciliation_id)
    try:
        result = reconcile_tables(
            table_side(row.aggregate_table, row.column_overrides, 0),
            table_side(row.records_table, row.column_overrides, 1),
        )
    except USER_ERRORS as error:
        return _failed(row, error)
    with transaction.atomic():
        _finish(row, result)
        _replace_flag(
            row.records_table, SHORTFALL, "reconciliation_id", row.id, _shortfall(result, row)
        )
    return row.status


def comparison_run(*, comparison_id: int) -> str:
    """Run a queued comparison and raise or clear DEGRADED_DELIVERY on the newer table."""
    if not _claim(DeliveryComparison, comparison_id):
        return "skipped"
    row = DeliveryComparison.objects.select_related(
        "old_table__received_file", "new_table__received_file__request"
    ).get(id=comparison_id)
    try:
        result = compare_tables(
            table_side(row.old_table, row.column_overrides, 0),
            table_side(row.new_table, row.column_overrides, 1),
        )
    except USER_ERRORS as error:
        return _failed(row, error)
    found = degradations(result, _asked_roles(row.new_table))
    with transaction.atomic():
        row.degradations = found
        _finish(row, result)
        evidence = {
            "comparison_id": row.id,
            "previous_table_id": row.old_table_id,
            "degradations": found,
        }
        _replace_flag(row.new_table, DEGRADED, "comparison_id", row.id, evidence if found else None)
    return row.status


def _failed(row, error: Exception) -> str:
    message = str(error.args[0]) if isinstance(error, KeyError) and error.args else str(error)
    row.status, row.error_message, row.finished_at = row.Status.FAILED, message, timezone.now()
    row.save(update_fields=["status", "error_message", "finished_at"])
    return row.status


def _finish(row, result: dict) -> None:
    row.result, row.status, row.finished_at = result, row.Status.DONE, timezone.now()
    row.error_message = ""
    row.save()


def _asked_roles(table: Table) -> set[str] | None:
    """Roles of the fields the request asked for; None when it asked for no fields."""
    request = table.received_file.request
    codes = request.fields_wanted if request else []
    if not codes:
        return None
    return {role for code in codes if code in FIELDS for role in FIELDS[code].roles}


def _shortfall(result: dict, row: Reconciliation) -> dict | None:
    periods = [p for p in result.get("periods", []) if p["missing"] > 0]
    if result["missing_total"] <= 0:
        return None
    return {
        "reconciliation_id": row.id,
        "aggregate_table_id": row.aggregate_table_id,
        "stated_total": result["stated_total"],
        "received_total": result["received_total"],
        "missing_total": result["missing_total"],
        "periods": periods,
    }


def _replace_flag(table: Table, code: str, key: str, row_id: int, evidence: dict | None) -> None:
    """The latest run's flag replaces any earlier one of the same code on the table (repeat
    runs never pile flags up); no evidence clears it."""
    GapFlag.objects.filter(table=table, code=code).delete()
    if evidence is None:
        return
    if code == DEGRADED:
        message = (
            "This delivery is worse than the previous one: "
            + ", ".join(d["kind"].replace("_", " ") for d in evidence["degradations"])
            + "."
        )
    else:
        message = (
            f"The agency's count is {evidence['stated_total']:,}; "
            f"{evidence['received_total']:,} records were received."
        )
    GapFlag.objects.create(
        table=table, code=code, severity="high", message=message, evidence=evidence
    )


# --- Selectors -----------------------------------------------------------------------


def reconciliation_for_table(*, table_id: int, public: bool = False) -> Reconciliation | None:
    """The latest finished reconciliation the table takes part in; for the public, only one
    whose two tables are both public (a private request's records never show through the
    public aggregate they were compared with)."""
    rows = Reconciliation.objects.filter(status=Reconciliation.Status.DONE).filter(
        Q(aggregate_table_id=table_id) | Q(records_table_id=table_id)
    )
    if public:
        rows = rows.filter(public_table_q("aggregate_table__")).filter(
            public_table_q("records_table__")
        )
    return rows.order_by("-finished_at", "-id").first()


def comparison_for_table(*, table_id: int, public: bool = False) -> DeliveryComparison | None:
    """The latest finished comparison of this table with a previous delivery; for the
    public, only one whose earlier table is public too."""
    rows = DeliveryComparison.objects.filter(
        status=DeliveryComparison.Status.DONE, new_table_id=table_id
    )
    if public:
        rows = rows.filter(public_table_q("old_table__")).filter(public_table_q("new_table__"))
    return rows.order_by("-finished_at", "-id").first()


def dataset_reconciliation(*, table_id: int, public: bool) -> dict:
    """What a dataset's page, API and downloads show: its reconciliation and its change
    since the previous delivery, with small counts withheld for the public."""
    reconciliation = reconciliation_for_table(table_id=table_id, public=public)
    comparison = comparison_for_table(table_id=table_id, public=public)
    result = reconciliation.result if reconciliation else None
    changes = comparison.result if comparison else None
    found = comparison.degradations if comparison else []
    if public:
        result, changes = public_reconciliation(result), public_changes(changes)
        found = [{"kind": d["kind"]} for d in found]
    return {
        "reconciliation": result,
        "changes": changes,
        "degradations": found,
        "reconciliation_id": reconciliation.id if reconciliation else None,
        "comparison_id": comparison.id if comparison else None,
    }


def reconciliation_chart(periods: list[dict], width: int = 560) -> list[dict]:
    """Bars for the page's SVG: stated and received per period, scaled to the largest."""
    shown = [p for p in periods if isinstance(p.get("stated"), int)]
    top = max([p["stated"] for p in shown] + [p["received"] for p in shown] + [1])
    bars = []
    for index, row in enumerate(shown):
        bars.append(
            {
                "label": row["period"],
                "y": 8 + index * 34,
                "stated": round(width * row["stated"] / top, 1),
                "received": round(width * row["received"] / top, 1),
                "stated_value": row["stated"],
                "received_value": row["received"],
            }
        )
    return bars


def dataset_reconciliation_context(*, table_id: int, public: bool) -> dict:
    """The page's context addition: the figures and the chart's bars."""
    data = dataset_reconciliation(table_id=table_id, public=public)
    periods = (data["reconciliation"] or {}).get("periods", [])
    bars = reconciliation_chart(periods)
    return {
        "reconciliation": data,
        "reconciliation_bars": bars,
        "reconciliation_height": 16 + 34 * len(bars),
    }


# --- After an audit: the same request answered again, or answered with counts and rows ---


def _request_tables(table: Table):
    """Other audited tables answering the same request at the same stage, from other files."""
    received = table.received_file
    return (
        Table.objects.filter(
            status=Table.Status.DONE,
            received_file__request_id=received.request_id,
            received_file__stage_id=received.stage_id,
        )
        .exclude(received_file_id=received.id)
        .select_related("received_file")
    )


def after_audit_runs(*, table_id: int) -> list[str]:
    """Queue what a newly audited table answering a request calls for: a comparison with the
    request's previous delivery of the same granularity, and a reconciliation of counts with
    records when the request was answered with both. Tables outside a request get none (an
    admin picks those pairs)."""
    table = Table.objects.select_related("received_file").filter(id=table_id).first()
    if not table or table.status != Table.Status.DONE or not table.received_file.request_id:
        return []
    others = _request_tables(table)
    started = []
    mine = table.received_file.uploaded_at
    before = Q(received_file__uploaded_at__lt=mine) | Q(
        received_file__uploaded_at=mine, id__lt=table.id
    )
    earlier = (
        others.filter(before, granularity=table.granularity)
        .order_by("-received_file__uploaded_at", "-id")
        .first()
    )
    if earlier:
        comparison_create(old_table=earlier, new_table=table)
        started.append("comparison")
    partner_kind = "record" if table.granularity == "aggregate" else "aggregate"
    partner = (
        others.filter(granularity=partner_kind)
        .order_by("-received_file__uploaded_at", "-id")
        .first()
    )
    if partner:
        aggregate, records = (table, partner) if partner_kind == "record" else (partner, table)
        reconciliation_create(aggregate_table=aggregate, records_table=records)
        started.append("reconciliation")
    return started
