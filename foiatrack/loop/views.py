"""Views for issue 9: a request's asked-vs-received table, outcome confirmation and evidence
bundle (staff); availability tiers, stage-pair linkability and the PDAP catalogue (public).

Public pages read stored findings only and never show a value from a file; each public
table downloads as CSV and JSON from a stable address, built from the same PublicTable.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from foiatrack.audit.compare import OUTCOMES
from foiatrack.core.csv_export import csv_response
from foiatrack.core.roles import staff_required
from foiatrack.foia.services import request_transition
from foiatrack.loop import asked, availability, availability_stages, catalogue
from foiatrack.loop.evidence import evidence_bundle as build_evidence_bundle
from foiatrack.pipeline import selectors
from foiatrack.pipeline.downloads import jurisdiction_table_download, table_download

# --- Staff: one request ---------------------------------------------------------------


@staff_required
@require_GET
def asked_vs_received(request, request_id: int):
    """Each asked field delivered or not, period, detail level, format, suggested outcome."""
    foia_request = asked.request_for_comparison(request_id=request_id)
    tables = asked.request_tables(foia_request)
    comparison = asked.request_comparison(foia_request, tables)
    return render(
        request,
        "loop/asked_vs_received.html",
        {
            "foia_request": foia_request,
            "comparison": comparison,
            "tables": tables,
            "min_fill_pct": round(100 * asked.min_fill_rate()),
        },
    )


@staff_required
@require_GET
def asked_vs_received_csv(request, request_id: int):
    foia_request = asked.request_for_comparison(request_id=request_id)
    rows = asked.comparison_rows(asked.request_comparison(foia_request))
    return csv_response(
        f"request-{foia_request.id}-asked-vs-received.csv", asked.COMPARISON_CSV_HEADER, rows
    )


@staff_required
@require_POST
def confirm_outcome(request, request_id: int):
    """Staff confirm the suggested outcome: the request moves through the lifecycle service.

    The suggestion is computed again here, never taken from the form, so a stale page
    cannot confirm an outcome the data no longer supports.
    """
    foia_request = asked.request_for_comparison(request_id=request_id)
    comparison = asked.request_comparison(foia_request)
    if comparison.outcome is None:
        messages.error(request, "There is no suggested outcome to confirm yet.")
        return redirect("pipeline:asked_vs_received", request_id=foia_request.id)
    if request.POST.get("outcome") != comparison.outcome:
        messages.error(request, "The suggestion changed since the page was shown; check it again.")
        return redirect("pipeline:asked_vs_received", request_id=foia_request.id)
    try:
        request_transition(
            request=foia_request,
            to_status=comparison.suggested_status,
            user=request.user,
            note=f"Confirmed from asked vs received: {OUTCOMES[comparison.outcome]}. "
            f"{comparison.outcome_reason}",
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("pipeline:asked_vs_received", request_id=foia_request.id)
    messages.success(request, f"Outcome confirmed: {foia_request.get_status_display()}.")
    return redirect("foia:request_detail", request_id=foia_request.id)


@staff_required
@require_GET
def evidence_bundle(request, request_id: int):
    """Letters, communications, attachments, audit reports and the comparison, as a ZIP."""
    foia_request = asked.request_for_comparison(request_id=request_id)
    bundle = build_evidence_bundle(request=foia_request, author=request.user)
    return FileResponse(
        bundle,
        as_attachment=True,
        filename=f"request-{foia_request.id}-evidence.zip",
        content_type="application/zip",
    )


# --- Public: availability, stage links, catalogue ------------------------------------------


def _download(table: selectors.PublicTable, file_format: str):
    """A public table as CSV or JSON (the same rows as the page)."""
    return table_download(table, file_format, with_computed_at=False)


def _availability_page(request, place=None):
    return render(
        request,
        "loop/availability.html",
        {
            "place": place,
            "stored": selectors.computation(),
            "availability": availability.availability_table(place),
            "stage_links": availability.stage_links_table(place),
            "by_stage": availability_stages.stage_summary_table(place),
            "tiers": availability.TIERS,
            "min_fill_pct": round(100 * asked.min_fill_rate()),
        },
    )


@require_GET
def availability_overview(request):
    """Each field of each stage and jurisdiction: published, obtained, withheld, …"""
    return _availability_page(request)


@require_GET
def availability_jurisdiction(request, slug: str):
    return _availability_page(request, selectors.jurisdiction_get(slug=slug))


AVAILABILITY_TABLES = {
    "availability": availability.availability_table,
    "stage-links": availability.stage_links_table,
    "by-stage": availability_stages.stage_summary_table,
}


@require_GET
def availability_download(request, file_format: str):
    return _download(availability.availability_table(), file_format)


@require_GET
def stage_links_download(request, file_format: str):
    return _download(availability.stage_links_table(), file_format)


@require_GET
def availability_jurisdiction_download(request, slug: str, table_name: str, file_format: str):
    return jurisdiction_table_download(
        AVAILABILITY_TABLES,
        slug=slug,
        table_name=table_name,
        file_format=file_format,
        with_computed_at=False,
    )


@require_GET
def catalogue_page(request):
    """Every audited dataset in the Police Data Accessibility Project's fields."""
    return render(
        request,
        "loop/catalogue.html",
        {
            "entries": catalogue.catalogue_entries(),
            "fields": catalogue.PDAP_FIELDS,
            "stored": selectors.computation(),
        },
    )


@require_GET
def catalogue_download(request, file_format: str):
    """The PDAP catalogue as CSV (lists joined by '; ') or JSON (lists kept)."""
    file_format = selectors.file_format(file_format)
    entries = catalogue.catalogue_entries()
    if file_format == "csv":
        rows = [catalogue.catalogue_csv_row(entry) for entry in entries]
        return csv_response("pdap-data-sources.csv", catalogue.PDAP_FIELDS, rows)
    return JsonResponse(
        {"fields": catalogue.PDAP_FIELDS, "data_sources": entries},
        json_dumps_params={"ensure_ascii": False},
    )
