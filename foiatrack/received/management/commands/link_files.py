"""`manage.py link_files LEFT RIGHT [--json] [--left-key COL] [--right-key COL]`.

Links two returned files without the web app: each is read and audited by the audit
engine (its first table, or `file.xlsx::sheet name` / `export.zip::member.csv` for another),
key columns are picked by role (the kinds both files carry), or given by name, and the
rows are linked by foiatrack.audit.linkage. Each file is parsed once: the audit writes its
cleaned rows as Parquet to a temporary directory, and the key check and the link read that
(DuckDB and Arrow), never the file again. With --json it prints exactly one JSON object
whose first keys are left_rows, right_rows, linked_left, linked_right, link_rate, method,
keys. A file that cannot be read, or a column that is not there, exits with status 2 and
one line on stderr.
"""

import json
import sys
import tempfile
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from foiatrack.audit import (
    TableAudit,
    TableSource,
    UnreadableFileError,
    audit_table,
    link_keys,
    list_tables,
)
from foiatrack.audit.linkage import LinkResult, LinkSide, link_tables
from foiatrack.audit.vocabulary import LINK_KEY_ROLES

TABLE_SEPARATOR = "::"


class UsageError(Exception):
    """Something the caller asked for that the files do not have; the message says what."""


@dataclass
class _OpenedTable:
    path: str
    source: TableSource
    roles: dict[str, str]  # column name → role, as the audit inferred them
    parquet: str  # the audit's columnar copy (cleaned rows)


class Command(BaseCommand):
    help = "Link two returned data files on shared keys, or on time + place + type."

    def add_arguments(self, parser):
        parser.add_argument("left", help="first file (e.g. 911 calls); FILE::TABLE for a sheet")
        parser.add_argument("right", help="second file (e.g. incident reports)")
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        parser.add_argument("--left-key", help="key column of the left file (default: by role)")
        parser.add_argument("--right-key", help="key column of the right file (default: by role)")
        parser.add_argument(
            "--method",
            choices=["auto", "deterministic", "probabilistic"],
            default="auto",
            help="auto: keys if shared, else time + place + type",
        )
        parser.add_argument(
            "--time-window",
            type=int,
            default=60,
            metavar="MINUTES",
            help="largest time distance of a probabilistic pair (default 60)",
        )
        parser.add_argument(
            "--max-days-after",
            type=float,
            default=30,
            metavar="DAYS",
            help="a key-linked right record at most this much later than the left (default 30)",
        )
        parser.add_argument(
            "--max-days-before",
            type=float,
            default=1,
            metavar="DAYS",
            help="a key-linked right record at most this much earlier than the left (default 1)",
        )

    def handle(self, *args, **options):
        with tempfile.TemporaryDirectory(prefix="link_files-") as work:
            self._link(Path(work), options)

    def _link(self, work: Path, options: dict) -> None:
        try:
            left = _open(options["left"], work / "left.parquet")
            right = _open(options["right"], work / "right.parquet")
            left_side, right_side, key_check = _sides(
                left, right, options["left_key"], options["right_key"]
            )
            result = link_tables(
                left_side,
                right_side,
                method=options["method"],
                time_window=timedelta(minutes=options["time_window"]),
                key_time_before=timedelta(days=options["max_days_before"]),
                key_time_after=timedelta(days=options["max_days_after"]),
                refuse_far_pairs=True,
                memory_limit=settings.FOIATRACK_DUCKDB_MEMORY_LIMIT,
                temp_directory=str(work),
            )
            _explain_keys(result, key_check)
        except (UnreadableFileError, UsageError, OSError) as error:
            # One line, no traceback: the caller is a person or a script checking the status.
            sys.stderr.write(f"link_files: {_message(error)}\n")
            sys.exit(2)
        if options["json"]:
            self.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False, default=str))
            return
        self.stdout.write(_readable(left, right, result))


def _message(error: Exception) -> str:
    if isinstance(error, OSError) and not isinstance(error, UnreadableFileError):
        return f"cannot open {error.filename or 'the file'}: {error.strerror or error}"
    return " ".join(str(error).split())


def _open(spec: str, parquet: Path) -> _OpenedTable:
    """List, pick and audit one table of a file named `path` or `path::table`; the audit
    writes the cleaned rows to `parquet` in the same read."""
    path, _separator, wanted = spec.partition(TABLE_SEPARATOR)
    sources = list_tables(path)
    source = _pick(sources, wanted, path)
    audit: TableAudit = audit_table(path, source, parquet_path=str(parquet))
    roles = {column.name: column.role for column in audit.columns}
    return _OpenedTable(path, source, roles, str(parquet))


def _pick(sources: list[TableSource], wanted: str, path: str) -> TableSource:
    if not sources:
        raise UnreadableFileError(f"{path} holds no table.")
    if not wanted:
        return sources[0]
    for source in sources:
        if wanted in (source.name, source.sheet, source.member):
            return source
    names = ", ".join(source.sheet or source.member or source.name for source in sources)
    raise UsageError(f"{path} has no table {wanted!r}; its tables: {names}")


def _sides(
    left: _OpenedTable, right: _OpenedTable, left_key: str | None, right_key: str | None
) -> tuple[LinkSide, LinkSide, dict]:
    """LinkSides with columns by role; given key columns replace the automatic keys. Keys
    are kept only where the two columns share values (checked on the cleaned rows); the
    returned check says which pairs were tried and what they share."""
    left_side = _side(left)
    right_side = _side(right)
    if left_key or right_key:
        left_key = left_key or _same_role_column(right, right_key, left)
        right_key = right_key or _same_role_column(left, left_key, right)
        _require_column(left, left_key)
        _require_column(right, right_key)
        candidates = ([left_key], [right_key])
    else:
        candidates = (link_keys.key_candidates(left.roles), link_keys.key_candidates(right.roles))
    key_check = _shared_keys(left, right, *candidates)
    left_side.keys, right_side.keys = {}, {}
    for pair in key_check["used"]:
        kind = _key_kind(left.roles[pair["left"]], right.roles[pair["right"]])
        kind = kind if kind not in left_side.keys else f"{kind}_{len(left_side.keys) + 1}"
        pair["kind"] = kind
        left_side.keys[kind] = pair["left"]
        right_side.keys[kind] = pair["right"]
    return left_side, right_side, key_check


def _shared_keys(
    left: _OpenedTable, right: _OpenedTable, left_columns: list[str], right_columns: list[str]
) -> dict:
    """{"tried": [{left, right, shared_values}], "used": the pairs that share values}."""
    if not (left_columns and right_columns):
        return {"tried": [], "used": []}
    overlaps = link_keys.key_overlaps(left.parquet, right.parquet, left_columns, right_columns)
    tried = [
        {"left": l_name, "right": r_name, "shared_values": overlaps["shared"][(l_name, r_name)]}
        for l_name in left_columns
        for r_name in right_columns
        if left.roles[l_name] == right.roles[r_name] or len(left_columns) == 1
    ]
    same_kind = {
        (l_name, r_name)
        for l_name in left_columns
        for r_name in right_columns
        if left.roles[l_name] == right.roles[r_name] != "reference_number"
    }
    if len(left_columns) == len(right_columns) == 1:  # named by the caller
        same_kind.add((left_columns[0], right_columns[0]))
    used = link_keys.choose_key_pairs(overlaps, same_kind)
    return {"tried": tried, "used": used}


def _explain_keys(result: LinkResult, key_check: dict) -> None:
    """Say which key columns were compared and why a key was not used."""
    result.details["key_check"] = key_check
    unshared = [pair for pair in key_check["tried"] if not pair["shared_values"]]
    if key_check["used"] or not unshared:
        return
    names = ", ".join(f"{pair['left']} ~ {pair['right']}" for pair in unshared)
    note = f"the key columns share no values ({names}), so they are not a link"
    result.reason = f"{note}; {result.reason}" if result.reason else note


def _side(table: _OpenedTable) -> LinkSide:
    return LinkSide.from_roles(table.parquet, table.roles, name=table.path)


def _require_column(table: _OpenedTable, column: str) -> None:
    if column not in table.roles:
        raise UsageError(f"{table.path} has no column {column!r}")


def _same_role_column(given: _OpenedTable, column: str, other: _OpenedTable) -> str:
    """The other file's column with the role of the given key column."""
    _require_column(given, column)
    role = given.roles[column]
    for name, other_role in other.roles.items():
        if other_role == role and role in LINK_KEY_ROLES:
            return name
    raise UsageError(
        f"{other.path} has no column whose role is {role!r}; name it with --left-key/--right-key"
    )


def _key_kind(left_role: str, right_role: str) -> str:
    for role in (left_role, right_role):
        if role in LINK_KEY_ROLES:
            return role
    return "key"


def _readable(left: _OpenedTable, right: _OpenedTable, result: LinkResult) -> str:
    lines = [
        f"left:  {left.source.name}: {result.left_rows:,} rows",
        f"right: {right.source.name}: {result.right_rows:,} rows",
    ]
    if result.method == "none":
        lines.append(f"cannot be linked: {result.reason}")
        return "\n".join(lines) + "\n"
    used = ", ".join(f"{key['kind']} ({key['left']} ~ {key['right']})" for key in result.keys)
    lines += [
        f"method: {result.method} on {used}",
        f"linked: {result.linked_left:,} left rows ({_percent(result.link_rate)}), "
        f"{result.linked_right:,} right rows ({_percent(result.right_link_rate)})",
        f"unlinked: {result.left_rows - result.linked_left:,} left, "
        f"{result.right_rows - result.linked_right:,} right",
    ]
    if result.reason:
        lines.append(f"why: {result.reason}")
    gaps = result.details.get("time_gaps")
    if gaps:
        lines.append(
            f"time gaps of key pairs: {gaps['min_seconds']:,.0f} s to {gaps['max_seconds']:,.0f} s"
            f" (median {gaps['median_seconds']:,.0f} s); {gaps['refused_pairs']:,} refused"
        )
    if result.method == "probabilistic" and result.linked_left:
        confidence = result.confidence
        lines.append(
            f"confidence: mean match probability {confidence['mean_match_probability']}"
            f" (threshold {confidence['threshold']})"
        )
    return "\n".join(lines) + "\n"


def _percent(rate: float | None) -> str:
    return "n/a" if rate is None else f"{rate:.1%}"
