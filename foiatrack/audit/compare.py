"""Compare what a request asked for with what came back (issue 9). Pure Python, no Django.

    comparison = compare_ask(ask, deliveries, exempt_fields={...}, not_held={...})
    comparison.to_dict()

`ask` holds the fields wanted (field_catalogue codes), the period, the detail level (PDAP's
terms) and the format; each delivery is one audited table's findings (TableAudit.to_dict())
with the file format it came in. For each asked field the verdict is one of:

    delivered               a column with the field's role is filled at least min_fill_rate
    delivered_mostly_empty  the column is there but filled less than that (fill rate given)
    redacted                the column is there but mostly redacted
    missing                 no column plays that role

Blank is never read as zero: an empty cell counts against the fill rate, never as a value.
The suggested outcome is one of OUTCOMES; staff confirm it before the request changes.
"""

from dataclasses import asdict, dataclass, field
from datetime import date

from .field_catalogue import FIELDS, field_label

DEFAULT_MIN_FILL_RATE = 0.2

# PDAP's detail_level values, finest first.
DETAIL_LEVELS = ["Individual record", "Aggregated records", "Summarized totals"]
DETAIL_LEVEL_CHOICES = [(level, level) for level in DETAIL_LEVELS]

FORMAT_CHOICES = [
    ("csv", "CSV"),
    ("excel", "Excel (XLSX/XLS)"),
    ("csv_or_excel", "CSV or Excel (native, not PDF)"),
    ("any", "Any electronic format"),
]
# Audit formats of the tables each asked format accepts; None: anything readable.
FORMAT_ACCEPTS: dict[str, set[str] | None] = {
    "csv": {"csv"},
    "excel": {"xlsx", "xls"},
    "csv_or_excel": {"csv", "xlsx", "xls"},
    "any": None,
}

VERDICT_LABELS = {
    "delivered": "Delivered",
    "delivered_mostly_empty": "Delivered but mostly empty",
    "redacted": "Redacted",
    "missing": "Missing",
}
# Best first: with several tables, a field takes its best verdict.
_VERDICT_ORDER = ["delivered", "delivered_mostly_empty", "redacted", "missing"]

OUTCOMES = {
    "fulfilled": "Fulfilled",
    "partially_fulfilled_exemption": "Partially fulfilled, because of a cited exemption",
    "partially_fulfilled_not_held": "Partially fulfilled: the agency says the rest is not kept",
    "partially_fulfilled_ignored": "Partially fulfilled, with items ignored",
    "no_records": "No responsive records",
}
# The request status (foia.models.Status value) each suggested outcome confirms to.
OUTCOME_STATUS = {
    "fulfilled": "fulfilled",
    "partially_fulfilled_exemption": "partially_fulfilled",
    "partially_fulfilled_not_held": "partially_fulfilled",
    "partially_fulfilled_ignored": "partially_fulfilled",
    "no_records": "no_records",
}

_TIME_ROLES = {"year", "month", "date", "timestamp", "weekday", "time"}


@dataclass
class Ask:
    fields: list[str]
    period_start: date | None = None
    period_end: date | None = None
    detail_level: str = ""
    format: str = ""


@dataclass
class Delivery:
    name: str
    findings: dict
    format: str  # the table's format as the audit read it: "csv", "xlsx", "xls"


@dataclass
class FieldVerdict:
    field: str
    label: str
    verdict: str
    verdict_label: str
    fill_rate: float | None = None
    redacted_rate: float | None = None
    column: str | None = None
    dataset: str | None = None
    explained_by: str = ""  # "exemption" | "not_held" | ""
    exemption: str = ""  # the section cited, when explained by one


@dataclass
class Comparison:
    fields: list[FieldVerdict]
    period: dict
    detail: dict
    format: dict
    rows_delivered: int
    outcome: str | None
    outcome_label: str
    outcome_reason: str
    shortfalls: list[str] = field(default_factory=list)

    @property
    def suggested_status(self) -> str | None:
        return OUTCOME_STATUS.get(self.outcome) if self.outcome else None

    def to_dict(self) -> dict:
        """JSON-ready."""
        data = asdict(self)
        data["suggested_status"] = self.suggested_status
        return data


def compare_ask(
    ask: Ask,
    deliveries: list[Delivery],
    *,
    exempt_fields: dict[str, str] | None = None,
    not_held: set[str] | frozenset[str] = frozenset(),
    request_exemption: str = "",
    min_fill_rate: float = DEFAULT_MIN_FILL_RATE,
) -> Comparison:
    """The asked-vs-received comparison and the outcome it suggests.

    exempt_fields: {field code: section cited} for fields the agency withheld under an
    exemption; request_exemption: a section cited for the request as a whole (explains
    shortfalls of period and detail too); not_held: fields the agency says it does not keep.
    """
    exempt_fields = exempt_fields or {}
    verdicts = [
        _explain(field_verdict(code, deliveries, min_fill_rate), exempt_fields, not_held)
        for code in ask.fields
    ]
    period = compare_period(ask.period_start, ask.period_end, deliveries)
    detail = compare_detail(ask.detail_level, deliveries)
    formats = compare_format(ask.format, deliveries)
    rows = sum(int(d.findings.get("rows") or 0) for d in deliveries)
    outcome, reason, shortfalls = _suggest(
        verdicts, period, detail, deliveries, rows, request_exemption
    )
    return Comparison(
        fields=verdicts,
        period=period,
        detail=detail,
        format=formats,
        rows_delivered=rows,
        outcome=outcome,
        outcome_label=OUTCOMES.get(outcome, "No suggestion yet")
        if outcome
        else "No suggestion yet",
        outcome_reason=reason,
        shortfalls=shortfalls,
    )


# --- Fields -----------------------------------------------------------------------------


def _column_verdict(column: dict, min_fill_rate: float) -> tuple[str, float, float]:
    null_rate = float(column.get("null_rate") or 0)
    redacted_rate = float(column.get("redacted_rate") or 0)
    fill_rate = max(0.0, 1.0 - null_rate)  # null_rate counts redacted cells too
    if fill_rate >= min_fill_rate:
        return "delivered", fill_rate, redacted_rate
    # Mostly empty: redacted when redaction, not blankness, emptied most of it.
    if redacted_rate > 0 and redacted_rate >= null_rate - redacted_rate:
        return "redacted", fill_rate, redacted_rate
    return "delivered_mostly_empty", fill_rate, redacted_rate


def field_verdict(code: str, deliveries: list[Delivery], min_fill_rate: float) -> FieldVerdict:
    spec = FIELDS.get(code)
    best = FieldVerdict(code, field_label(code), "missing", VERDICT_LABELS["missing"])
    if spec is None:
        return best
    for delivery in deliveries:
        columns = delivery.findings.get("columns") or []
        by_role: dict[str, list[dict]] = {}
        for column in columns:
            by_role.setdefault(column.get("role"), []).append(column)
        if spec.needs_all and not all(role in by_role for role in spec.roles):
            continue
        candidates = [column for role in spec.roles for column in by_role.get(role, [])]
        if not candidates:
            continue
        # needs_all: the weakest of the required columns decides; else the best one.
        graded = [(_column_verdict(column, min_fill_rate), column) for column in candidates]
        graded.sort(key=lambda item: item[0][1], reverse=not spec.needs_all)
        (verdict, fill_rate, redacted_rate), column = graded[0]
        candidate = FieldVerdict(
            code,
            spec.label,
            verdict,
            VERDICT_LABELS[verdict],
            round(fill_rate, 4),
            round(redacted_rate, 4),
            column.get("name"),
            delivery.name,
        )
        if _better(candidate, best):
            best = candidate
    return best


def _better(candidate: FieldVerdict, current: FieldVerdict) -> bool:
    rank = _VERDICT_ORDER.index
    if rank(candidate.verdict) != rank(current.verdict):
        return rank(candidate.verdict) < rank(current.verdict)
    return (candidate.fill_rate or 0) > (current.fill_rate or 0)


def _explain(verdict: FieldVerdict, exempt: dict[str, str], not_held) -> FieldVerdict:
    if verdict.verdict == "delivered":
        return verdict
    if verdict.field in exempt:
        verdict.explained_by = "exemption"
        verdict.exemption = exempt[verdict.field]
    elif verdict.field in not_held:
        verdict.explained_by = "not_held"
    return verdict


# --- Period, detail, format ---------------------------------------------------------------


def _months(start: date, end: date) -> list[str]:
    months = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def date_or_none(value) -> date | None:
    """An ISO date (or the date part of a timestamp), else None."""
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _covered_months(findings: dict) -> set[str]:
    period = findings.get("period") or {}
    start, end = date_or_none(period.get("start")), date_or_none(period.get("end"))
    if not start or not end or start > end:
        return set()
    gaps: set[str] = set()
    for missing in findings.get("missing_periods") or []:
        text = str(missing)
        if len(text) == 4 and text.isdigit():  # a whole year is missing
            gaps.update(f"{text}-{month:02d}" for month in range(1, 13))
        else:
            gaps.add(text[:7])
    return set(_months(start, end)) - gaps


def compare_period(
    asked_start: date | None, asked_end: date | None, deliveries: list[Delivery]
) -> dict:
    """Asked vs delivered period; missing_months are asked months no table covers."""
    starts = [date_or_none((d.findings.get("period") or {}).get("start")) for d in deliveries]
    ends = [date_or_none((d.findings.get("period") or {}).get("end")) for d in deliveries]
    starts, ends = [s for s in starts if s], [e for e in ends if e]
    covered: set[str] = set()
    for delivery in deliveries:
        covered |= _covered_months(delivery.findings)
    result = {
        "asked_start": asked_start.isoformat() if asked_start else None,
        "asked_end": asked_end.isoformat() if asked_end else None,
        "delivered_start": min(starts).isoformat() if starts else None,
        "delivered_end": max(ends).isoformat() if ends else None,
        "missing_months": [],
    }
    if not (asked_start and asked_end):
        result["verdict"] = "not_asked"
        return result
    if not covered:
        result["verdict"] = "unknown" if deliveries else "none"
        return result
    asked = _months(asked_start, asked_end)
    result["missing_months"] = [month for month in asked if month not in covered]
    if not result["missing_months"]:
        result["verdict"] = "complete"
    elif len(result["missing_months"]) == len(asked):
        result["verdict"] = "none"
    else:
        result["verdict"] = "partial"
    return result


def delivered_detail_level(findings: dict) -> str:
    """A table's PDAP detail level: record-level → Individual record; counts broken down by
    anything but time → Aggregated records; counts by time only → Summarized totals."""
    if findings.get("granularity") != "aggregate":
        return DETAIL_LEVELS[0]
    roles = {c.get("role") for c in findings.get("columns") or [] if c.get("role") != "count"}
    return DETAIL_LEVELS[2] if roles <= _TIME_ROLES else DETAIL_LEVELS[1]


def compare_detail(asked: str, deliveries: list[Delivery]) -> dict:
    """Asked vs the finest detail level delivered."""
    levels = [delivered_detail_level(d.findings) for d in deliveries]
    delivered = min(levels, key=DETAIL_LEVELS.index) if levels else None
    if not delivered:
        verdict = "unknown"
    elif asked not in DETAIL_LEVELS:
        verdict = "not_asked"
    elif DETAIL_LEVELS.index(delivered) <= DETAIL_LEVELS.index(asked):
        verdict = "as_asked"
    else:
        verdict = "coarser"
    return {"asked": asked or None, "delivered": delivered, "verdict": verdict}


def compare_format(asked: str, deliveries: list[Delivery]) -> dict:
    """Asked vs delivered formats; a table the audit could not read is never as asked."""
    delivered = sorted({d.format for d in deliveries if d.format})
    accepts = FORMAT_ACCEPTS.get(asked)
    if not deliveries:
        verdict = "unknown"
    elif asked not in FORMAT_ACCEPTS:
        verdict = "not_asked"
    elif accepts is None or (delivered and set(delivered) <= accepts):
        verdict = "as_asked"
    else:
        verdict = "different"
    return {"asked": asked or None, "delivered": delivered, "verdict": verdict}


# --- Outcome ------------------------------------------------------------------------------


def _suggest(
    verdicts: list[FieldVerdict],
    period: dict,
    detail: dict,
    deliveries: list[Delivery],
    rows: int,
    request_exemption: str,
) -> tuple[str | None, str, list[str]]:
    if not deliveries:
        return None, "Nothing received for this request has been audited yet.", []
    if rows == 0:
        return "no_records", "The files received hold no records.", []
    shortfalls = [
        f"{v.label}: {v.verdict_label.lower()}" for v in verdicts if v.verdict != "delivered"
    ]
    unexplained = [v.label for v in verdicts if v.verdict != "delivered" and not v.explained_by]
    if period["verdict"] in ("partial", "none"):
        shortfalls.append(f"period: {len(period['missing_months'])} month(s) missing")
        unexplained.append("period")
    if detail["verdict"] == "coarser":
        shortfalls.append(f"detail: {detail['delivered']} instead of {detail['asked']}")
        unexplained.append("detail level")
    if not shortfalls:
        return "fulfilled", "Every field, month and detail level asked for came back.", []
    if request_exemption:
        # An exemption cited for the whole request explains every shortfall.
        unexplained = []
    if unexplained:
        reason = "Not delivered and not explained: " + ", ".join(unexplained) + "."
        return "partially_fulfilled_ignored", reason, shortfalls
    exempted = request_exemption or any(v.explained_by == "exemption" for v in verdicts)
    if exempted:
        cited = sorted({v.exemption for v in verdicts if v.exemption} | {request_exemption} - {""})
        return (
            "partially_fulfilled_exemption",
            "Withheld under " + "; ".join(cited) + ".",
            shortfalls,
        )
    return (
        "partially_fulfilled_not_held",
        "The agency says it does not keep: "
        + ", ".join(v.label for v in verdicts if v.explained_by == "not_held")
        + ".",
        shortfalls,
    )
