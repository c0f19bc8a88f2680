"""Reads for the gap pages, the API and staff: querysets and single rows, public rules
(which tables the public may see, their neutral titles) applied here once.

Each reader runs a fixed number of queries, however much data there is.
"""

from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from foiatrack.core.models import Stage
from foiatrack.foia import selectors as foia_selectors
from foiatrack.foia.models import Jurisdiction
from foiatrack.foia.selectors import public_requests
from foiatrack.pipeline import coverage
from foiatrack.pipeline.models import (
    CoverageCell,
    CoverageComputation,
    DatasetCoverage,
    FollowUpDraft,
    LinkRun,
)
from foiatrack.received.models import GapFlag, Table

MAX_ID = 2**63 - 1


def _checked_id(value: int) -> int:
    if not 0 < value <= MAX_ID:
        raise Http404("No such item.")
    return value


def public_table_q(prefix: str = "") -> Q:
    """received.Table rows the public may see (`prefix` leads from the queried model to the
    table, e.g. "table__"): a file received outside any request, or in answer to a request
    foia's public_requests() shows (marked public, past any embargo, not a draft). A file
    answering a private or embargoed request stays off every public list, page, download
    and API answer: its name, period and flags describe what that request asked for."""
    request = f"{prefix}received_file__request"
    return Q(**{f"{request}__isnull": True}) | Q(
        **{f"{request}__in": public_requests().order_by().values("id")}
    )


def dataset_public_title(table: Table, *, stage: Stage | None = None) -> str:
    """The name the public sees for a dataset: agency — stage, period (table N).

    Never the uploaded file or sheet name (Table.name), which may hold personal data
    ("jdoe_arrest_record.csv"); admins see that on their own pages. `stage` is the one the
    coverage rebuild placed the table in (a file's own, else its request's); the agency is
    the file's, else its request's. Callers select_related received_file__agency,
    received_file__stage and received_file__request__agency so this runs no query.
    """
    received = table.received_file
    agency = received.agency
    if agency is None and received.request_id:
        agency = received.request.agency
    stage = stage or received.stage
    years = coverage.years_between(table.period_start, table.period_end)
    period = _year_span(years) if years else "period unknown"
    return (
        f"{agency.name if agency else 'Unknown agency'} — "
        f"{stage.name if stage else 'Unknown stage'}, {period} (table {table.position + 1})"
    )


def _year_span(years: list[int]) -> str:
    if not years:
        return ""
    first, last = min(years), max(years)
    return str(first) if first == last else f"{first}–{last}"


def computation() -> CoverageComputation:
    """When the matrix was last rebuilt and the data last audited (one query)."""
    return CoverageComputation.objects.filter(id=1).first() or CoverageComputation()


def public_version(*, with_requests: bool = False) -> str | None:
    """The version of cached public gap pages and answers (core.public_cache): the
    matrix's last rebuild and, for those that depend on which requests are public or on
    the agencies, the requests' version. None (do not cache) until the first rebuild."""
    stored = computation()
    if stored.computed_at is None:
        return None
    version = str(stored.computed_at.timestamp())
    if with_requests:
        version += ":" + foia_selectors.public_version()
    return version


def public_version_with_requests() -> str | None:
    return public_version(with_requests=True)


def _cells(jurisdiction: Jurisdiction | None = None):
    cells = CoverageCell.objects.select_related("stage", "jurisdiction").annotate(
        dataset_count=Count("tables", distinct=True),
        request_count=Count("requests", distinct=True),
    )
    if jurisdiction is not None:
        cells = cells.filter(jurisdiction=jurisdiction)
    return cells.order_by("jurisdiction__name", "stage__position", "year")


def _datasets(jurisdiction: Jurisdiction | None = None):
    datasets = (
        DatasetCoverage.objects.select_related(
            "stage",
            "jurisdiction",
            "table__received_file__agency",
            "table__received_file__stage",
            "table__received_file__request__agency",
        )
        .defer("table__findings", "table__source", "table__role_overrides")
        .prefetch_related(
            Prefetch("table__flags", queryset=GapFlag.objects.only("table_id", "code"))
        )
        # Not by the uploaded name, which the public never sees.
        .order_by(
            "stage__position",
            "table__received_file__agency__name",
            "table__period_start",
            "table_id",
        )
    )
    if jurisdiction is not None:
        datasets = datasets.filter(jurisdiction=jurisdiction)
    return datasets.filter(public_table_q("table__"))


def dataset_get(*, table_id: int, include_private: bool = False) -> DatasetCoverage:
    """An audited dataset with what its public report needs, or 404. Datasets of private
    or embargoed requests are 404 unless `include_private` (staff)."""
    queryset = DatasetCoverage.objects.select_related(
        "stage",
        "jurisdiction",
        "table__received_file__agency",
        "table__received_file__stage",
        "table__received_file__request__agency",
    ).prefetch_related("table__flags")
    if not include_private:
        queryset = queryset.filter(public_table_q("table__"))
    return get_object_or_404(
        queryset, table_id=_checked_id(table_id), table__status=Table.Status.DONE
    )


def dataset_header(*, table_id: int, include_private: bool = False) -> Table:
    """A dataset with a public report, or 404: what a page needs before its cached report
    (one query, findings not loaded; enough for dataset_public_title). Datasets of private
    or embargoed requests are 404 unless `include_private` (staff)."""
    tables = Table.objects.select_related(
        "coverage__stage",
        "received_file__agency",
        "received_file__stage",
        "received_file__request__agency",
    ).defer("findings", "source", "role_overrides")
    if not include_private:
        tables = tables.filter(public_table_q())
    return get_object_or_404(
        tables,
        id=_checked_id(table_id),
        status=Table.Status.DONE,
        coverage__isnull=False,
    )


def jurisdiction_get(*, slug: str) -> Jurisdiction:
    return get_object_or_404(Jurisdiction, slug=slug)


# --- Staff reads ---------------------------------------------------------------------


def link_runs_recent(limit: int = 50):
    """Latest link runs, for data admins."""
    return LinkRun.objects.select_related("left_table", "right_table", "created_by")[:limit]


def link_run_get(*, run_id: int) -> LinkRun:
    return get_object_or_404(
        LinkRun.objects.select_related("left_table", "right_table"), id=_checked_id(run_id)
    )


def tables_linkable():
    """Audited tables a link run may use, lightest fields only."""
    return (
        Table.objects.filter(status=Table.Status.DONE)
        .select_related("received_file__stage", "received_file__agency")
        .defer("findings", "source", "role_overrides")
        .order_by("name", "id")
    )


def followup_get(*, draft_id: int) -> FollowUpDraft:
    return get_object_or_404(
        FollowUpDraft.objects.select_related("table", "created_request"),
        id=_checked_id(draft_id),
    )


def file_format(value: str) -> str:
    """'csv' or 'json', else 404: the download permalinks accept only these."""
    if value not in ("csv", "json"):
        raise Http404("Downloads are CSV or JSON.")
    return value
