"""The datasets list as a catalogue: distinct public titles, and the tables that failed.

A title is agency — stage, period; "(table N)" is added only where two datasets would
otherwise share a title, and the dataset's number after that if they still would. A file
with no agency (and no request naming one) is titled by its place, never "Unknown agency".
"""

from collections import Counter

from foiatrack.pipeline import coverage
from foiatrack.pipeline.models import DatasetCoverage
from foiatrack.pipeline.selectors.queries import _datasets, _year_span, public_table_q
from foiatrack.received.models import Table


def _agency_name(table: Table, place_name: str) -> str:
    received = table.received_file
    agency = received.agency
    if agency is None and received.request_id:
        agency = received.request.agency
    if agency is not None:
        return agency.name
    return f"{place_name} (agency not recorded)" if place_name else "Agency not recorded"


def base_title(table: Table, *, stage=None, place_name: str = "") -> str:
    """Agency — stage, period: no table number."""
    stage = stage or table.received_file.stage
    years = coverage.years_between(table.period_start, table.period_end)
    period = _year_span(years) if years else "period unknown"
    stage_name = stage.name if stage else "stage not recorded"
    return f"{_agency_name(table, place_name)} — {stage_name}, {period}"


def distinct_titles(datasets: list[DatasetCoverage]) -> dict[int, str]:
    """Each dataset's catalogue title by table id, unique within the list."""
    bases = {
        d.table_id: base_title(
            d.table, stage=d.stage, place_name=d.jurisdiction.name if d.jurisdiction else ""
        )
        for d in datasets
    }
    counts = Counter(bases.values())
    titles = {
        d.table_id: bases[d.table_id]
        + (f" (table {d.table.position + 1})" if counts[bases[d.table_id]] > 1 else "")
        for d in datasets
    }
    again = Counter(titles.values())
    return {
        table_id: title + (f" · dataset {table_id}" if again[title] > 1 else "")
        for table_id, title in titles.items()
    }


def failed_tables():
    """Public tables whose audit failed: listed with a badge and the reason in words."""
    return (
        Table.objects.filter(public_table_q(), status=Table.Status.FAILED)
        .select_related(
            "received_file__agency__jurisdiction",
            "received_file__stage",
            "received_file__request__agency__jurisdiction",
        )
        .defer("findings", "source", "role_overrides")
        .order_by("received_file__agency__name", "id")
    )


def public_datasets():
    """The public audited datasets, with what a catalogue row needs (fixed queries)."""
    return _datasets()
