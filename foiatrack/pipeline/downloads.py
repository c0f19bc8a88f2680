"""A public table's downloads: CSV or JSON from a stable address, the same rows as the page.

Used by the gap pages (pipeline) and the loop's pages alike, so every download has one
shape.
"""

from django.http import Http404, JsonResponse

from foiatrack.core.csv_export import csv_response
from foiatrack.pipeline import selectors


def iso_seconds(value) -> str | None:
    """A time as the downloads print it: ISO 8601 to the second, or None."""
    return value.isoformat(timespec="seconds") if value else None


def table_download(
    table: selectors.PublicTable, file_format: str, *, stored=None, with_computed_at: bool = True
):
    """The table as CSV or JSON (404 for any other format). The JSON says when the data
    was last audited and, unless with_computed_at is off, when the matrix was rebuilt."""
    file_format = selectors.file_format(file_format)
    if file_format == "csv":
        return csv_response(f"{table.filename}.csv", table.header(), table.values())
    stored = stored or selectors.computation()
    body = {"title": table.title, "last_audited_at": iso_seconds(stored.last_audited_at)}
    if with_computed_at:
        body["computed_at"] = iso_seconds(stored.computed_at)
    body["columns"] = [{"key": key, "label": label} for key, label in table.columns]
    body["rows"] = table.records()
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})


def jurisdiction_table_download(
    builders: dict, *, slug: str, table_name: str, file_format: str, **options
):
    """One of a jurisdiction's tables (named in `builders`) as CSV or JSON; 404 for a name
    it does not have."""
    builder = builders.get(table_name)
    if builder is None:
        raise Http404("No such table.")
    return table_download(builder(selectors.jurisdiction_get(slug=slug)), file_format, **options)
