"""Gap flags: each says what stops a table from being linked or published, with evidence."""

from dataclasses import dataclass

from . import findings, holes
from .distinct import HLL_RELATIVE_ERROR
from .header_roles import header_words, role_from_words
from .profiling import ColumnProfiler
from .results import Flag
from .vocabulary import ID_ROLES, LINK_KEY_ROLES, PERSONAL_ROLES

HIGH_NULL_SHARE = 0.5
_ROLE_WORDS = {
    "record_id": "record ID",
    "event_number": "event number",
    "report_number": "report (RD) number",
    "arrest_number": "arrest number",
    "case_number": "case number",
    "booking_number": "booking number",
    "reference_number": "reference number",
}


@dataclass
class TableFacts:
    """What the flag rules look at, gathered by the audit."""

    rows: int
    roles: dict[str, str]
    profilers: dict[str, ColumnProfiler]
    granularity: str
    time_resolution: str
    geo_resolution: str
    missing_periods: list[str]
    area_coverage: dict
    dimensions: list[str]
    # Rows per area × month, counted during the audit's pass (None: not counted).
    area_periods: holes.AreaPeriodCounter | None = None


def table_flags(facts: TableFacts) -> list[Flag]:
    """Every flag that applies, most serious first."""
    rules = [
        flag_aggregated_only,
        flag_no_record_id,
        flag_no_incident_link,
        flag_no_location,
        flag_coarse_location,
        flag_coarse_time,
        flag_missing_periods,
        flag_missing_areas,
        flag_area_period_holes,
        flag_suspect_dates,
        flag_sparse_location,
        flag_high_null_keys,
        flag_duplicate_ids,
        flag_redacted_fields,
        flag_personal_data,
    ]
    flags = [flag for rule in rules for flag in rule(facts)]
    order = {"high": 0, "medium": 1, "low": 2}
    return sorted(flags, key=lambda flag: order[flag.severity])


def _present_with(facts: TableFacts, roles: list[str]) -> list[str]:
    return [
        name
        for name, role in facts.roles.items()
        if role in roles and facts.profilers[name].present
    ]


def flag_aggregated_only(facts: TableFacts) -> list[Flag]:
    if facts.granularity != "aggregate":
        return []
    counts = [name for name, role in facts.roles.items() if role == "count"]
    return [
        Flag(
            "AGGREGATED_ONLY",
            "high",
            "This table holds only counts (by "
            + (", ".join(facts.dimensions) or "nothing")
            + "), not individual records, so no call or case can be followed.",
            {"count_columns": counts, "dimensions": facts.dimensions, "rows": facts.rows},
        )
    ]


def flag_no_record_id(facts: TableFacts) -> list[Flag]:
    if _present_with(facts, ID_ROLES):
        return []
    return [
        Flag(
            "NO_RECORD_ID",
            "high",
            "No column identifies individual records, so rows cannot be told apart or matched.",
            {"id_columns": 0, "columns": len(facts.roles)},
        )
    ]


def flag_no_incident_link(facts: TableFacts) -> list[Flag]:
    if _present_with(facts, LINK_KEY_ROLES):
        return []
    return [
        Flag(
            "NO_INCIDENT_LINK",
            "high",
            "No column holds a number that another stage also uses (event, report, arrest, "
            "case or booking number), so this table cannot be linked to the next stage.",
            {"link_key_columns": 0},
        )
    ]


def flag_no_location(facts: TableFacts) -> list[Flag]:
    if facts.geo_resolution != "none":
        return []
    sparse = findings.sparse_locations(facts.roles, facts.profilers)
    if sparse:
        shown = ", ".join(f"{name} ({share:.0%})" for name, share in sparse.items())
        message = (
            "No usable location: the location columns are filled in too few rows "
            f"(the rest empty, redacted or placeholders): {shown}."
        )
    else:
        message = "No column says where anything happened."
    return [
        Flag(
            "NO_LOCATION",
            "high",
            message,
            {"location_columns": 0, "unusable_columns": sparse},
        )
    ]


def flag_sparse_location(facts: TableFacts) -> list[Flag]:
    """A location column filled in under half the rows (when some location is usable)."""
    if facts.geo_resolution == "none":
        return []  # NO_LOCATION already says it, with the shares
    sparse = findings.sparse_locations(facts.roles, facts.profilers)
    if not sparse:
        return []
    shown = ", ".join(f"{name} ({share:.0%})" for name, share in sparse.items())
    return [
        Flag(
            "SPARSE_LOCATION",
            "medium",
            "Location is given for under half of the rows; the rest are empty, redacted or "
            f"placeholders, so those rows cannot be placed: {shown}.",
            {"columns": sparse, "rows": facts.rows},
        )
    ]


def flag_suspect_dates(facts: TableFacts) -> list[Flag]:
    """A few rows dated far from all the others: left out of the period, counted here."""
    suspect = findings.suspect_dates(facts.roles, facts.profilers)
    if not suspect:
        return []
    low, high = suspect["range"]
    span = low if low == high else f"{low} to {high}"
    return [
        Flag(
            "SUSPECT_DATES",
            "medium",
            f"{suspect['rows']:,} of {suspect['dated_rows']:,} dated rows in "
            f"{suspect['column']!r} fall far outside the rest ({span}); they are left out of "
            f"the period ({suspect['period']['start']} to {suspect['period']['end']}).",
            suspect,
        )
    ]


def flag_area_period_holes(facts: TableFacts) -> list[Flag]:
    """An area with rows in some periods and none in others where it should have had some."""
    if facts.granularity != "record":
        return []
    found = holes.area_period_holes(facts.roles, facts.area_periods)
    if not found:
        return []
    shown = "; ".join(f"{h['area']}: {', '.join(h['periods'])}" for h in found["holes"][:6])
    return [
        Flag(
            "AREA_PERIOD_HOLES",
            "medium",
            f"{len(found['holes'])} area(s) in {found['column']!r} have rows in some "
            f"{found['unit']}s and none in others where they would be expected: {shown}.",
            found,
        )
    ]


def flag_coarse_location(facts: TableFacts) -> list[Flag]:
    if facts.geo_resolution not in ("beat", "district", "city"):
        return []
    return [
        Flag(
            "COARSE_LOCATION",
            "medium",
            f"The most precise location is the {facts.geo_resolution}, "
            "so events cannot be placed on a street or matched by place.",
            {"geo_resolution": facts.geo_resolution},
        )
    ]


def flag_coarse_time(facts: TableFacts) -> list[Flag]:
    if facts.time_resolution in ("timestamp", "date"):
        return []
    if facts.time_resolution == "none":
        message = "The table has no date or time, so events cannot be matched by day or hour."
    else:
        message = (
            f"Time is given only by {facts.time_resolution}, "
            "so events cannot be matched by day or hour."
        )
    return [
        Flag(
            "COARSE_TIME",
            "medium",
            message,
            {"time_resolution": facts.time_resolution},
        )
    ]


def flag_missing_periods(facts: TableFacts) -> list[Flag]:
    if not facts.missing_periods:
        return []
    shown = ", ".join(facts.missing_periods[:6]) + ("…" if len(facts.missing_periods) > 6 else "")
    return [
        Flag(
            "MISSING_PERIODS",
            "medium",
            f"{len(facts.missing_periods)} period(s) inside the range covered have no rows: "
            f"{shown}.",
            {"missing": len(facts.missing_periods), "periods": facts.missing_periods},
        )
    ]


def flag_missing_areas(facts: TableFacts) -> list[Flag]:
    coverage = facts.area_coverage
    if not coverage or not coverage.get("missing"):
        return []
    role = coverage["role"].replace("_", " ")
    return [
        Flag(
            "MISSING_AREAS",
            "medium",
            f"{len(coverage['missing'])} of {len(coverage['known'])} {role}s have no rows: "
            f"{', '.join(coverage['missing'])}.",
            {
                "column": coverage["column"],
                "missing": coverage["missing"],
                "covered": len(coverage["covered"]),
                "known": len(coverage["known"]),
            },
        )
    ]


def flag_high_null_keys(facts: TableFacts) -> list[Flag]:
    flags = []
    for name, role in facts.roles.items():
        profiler = facts.profilers[name]
        if role not in ID_ROLES or not profiler.rows:
            continue
        share = profiler.null_count / profiler.rows
        if share > HIGH_NULL_SHARE:
            flags.append(
                Flag(
                    "HIGH_NULL_KEY",
                    "high",
                    f"The {_ROLE_WORDS[role]} column {name!r} is empty in {share:.0%} of rows, "
                    "so most rows cannot be linked by it.",
                    {
                        "column": name,
                        "null_count": profiler.null_count,
                        "rows": profiler.rows,
                        "null_rate": round(share, 4),
                    },
                )
            )
    return flags


def flag_duplicate_ids(facts: TableFacts) -> list[Flag]:
    primary = _present_with(facts, ["record_id"]) or _present_with(facts, LINK_KEY_ROLES)
    if not primary:
        return []
    profiler = facts.profilers[primary[0]]
    duplicates = profiler.present - profiler.distinct.count()
    if not profiler.distinct.is_exact:
        # The sketch's count is an estimate: only report what is beyond its error.
        margin = 3 * HLL_RELATIVE_ERROR * profiler.present
        if duplicates <= margin:
            return []
    if duplicates <= 0:
        return []
    return [
        Flag(
            "DUPLICATE_IDS",
            "medium",
            f"{duplicates:,} rows repeat an ID already used in column {primary[0]!r}, "
            "so the ID does not identify one record.",
            {
                "column": primary[0],
                "duplicate_rows": duplicates,
                "distinct": profiler.distinct.count(),
                "exact": profiler.distinct.is_exact,
            },
        )
    ]


def flag_redacted_fields(facts: TableFacts) -> list[Flag]:
    redacted = {name: p.redacted_count for name, p in facts.profilers.items() if p.redacted_count}
    if not redacted:
        return []
    return [
        Flag(
            "REDACTED_FIELDS",
            "medium",
            f"{sum(redacted.values()):,} cells in {len(redacted)} column(s) were withheld or "
            f"redacted by the agency: {', '.join(redacted)}.",
            {"columns": redacted},
        )
    ]


def flag_personal_data(facts: TableFacts) -> list[Flag]:
    personal = _present_with(facts, PERSONAL_ROLES)
    if not personal:
        return []
    shown = [_personal_label(facts, name) for name in personal]
    return [
        Flag(
            "PERSONAL_DATA",
            "high",
            f"Columns {', '.join(shown)} hold names or dates of birth: rows from this table "
            "must not be published.",
            {"columns": shown, "found_from_values": [s for s in shown if s not in personal]},
        )
    ]


def role_from_name(name: str) -> str | None:
    """The role a header's words give (roles.py imports flags' neighbours, not flags)."""
    return role_from_words(header_words(name))


def _personal_label(facts: TableFacts, name: str) -> str:
    """A personal column as the flag may name it: its header when the header itself says
    "name" or "birth", else its position, since a header that says nothing may be a value
    (a first record read as the header) and flag evidence reaches public pages."""
    if role_from_name(name) in PERSONAL_ROLES:
        return name
    return f"column {list(facts.roles).index(name) + 1}"


def unparseable_flag(message: str, evidence: dict | None = None, severity: str = "high") -> Flag:
    """The flag for a table (or part of one) that could not be read."""
    return Flag("UNPARSEABLE", severity, message, evidence or {})
