"""Views: public gap pages and their downloads; data admins' link runs; staff follow-ups.

Public pages read stored results only (selectors); every table on them is downloadable
as CSV and JSON from a stable address, rendered from the same PublicTable as the page.
"""

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from foiatrack.core.public_cache import cached_for_visitors
from foiatrack.core.roles import data_admin_required, is_staff_member, staff_required
from foiatrack.foia import selectors as foia_selectors
from foiatrack.pipeline import coverage, reconciliation, selectors, services
from foiatrack.pipeline.downloads import iso_seconds, jurisdiction_table_download, table_download
from foiatrack.pipeline.forms import LinkRunForm
from foiatrack.pipeline.month_strip import month_strip

FRAGMENT_CACHE_SECONDS = 24 * 3600

SCORECARDS_PAGE_SIZE = 50  # 18,000 agencies at national scale


def _download(table: selectors.PublicTable, file_format: str, stored=None):
    """The same table as the page, as CSV or JSON."""
    return table_download(table, file_format, stored=stored)


def _render(request, template: str, context: dict):
    context.setdefault("stored", selectors.computation())
    context["state_labels"] = coverage.STATE_CHOICES
    return render(request, template, context)


def _fragment(name: str, key: str, stored, build_context) -> str:
    """A public fragment's HTML, cached until the matrix is next rebuilt.

    Every figure in these fragments comes from stored results that change only when
    coverage_recompute runs (after an audit or a link run), so the rebuild's timestamp is
    the cache version: a new rebuild makes new keys and old entries simply expire.
    """
    cache_key = None
    if stored.computed_at is not None:  # never rebuilt yet: nothing stable to cache
        cache_key = f"pipeline:fragment:{name}:{key}:{stored.computed_at.timestamp()}"
    html = cache.get(cache_key) if cache_key else None
    if html is None:
        context = {"state_labels": coverage.STATE_CHOICES, **build_context()}
        html = render_to_string(f"pipeline/fragments/{name}.html", context)
        if cache_key:
            cache.set(cache_key, html, FRAGMENT_CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308 - rendered by our own auto-escaping template


# --- Public pages ------------------------------------------------------------------


@require_GET
@cached_for_visitors(selectors.public_version)
def overview(request):
    """The pipeline per jurisdiction, coloured by coverage, and the calls→jail funnel."""
    stored = selectors.computation()
    fragment = _fragment(
        "overview",
        "all",
        stored,
        lambda: {"overview": selectors.overview(), "funnel": selectors.funnel_table(stored)},
    )
    return _render(request, "pipeline/overview.html", {"stored": stored, "fragment": fragment})


@require_GET
@cached_for_visitors(selectors.public_version)
def matrix(request):
    stored = selectors.computation()

    def build():
        table = selectors.matrix_table()
        return {"table": table, "grid": selectors.matrix_grid(table)}

    fragment = _fragment("matrix", "all", stored, build)
    return _render(request, "pipeline/matrix.html", {"stored": stored, "fragment": fragment})


@require_GET
def matrix_download(request, file_format: str):
    return _download(selectors.matrix_table(), file_format)


@require_GET
@cached_for_visitors(selectors.public_version_with_requests)
def jurisdiction(request, slug: str):
    """A jurisdiction's gap report: its coverage, datasets and public requests."""
    place = selectors.jurisdiction_get(slug=slug)
    stored = selectors.computation()

    def build():
        matrix_table = selectors.matrix_table(place)
        return {
            "place": place,
            "grid": selectors.matrix_grid(matrix_table),
            "datasets": selectors.datasets_table(place),
            "funnels": selectors.funnel_tables(stored, place),
        }

    return _render(
        request,
        "pipeline/jurisdiction.html",
        {
            "stored": stored,
            "place": place,
            # Which datasets are public follows the requests' privacy and embargoes.
            "fragment": _fragment(
                "jurisdiction", f"{place.slug}:{foia_selectors.public_version()}", stored, build
            ),
            "requests": selectors.public_requests_table(
                place, limit=selectors.JURISDICTION_REQUESTS_SHOWN
            ),
        },
    )


JURISDICTION_TABLES = {
    "coverage": selectors.matrix_table,
    "datasets": selectors.datasets_table,
    "requests": selectors.public_requests_table,
    "funnel": lambda place: selectors.funnel_table(selectors.computation(), place),
}


@require_GET
def jurisdiction_download(request, slug: str, table_name: str, file_format: str):
    return jurisdiction_table_download(
        JURISDICTION_TABLES, slug=slug, table_name=table_name, file_format=file_format
    )


@require_GET
@cached_for_visitors(selectors.public_version_with_requests)
def dataset(request, table_id: int):
    """One dataset's gap report: findings and flags in plain language, never values.

    A dataset of a private or embargoed request is 404 for the public; staff may open it
    (the follow-up button is here)."""
    staff = is_staff_member(request.user)
    header = selectors.dataset_header(table_id=table_id, include_private=staff)
    stored = selectors.computation()

    def build():
        found = selectors.dataset_get(table_id=table_id, include_private=staff)
        return {
            "facts": (facts := selectors.dataset_facts(found)),
            "strip": month_strip(
                facts["period_start"], facts["period_end"], facts["missing_periods"]
            ),
            "findings": selectors.dataset_findings_table(found),
            "flags": selectors.dataset_flags_table(found),
            "columns": selectors.dataset_columns_table(found),
            "links": selectors.dataset_links_table(found),
            "demographics": selectors.dataset_demographics_table(found),
            "categories": selectors.dataset_categories_table(found),
        }

    return _render(
        request,
        "pipeline/dataset.html",
        {
            "stored": stored,
            "table_id": table_id,
            "dataset_name": selectors.dataset_public_title(header, stage=header.coverage.stage),
            # Only served after the header check above, so a fragment staff rendered for a
            # private dataset never reaches the public.
            "fragment": _fragment(
                "dataset", f"{table_id}:{foia_selectors.public_version()}", stored, build
            ),
            "can_follow_up": staff,
            **reconciliation.dataset_reconciliation_context(table_id=table_id, public=not staff),
        },
    )


DATASET_TABLES = {
    "findings": selectors.dataset_findings_table,
    "flags": selectors.dataset_flags_table,
    "columns": selectors.dataset_columns_table,
    "links": selectors.dataset_links_table,
    "demographics": selectors.dataset_demographics_table,
    "categories": selectors.dataset_categories_table,
}


@require_GET
def dataset_download(request, table_id: int, table_name: str, file_format: str):
    builder = DATASET_TABLES.get(table_name)
    if builder is None:
        raise Http404("No such table.")
    return _download(builder(selectors.dataset_get(table_id=table_id)), file_format)


@require_GET
def dataset_json(request, table_id: int):
    """Everything the dataset's page shows, in one JSON document."""
    found = selectors.dataset_get(table_id=table_id)
    stored = selectors.computation()
    return JsonResponse(
        {
            "last_audited_at": iso_seconds(stored.last_audited_at),
            "dataset": selectors.dataset_facts(found),
            "flags": selectors.dataset_flags_table(found).records(),
            "columns": selectors.dataset_columns_table(found).records(),
            "links": selectors.dataset_links_table(found).records(),
            "demographics": selectors.dataset_demographics_table(found).records(),
            "categories": selectors.dataset_categories_table(found).records(),
        },
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
@cached_for_visitors(selectors.public_version)
def funnel(request):
    stored = selectors.computation()
    fragment = _fragment(
        "funnel", "all", stored, lambda: {"funnels": selectors.funnel_tables(stored)}
    )
    return _render(request, "pipeline/funnel.html", {"stored": stored, "fragment": fragment})


@require_GET
def funnel_download(request, file_format: str):
    stored = selectors.computation()
    return _download(selectors.funnel_table(stored), file_format, stored)


@require_GET
@cached_for_visitors(selectors.public_version_with_requests)
def scorecards(request):
    """Agency scorecards, 50 a page (18,000 agencies nationally); the downloads hold all."""
    table = selectors.scorecards_table()
    page = Paginator(table.display_rows(), SCORECARDS_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"table": table, "rows": page.object_list, "page": page}
    return _render(request, "pipeline/scorecards.html", context)


@require_GET
def scorecards_download(request, file_format: str):
    return _download(selectors.scorecards_table(), file_format)


# --- Data admins: link runs ----------------------------------------------------------


@data_admin_required
@require_http_methods(["GET", "POST"])
def link_runs(request):
    """Recent link runs and the form that starts one between two audited tables."""
    form = LinkRunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            run = services.link_run_create(
                left_table=form.cleaned_data["left_table"],
                right_table=form.cleaned_data["right_table"],
                user=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Link run queued.")
            return redirect("pipeline:link_run", run_id=run.id)
    return render(
        request,
        "pipeline/link_runs.html",
        {"form": form, "runs": selectors.link_runs_recent()},
        status=400 if request.method == "POST" else 200,
    )


@data_admin_required
@require_GET
def link_run(request, run_id: int):
    return render(request, "pipeline/link_run.html", {"run": selectors.link_run_get(run_id=run_id)})


# --- Staff: follow-up requests -------------------------------------------------------


@staff_required
@require_POST
def followup_create(request, table_id: int):
    """Draft a follow-up request from a dataset's flags."""
    found = selectors.dataset_get(table_id=table_id, include_private=True)
    try:
        draft = services.followup_draft_create(table=found.table, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("pipeline:dataset", table_id=table_id)
    return redirect("pipeline:followup", draft_id=draft.id)


@staff_required
@require_GET
def followup(request, draft_id: int):
    return render(
        request, "pipeline/followup.html", {"draft": selectors.followup_get(draft_id=draft_id)}
    )


@staff_required
@require_POST
def followup_to_request(request, draft_id: int):
    """One click: the draft becomes a new draft request to the same agency."""
    draft = selectors.followup_get(draft_id=draft_id)
    try:
        created = services.followup_to_request(draft=draft, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("pipeline:followup", draft_id=draft.id)
    messages.success(request, "Draft request created from the follow-up.")
    return redirect("foia:request_detail", request_id=created.id)
