"""Reads for a request's asked-vs-received table (issue 9): what the request asked for,
compared with the audited tables of the files attached to it. Staff only.

The comparison itself is pure (foiatrack.audit.compare); this module gathers the ask, the
stored findings, the exemptions and the fields the agency says it does not keep.
"""

from django.conf import settings
from django.shortcuts import get_object_or_404

from foiatrack.audit.compare import DEFAULT_MIN_FILL_RATE, Ask, Comparison, Delivery, compare_ask
from foiatrack.foia.models import FoiaRequest
from foiatrack.received.models import Table

COMPARISON_CSV_HEADER = [
    "item",
    "asked",
    "verdict",
    "fill_rate_pct",
    "redacted_rate_pct",
    "column",
    "dataset",
    "explained_by",
    "exemption",
]


def min_fill_rate() -> float:
    """Below this share of filled cells a delivered field is 'unusable' (the setting
    FOIATRACK_MIN_FILL_RATE, default 0.2)."""
    return float(getattr(settings, "FOIATRACK_MIN_FILL_RATE", DEFAULT_MIN_FILL_RATE))


def request_for_comparison(*, request_id: int) -> FoiaRequest:
    """A request with what its comparison and evidence bundle read, or 404."""
    queryset = FoiaRequest.objects.select_related(
        "agency__jurisdiction", "requester"
    ).prefetch_related(
        "stages", "exemptions", "tracking_numbers", "communications", "status_changes", "appeals"
    )
    return get_object_or_404(queryset, id=request_id)


def request_tables(request: FoiaRequest) -> list[Table]:
    """The audited tables of every file attached to the request, oldest file first."""
    return list(
        Table.objects.filter(received_file__request=request, status=Table.Status.DONE)
        .select_related("received_file")
        .order_by("received_file__uploaded_at", "received_file_id", "position")
    )


def request_ask(request: FoiaRequest) -> Ask:
    return Ask(
        fields=list(request.fields_wanted),
        period_start=request.period_start,
        period_end=request.period_end,
        detail_level=request.detail_level_wanted,
        format=request.format_wanted,
    )


def _exemptions(request: FoiaRequest) -> tuple[dict[str, str], str]:
    by_field: dict[str, str] = {}
    whole: list[str] = []
    for exemption in request.exemptions.all():
        if exemption.fields:
            for code in exemption.fields:
                by_field.setdefault(code, exemption.section)
        else:
            whole.append(exemption.section)
    return by_field, "; ".join(whole)


def request_comparison(request: FoiaRequest, tables: list[Table] | None = None) -> Comparison:
    """The asked-vs-received comparison of a request and its suggested outcome."""
    tables = request_tables(request) if tables is None else tables
    deliveries = [
        Delivery(
            name=table.name,
            findings=table.findings or {},
            format=(table.source or {}).get("format", ""),
        )
        for table in tables
    ]
    exempt_fields, request_exemption = _exemptions(request)
    return compare_ask(
        request_ask(request),
        deliveries,
        exempt_fields=exempt_fields,
        not_held=set(request.fields_not_held),
        request_exemption=request_exemption,
        min_fill_rate=min_fill_rate(),
    )


def _pct(value: float | None) -> float | None:
    return None if value is None else round(100 * value, 1)


def comparison_rows(comparison: Comparison) -> list[list]:
    """The comparison as CSV rows under COMPARISON_CSV_HEADER: one per field asked, then
    period, detail level, format and the suggested outcome."""
    rows = [
        [
            "field",
            verdict.label,
            verdict.verdict,
            _pct(verdict.fill_rate),
            _pct(verdict.redacted_rate),
            verdict.column or "",
            verdict.dataset or "",
            verdict.explained_by,
            verdict.exemption,
        ]
        for verdict in comparison.fields
    ]
    period = comparison.period
    rows.append(
        [
            "period",
            f"{period['asked_start'] or '?'} to {period['asked_end'] or '?'}",
            period["verdict"],
            "",
            "",
            f"delivered {period['delivered_start'] or '?'} to {period['delivered_end'] or '?'}",
            "",
            "missing months: " + (", ".join(period["missing_months"]) or "none"),
            "",
        ]
    )
    detail, formats = comparison.detail, comparison.format
    rows.append(["detail_level", detail["asked"] or "", detail["verdict"], "", "", "", "", "", ""])
    rows[-1][5] = f"delivered {detail['delivered'] or '?'}"
    rows.append(["format", formats["asked"] or "", formats["verdict"], "", "", "", "", "", ""])
    rows[-1][5] = "delivered " + (", ".join(formats["delivered"]) or "?")
    rows.append(
        [
            "suggested_outcome",
            "",
            comparison.outcome or "",
            "",
            "",
            "",
            "",
            comparison.outcome_reason,
            "",
        ]
    )
    return rows
