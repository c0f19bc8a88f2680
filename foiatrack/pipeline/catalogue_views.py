"""The public datasets list (/gaps/datasets/) as a catalogue: search and filters
(django-filter), distinct titles, failed tables with a badge; its downloads follow the
same filters."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from foiatrack.core.public_cache import cached_for_visitors
from foiatrack.pipeline import coverage, selectors
from foiatrack.pipeline.downloads import table_download
from foiatrack.pipeline.filters import DatasetFilter
from foiatrack.pipeline.selectors import dataset_catalogue

PAGE_SIZE = 50  # 20,000 tables at national scale; the downloads hold every row


def _filtered(request) -> DatasetFilter:
    return DatasetFilter(request.GET, queryset=dataset_catalogue.public_datasets())


def _failed(filterset: DatasetFilter) -> list:
    """Failed tables have no audited facets: shown only when no facet they lack is set."""
    data = filterset.form.cleaned_data
    if any(data.get(key) for key in ("q", "year", "granularity", "flag")):
        return []
    failed = dataset_catalogue.failed_tables()
    if data.get("stage"):
        failed = failed.filter(received_file__stage=data["stage"])
    if data.get("jurisdiction"):
        failed = failed.filter(received_file__agency__jurisdiction=data["jurisdiction"])
    return [
        {
            "id": table.id,
            "title": dataset_catalogue.base_title(table),
        }
        for table in failed
    ]


@require_GET
@cached_for_visitors(selectors.public_version_with_requests)
def dataset_list(request):
    filterset = _filtered(request)
    valid = filterset.is_valid()
    table = selectors.datasets_table(datasets=filterset.qs if valid else [])
    page = Paginator(table.display_rows(), PAGE_SIZE).get_page(request.GET.get("page"))
    without_page = request.GET.copy()
    without_page.pop("page", None)
    query = without_page.urlencode()
    return render(
        request,
        "pipeline/dataset_list.html",
        {
            "stored": selectors.computation(),
            "state_labels": coverage.STATE_CHOICES,
            "table": table,
            "failed": _failed(filterset) if valid else [],
            "filter": filterset,
            "query": query,
            "page": page,
            "rows": page.object_list,
        },
        status=200 if valid else 400,
    )


@require_GET
def dataset_list_download(request, file_format: str):
    filterset = _filtered(request)
    datasets = filterset.qs if filterset.is_valid() else []
    return table_download(selectors.datasets_table(datasets=datasets), file_format)
