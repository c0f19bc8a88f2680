"""Public request pages: the one filtered list (/gaps/requests/) and a page per request.

Both read only foia's public_requests() (marked public, past any embargo, not a draft):
any other request is a 404 for everyone here; staff see theirs on the staff pages.
"""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from foiatrack.core.public_cache import cached_for_visitors
from foiatrack.foia.filters import PublicRequestFilter
from foiatrack.foia.selectors import public_requests as foia_public_requests
from foiatrack.pipeline import selectors
from foiatrack.pipeline.downloads import table_download
from foiatrack.pipeline.selectors import public_request as request_page

PUBLIC_REQUESTS_PAGE_SIZE = 50


def _filtered(request) -> PublicRequestFilter:
    return PublicRequestFilter(request.GET, queryset=foia_public_requests())


@require_GET
@cached_for_visitors(selectors.public_version_with_requests)
def public_requests(request):
    """Every public request, filtered by agency, jurisdiction, status, stage and year.
    Invalid filter input answers 400 with the form's own messages, never a 500."""
    filterset = _filtered(request)
    valid = filterset.is_valid()
    table = selectors.public_requests_table(requests=filterset.qs if valid else None)
    if not valid:
        table.rows = []
    page = Paginator(table.display_rows(), PUBLIC_REQUESTS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "pipeline/requests.html",
        {
            "table": table,
            "page": page,
            "filter": filterset,
            "query": query.urlencode(),
            "stored": selectors.computation(),
        },
        status=200 if valid else 400,
    )


@require_GET
def public_requests_download(request, file_format: str):
    filterset = _filtered(request)
    if not filterset.is_valid():
        table = selectors.public_requests_table(requests=foia_public_requests().none())
    else:
        table = selectors.public_requests_table(requests=filterset.qs)
    return table_download(table, file_format)


@require_GET
@cached_for_visitors(selectors.public_version_with_requests)
def public_request(request, request_id: int):
    """One public request: what was asked, the law and dates, its public timeline, the
    letter and the datasets received with their gap reports."""
    found = request_page.public_request_get(request_id=request_id)
    return render(
        request,
        "pipeline/request_detail.html",
        {
            "item": found,
            "law": request_page.public_request_law(found),
            "timeline": request_page.public_request_timeline(found),
            "letter": request_page.public_request_letter(found),
            "datasets": request_page.public_request_datasets(found),
            "stored": selectors.computation(),
        },
    )
