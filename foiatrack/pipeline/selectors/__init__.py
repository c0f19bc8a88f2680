"""Reads for the gap pages, their downloads, the API and staff.

- `queries.py`: querysets and single rows, with the public rules applied once (which
  tables the public may see, their neutral titles);
- `public_tables.py`: the public tables built from them (matrix, datasets, funnel,
  scorecards, requests), rendered alike by the page, the CSV and the JSON;
- `dataset_report.py`: one dataset's public report.

This package re-exports all three, so `selectors.matrix_table` keeps working.
"""

from foiatrack.pipeline.selectors.dataset_report import (
    dataset_columns_table,
    dataset_facts,
    dataset_findings_table,
    dataset_flags_table,
    dataset_links_table,
)
from foiatrack.pipeline.selectors.demographics import (
    dataset_categories_table,
    dataset_demographics_table,
)
from foiatrack.pipeline.selectors.public_tables import (
    FUNNEL_COLUMNS,
    FUNNEL_NOUNS,
    JURISDICTION_COLUMNS,
    JURISDICTION_REQUESTS_SHOWN,
    PUBLIC_REQUESTS_LIMIT,
    STAGE_SHORT,
    PublicTable,
    datasets_table,
    funnel_table,
    funnel_tables,
    matrix_grid,
    matrix_table,
    overview,
    public_requests_table,
    scorecards_table,
)
from foiatrack.pipeline.selectors.queries import (
    MAX_ID,
    computation,
    dataset_get,
    dataset_header,
    dataset_public_title,
    file_format,
    followup_get,
    jurisdiction_get,
    link_run_get,
    link_runs_recent,
    public_table_q,
    public_version,
    public_version_with_requests,
    tables_linkable,
)

__all__ = [
    "FUNNEL_COLUMNS",
    "FUNNEL_NOUNS",
    "JURISDICTION_COLUMNS",
    "JURISDICTION_REQUESTS_SHOWN",
    "MAX_ID",
    "PUBLIC_REQUESTS_LIMIT",
    "PublicTable",
    "STAGE_SHORT",
    "computation",
    "dataset_categories_table",
    "dataset_columns_table",
    "dataset_demographics_table",
    "dataset_facts",
    "dataset_findings_table",
    "dataset_flags_table",
    "dataset_get",
    "dataset_header",
    "dataset_links_table",
    "dataset_public_title",
    "datasets_table",
    "file_format",
    "followup_get",
    "funnel_table",
    "funnel_tables",
    "jurisdiction_get",
    "link_run_get",
    "link_runs_recent",
    "matrix_grid",
    "matrix_table",
    "overview",
    "public_requests_table",
    "public_table_q",
    "public_version",
    "public_version_with_requests",
    "scorecards_table",
    "tables_linkable",
]
