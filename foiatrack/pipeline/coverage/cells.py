"""Writing coverage cells in bulk: deleting a set of cells with their links, inserting a
set of jurisdictions' rows of cells. At national scale a full matrix is 3,000 places × 7
stages × 17 years = 357,000 cells, so on PostgreSQL they go in with COPY (model instances
and bulk_create cost about 0.4 ms a cell); other databases use bulk_create.
"""

from datetime import datetime

from django.db import connection

from foiatrack.core.models import Stage
from foiatrack.pipeline import coverage
from foiatrack.pipeline.models import CoverageCell

CELL_COLUMNS = (
    "stage_id",
    "jurisdiction_id",
    "year",
    "state",
    "linkability_level",
    "last_audited_at",
    "computed_at",
)
TABLE_LINKS = CoverageCell.tables.through
REQUEST_LINKS = CoverageCell.requests.through


def cells_delete(cells) -> None:
    """Delete these cells and their links in three statements. QuerySet.delete() would
    first read every cell's id to cascade to the two link tables; the links go first
    here, so nothing refers to the cells any more."""
    TABLE_LINKS.objects.filter(coveragecell__in=cells).delete()
    REQUEST_LINKS.objects.filter(coveragecell__in=cells).delete()
    cells._raw_delete(cells.db)


def _rows(built: dict, jurisdiction_ids: list[int], span: tuple[int, int], started):
    """The cells' rows; a list, as no query may run while COPY streams."""
    stage_ids = list(Stage.objects.values_list("id", flat=True))
    return [
        _row(built.get((stage_id, jurisdiction_id, year)), stage_id, jurisdiction_id, year, started)
        for jurisdiction_id in jurisdiction_ids
        for stage_id in stage_ids
        for year in range(span[0], span[1] + 1)
    ]


def _row(cell, stage_id, jurisdiction_id, year, started) -> tuple:
    return (
        stage_id,
        jurisdiction_id,
        year,
        coverage.best_state(cell["states"]) if cell else coverage.NONE,
        coverage.best_level(cell["levels"]) if cell else "",
        cell["at"] if cell else None,
        started,
    )


def cells_insert(
    built: dict[tuple, dict], jurisdiction_ids: list[int], span: tuple[int, int], started: datetime
) -> None:
    """Insert the cells of these jurisdictions over the years of the span: the ones built,
    and 'nothing received' for every other stage and year (blank never means zero), then
    each built cell's links to its tables and requests."""
    rows = _rows(built, jurisdiction_ids, span, started)
    if connection.vendor == "postgresql":
        _copy(CoverageCell._meta.db_table, CELL_COLUMNS, rows)
    else:
        CoverageCell.objects.bulk_create(
            (CoverageCell(**dict(zip(CELL_COLUMNS, row, strict=True))) for row in rows),
            batch_size=2000,
        )
    ids = {}
    filled = CoverageCell.objects.filter(jurisdiction_id__in=jurisdiction_ids)
    for cell_id, *key in filled.exclude(state=coverage.NONE).values_list(
        "id", "stage_id", "jurisdiction_id", "year"
    ):
        ids[tuple(key)] = cell_id
    table_links, request_links = [], []
    for key, found in built.items():
        if key not in ids:  # a place outside these jurisdictions, or a NONE cell
            ids.update(_ids_of(key))
        cell_id = ids.get(key)
        if cell_id is None:
            continue
        table_links += [(cell_id, table_id) for table_id in found["tables"]]
        request_links += [(cell_id, request_id) for request_id in found["requests"]]
    _links_insert(TABLE_LINKS, "table_id", table_links)
    _links_insert(REQUEST_LINKS, "foiarequest_id", request_links)


def _ids_of(key: tuple) -> dict:
    """The id of one cell by its key, when it exists (a built cell whose state is NONE)."""
    stage_id, jurisdiction_id, year = key
    found = CoverageCell.objects.filter(
        stage_id=stage_id, jurisdiction_id=jurisdiction_id, year=year
    ).values_list("id", flat=True)
    return dict.fromkeys([key], found.first()) if found.exists() else {}


def _links_insert(through, column: str, links: list[tuple[int, int]]) -> None:
    if connection.vendor == "postgresql":
        _copy(through._meta.db_table, ("coveragecell_id", column), links)
        return
    through.objects.bulk_create(
        (through(coveragecell_id=cell_id, **{column: other}) for cell_id, other in links),
        batch_size=2000,
    )


def _copy(table: str, columns: tuple[str, ...], rows) -> None:
    """COPY rows into a table (PostgreSQL, psycopg 3), inside the current transaction."""
    with connection.cursor() as cursor:
        statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        with cursor.cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
