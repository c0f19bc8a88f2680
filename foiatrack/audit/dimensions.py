"""Which columns of a table are its period, area, type and count: found by the roles the
audit inferred (TableAudit.to_dict()["columns"]), or named by an admin. Pure Python."""

from dataclasses import dataclass, field

from .grouping import Dimension, unit_of_role

PERIOD_ROLES = ["month", "date", "timestamp", "year"]  # preferred order for a period
AREA_ROLES = ["district", "community_area", "ward", "beat", "zip_code"]
TYPE_ROLES = ["event_type", "offense_type"]
KINDS = ["period", "area", "type"]


class NoSharedDimensionError(ValueError):
    """The two tables have no period, area or type in common; nothing can be compared."""


@dataclass
class TableSide:
    """One table to compare: where it is, what the audit found, and admin overrides
    ({"period": column, "area": column, "type": column, "count": column})."""

    path: str
    source: object  # audit.TableSource, or None for a Parquet copy
    audit: dict  # TableAudit.to_dict()
    overrides: dict[str, str] = field(default_factory=dict)

    @property
    def roles(self) -> dict[str, str]:
        return {column["name"]: column["role"] for column in self.audit.get("columns", [])}

    @property
    def label(self) -> str:
        return self.audit.get("name") or str(self.path)


def _present(audit: dict) -> dict[str, str]:
    """Roles of columns that hold something (an all-empty column is not a dimension)."""
    return {
        column["name"]: column["role"]
        for column in audit.get("columns", [])
        if column.get("null_rate", 0) < 1
    }


def find_columns(side: TableSide) -> dict[str, str | None]:
    """{"period", "area", "type", "count"} column names (None when absent); overrides win
    and must name a real column."""
    roles = _present(side.audit)
    for kind, column in side.overrides.items():
        if column and column not in side.roles:
            raise KeyError(f"{side.label} has no column {column!r} (for --{kind}-column)")
    found = {
        "period": _first(roles, PERIOD_ROLES),
        "area": _first(roles, AREA_ROLES),
        "type": _first(roles, TYPE_ROLES),
        "count": _first(roles, ["count"]),
    }
    found.update({kind: column for kind, column in side.overrides.items() if column})
    return found


def _first(roles: dict[str, str], wanted: list[str]) -> str | None:
    for role in wanted:
        for name, column_role in roles.items():
            if column_role == role:
                return name
    return None


def period_role(side: TableSide, column: str) -> str:
    """The role of the period column. A column an admin named that has no time role is read
    as years when it holds only whole numbers between 1800 and 2200, else as dates."""
    role = side.roles.get(column, "date")
    if role in PERIOD_ROLES:
        return role
    facts = next((c for c in side.audit.get("columns", []) if c["name"] == column), {})
    low, high = facts.get("minimum"), facts.get("maximum")
    if facts.get("inferred_type") == "integer" and _is_year(low) and _is_year(high):
        return "year"
    return "date"


def _is_year(value) -> bool:
    try:
        return 1800 <= int(value) <= 2200
    except (TypeError, ValueError):
        return False


def shared_dimensions(
    left: TableSide, right: TableSide, kinds: list[str] | None = None
) -> tuple[list[Dimension], list[Dimension]]:
    """Matching Dimension lists for both sides over the kinds both have; the period is
    counted at the coarser of the two resolutions. Raises NoSharedDimensionError."""
    left_columns, right_columns = find_columns(left), find_columns(right)
    shared = [k for k in kinds or KINDS if left_columns.get(k) and right_columns.get(k)]
    if not shared:
        raise NoSharedDimensionError(
            f"{left.label} and {right.label} share no period, area or type column; "
            "name them with --period-column, --area-column or --type-column"
        )
    left_dims, right_dims = [], []
    unit = None
    if "period" in shared:
        roles = [
            period_role(s, c["period"]) for s, c in ((left, left_columns), (right, right_columns))
        ]
        unit = max((unit_of_role(r) for r in roles), key=["date", "month", "year"].index)
    for kind in shared:
        for side, columns, dims in (
            (left, left_columns, left_dims),
            (right, right_columns, right_dims),
        ):
            dims.append(_dimension(side, kind, columns[kind], unit))
    return left_dims, right_dims


def _dimension(side: TableSide, kind: str, column: str, unit: str | None) -> Dimension:
    if kind != "period":
        return Dimension(kind, column)
    role = period_role(side, column)
    companion = None
    types = {c["name"]: c.get("inferred_type") for c in side.audit.get("columns", [])}
    if role == "month" and types.get(column) in ("text", "integer"):  # "March" or "3"
        years = [n for n, r in _present(side.audit).items() if r == "year"]
        companion = years[0] if years else None
    return Dimension(kind, column, role=role, unit=unit, companion_year=companion)


TABLE_SEPARATOR = "::"


def open_side(spec: str, overrides: dict[str, str] | None = None) -> TableSide:
    """Audit the table named `path` or `path::table` (sheet or archive member) and wrap it
    with an admin's column overrides. Raises UnreadableFileError, OSError or KeyError."""
    from . import UnreadableFileError, audit_table, list_tables

    path, _separator, wanted = spec.partition(TABLE_SEPARATOR)
    sources = list_tables(path)
    if not sources:
        raise UnreadableFileError(f"{path} holds no table.")
    source = sources[0]
    if wanted:
        matches = [s for s in sources if wanted in (s.name, s.sheet, s.member)]
        if not matches:
            names = ", ".join(s.sheet or s.member or s.name for s in sources)
            raise KeyError(f"{path} has no table {wanted!r}; its tables: {names}")
        source = matches[0]
    audit = audit_table(path, source).to_dict()
    return TableSide(path, source, audit, dict(overrides or {}))


def split_overrides(options: dict, sides: int = 2) -> list[dict[str, str]]:
    """--period-column etc. for each side: "COL" names the column on every side that has
    it; "A,B" names A on the first side and B on the second."""
    per_side: list[dict[str, str]] = [{} for _ in range(sides)]
    for kind in ("period", "area", "type", "count"):
        value = options.get(f"{kind}_column")
        if not value:
            continue
        parts = value.split(",") if "," in value else [value] * sides
        for index, column in enumerate(parts[:sides]):
            if column.strip():
                per_side[index][kind] = column.strip()
    return per_side
