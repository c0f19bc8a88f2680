"""Every audited dataset as a Police Data Accessibility Project data source (issue 9).

Fields and allowed values follow PDAP's own definitions:
- the field list and meanings: PDAP's "Data Sources data dictionary"
  (github.com/Police-Data-Accessibility-Project/docs,
  activities/data-sources/data-dictionaries/data-sources-data-dictionary.md);
- the allowed values: PDAP's data-sources-app, database_client/models.py —
  RecordTypeLiteral, DetailLevelLiteral ("Individual record", "Aggregated records",
  "Summarized totals"), AccessTypeLiteral ("Web page", "API", "Download"),
  UpdateMethodLiteral ("Insert", "No updates", "Overwrite") and AgencyAggregationLiteral
  ("county", "local", "state", "federal");
- record_formats is open in PDAP ("CSV, JSON, XML, RDF, RSS, HTML table and others");
  we emit only the formats the audit reads (CSV, XLSX, XLS).

Nothing here is a value from a file: names, periods, counts and the route only. A dataset
obtained by a public-records request has no PDAP access type (PDAP's types describe where
records are online); access_notes then says how it was obtained.
"""

from foiatrack.audit.compare import (
    DEFAULT_MIN_FILL_RATE,
    DETAIL_LEVELS,
    Delivery,
    delivered_detail_level,
    field_verdict,
)
from foiatrack.audit.field_catalogue import FIELDS, STAGE_FIELDS
from foiatrack.foia.laws import ROUTE_FOIA, ROUTE_RULES, get_law
from foiatrack.foia.models import AccessRoute
from foiatrack.pipeline.plain import small_count
from foiatrack.pipeline.selectors import dataset_public_title, public_table_q
from foiatrack.received.models import Table

PDAP_FIELDS = [
    "name",
    "description",
    "record_type",
    "detail_level",
    "coverage_start",
    "coverage_end",
    "access_types",
    "record_formats",
    "agency_supplied",
    "agency_aggregation",
    "update_method",
    "access_notes",
]
PDAP_RECORD_TYPES = [
    "Dispatch Recordings",
    "Arrest Records",
    "Citations",
    "Incarceration Records",
    "Booking Reports",
    "Budgets & Finances",
    "Misc Police Activity",
    "Geographic",
    "Crime Maps & Reports",
    "Other",
    "Annual & Monthly Reports",
    "Resources",
    "Dispatch Logs",
    "Sex Offender Registry",
    "Officer Involved Shootings",
    "Daily Activity Logs",
    "Crime Statistics",
    "Records Request Info",
    "Policies & Contracts",
    "Stops",
    "Media Bulletins",
    "Training & Hiring Info",
    "Personnel Records",
    "Contact Info & Agency Meta",
    "Incident Reports",
    "Calls for Service",
    "Accident Reports",
    "Use of Force Reports",
    "Complaints & Misconduct",
    "Vehicle Pursuits",
    "Court Cases",
    "Surveys",
    "Field Contacts",
    "Wanted Persons",
    "List of Data Sources",
    "Car GPS",
]
PDAP_DETAIL_LEVELS = DETAIL_LEVELS
PDAP_ACCESS_TYPES = ["Web page", "API", "Download"]
PDAP_UPDATE_METHODS = ["Insert", "No updates", "Overwrite"]
PDAP_AGENCY_AGGREGATIONS = ["county", "local", "state", "federal"]
RECORD_FORMATS = {"csv": "CSV", "xlsx": "XLSX", "xls": "XLS"}

# Our pipeline stages as PDAP record types.
STAGE_RECORD_TYPES = {
    "call": "Calls for Service",
    "report": "Incident Reports",
    "arrest": "Arrest Records",
    "charge": "Court Cases",
    "court": "Court Cases",
    "jail": "Booking Reports",
    "sentence": "Court Cases",
    "prison": "Incarceration Records",
}


def _tables():
    return (
        # A public catalogue: not the tables of private or embargoed requests.
        Table.objects.filter(public_table_q(), status=Table.Status.DONE)
        .select_related(
            "received_file__stage",
            "received_file__agency__jurisdiction",
            "received_file__request__agency",
        )
        .order_by("received_file__agency__name", "period_start", "id")
    )


def _route(table: Table, routes: dict) -> str:
    received = table.received_file
    if received.request is not None:
        return received.request.access_route
    if received.agency and received.stage:
        return routes.get((received.agency_id, received.stage_id), ROUTE_FOIA)
    return ROUTE_FOIA


def _access_notes(table: Table, route: str) -> str:
    agency = table.received_file.agency
    if route == "open_data":
        return "Published on the agency's open data portal; audited by foiatrack."
    if route != ROUTE_FOIA:
        rule = ROUTE_RULES[route]
        return f"Obtained by {rule.name.lower()} ({rule.deadline_text})."
    if agency is None:
        return "Obtained from an agency; audited by foiatrack."
    law = get_law(agency.jurisdiction.law)
    return f"Obtained from {agency.name} by a request under {law.name} ({law.citation})."


def _description(table: Table, findings: dict) -> str:
    received = table.received_file
    stage = received.stage.name if received.stage else "Unknown stage"
    rows = small_count(findings.get("rows"))
    flags = sorted({flag.get("code") for flag in findings.get("flags") or []})
    return (
        f"{stage} records from {received.agency.name if received.agency else 'an agency'}: "
        f"{rows if rows is not None else 'an unknown number of'} rows, "
        f"{findings.get('granularity') or 'unknown'} level, time resolution "
        f"{findings.get('time_resolution') or 'unknown'}, location resolution "
        f"{findings.get('geo_resolution') or 'unknown'}. "
        + (f"Gaps flagged: {', '.join(flags)}." if flags else "No gaps flagged.")
        + _fields_text(received.stage.code if received.stage else "", table, findings)
    )


def _fields_text(stage: str, table: Table, findings: dict) -> str:
    """ " Catalogue fields delivered: …" for the stage's fields this table delivers."""
    delivery = Delivery(table.name, findings, (table.source or {}).get("format", ""))
    delivered = [
        FIELDS[code].label
        for code in STAGE_FIELDS.get(stage, [])
        if field_verdict(code, [delivery], DEFAULT_MIN_FILL_RATE).verdict == "delivered"
    ]
    return f" Catalogue fields delivered: {'; '.join(delivered)}." if delivered else ""


def catalogue_entries() -> list[dict]:
    """One PDAP data source per audited dataset, keys in PDAP_FIELDS order."""
    routes = {
        (agency_id, stage_id): route
        for agency_id, stage_id, route in AccessRoute.objects.values_list(
            "agency_id", "stage_id", "route"
        )
    }
    entries = []
    for table in _tables():
        findings = table.findings or {}
        received = table.received_file
        route = _route(table, routes)
        record_format = RECORD_FORMATS.get((table.source or {}).get("format", ""))
        period = findings.get("period") or {}
        entries.append(
            {
                # Never the uploaded name, which may hold personal data.
                "name": dataset_public_title(table),
                "description": _description(table, findings),
                "record_type": STAGE_RECORD_TYPES.get(
                    received.stage.code if received.stage else "", "Other"
                ),
                "detail_level": delivered_detail_level(findings),
                "coverage_start": period.get("start"),
                "coverage_end": period.get("end"),
                "access_types": ["Download"] if route == "open_data" else [],
                "record_formats": [record_format] if record_format else [],
                "agency_supplied": True,
                # One agency per dataset here; PDAP fills this only for multi-agency sources.
                "agency_aggregation": None,
                # A returned file is a snapshot; a portal may be rewritten at any time.
                "update_method": "No updates" if route != "open_data" else None,
                "access_notes": _access_notes(table, route),
            }
        )
    return entries


def catalogue_problems(entry: dict) -> list[str]:
    """What in an entry breaks PDAP's field list or allowed values (empty: valid)."""
    problems = []
    if list(entry) != PDAP_FIELDS:
        problems.append(f"fields {list(entry)} are not {PDAP_FIELDS}")
    if entry.get("record_type") not in PDAP_RECORD_TYPES:
        problems.append(f"record_type {entry.get('record_type')!r}")
    if entry.get("detail_level") not in PDAP_DETAIL_LEVELS:
        problems.append(f"detail_level {entry.get('detail_level')!r}")
    if not set(entry.get("access_types") or []) <= set(PDAP_ACCESS_TYPES):
        problems.append(f"access_types {entry.get('access_types')!r}")
    if entry.get("update_method") not in [*PDAP_UPDATE_METHODS, None]:
        problems.append(f"update_method {entry.get('update_method')!r}")
    if entry.get("agency_aggregation") not in [*PDAP_AGENCY_AGGREGATIONS, None]:
        problems.append(f"agency_aggregation {entry.get('agency_aggregation')!r}")
    if not isinstance(entry.get("agency_supplied"), bool):
        problems.append("agency_supplied is not a boolean")
    return problems


def catalogue_csv_row(entry: dict) -> list:
    """An entry as a CSV row: lists joined with '; ', booleans as true/false."""
    row = []
    for key in PDAP_FIELDS:
        value = entry[key]
        if isinstance(value, list):
            value = "; ".join(value)
        elif isinstance(value, bool):
            value = "true" if value else "false"
        row.append(value)
    return row
