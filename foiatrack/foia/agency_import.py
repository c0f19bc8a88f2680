"""Import a national agency directory in the Police Data Accessibility Project's agency
columns (issue 17): name, state, county, municipality (locality), agency type, homepage,
and, when present, PDAP's jurisdiction type and id.

Headers are matched loosely (case, spaces, PDAP's own spellings such as `state_iso`,
`county_name`, `locality_name`, `homepage_url`). Each row yields one agency and the
jurisdictions above it (city → county → state), each with its state's law. Runs are
idempotent: a row already loaded (same PDAP id, else same slug) changes nothing unless
its name, homepage, type or jurisdiction changed. Bad rows are reported by line number and
skipped; the good rows are loaded in bulk.
"""

import csv
import io
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.db import connection, transaction
from django.utils.text import slugify

from foiatrack.foia.laws import LAWS_BY_STATE, law_for_state
from foiatrack.foia.models import Agency, Jurisdiction
from foiatrack.foia.state_names import STATE_NAMES

COLUMNS = {
    "name": ("name", "agency_name", "submitted_name", "agency"),
    "state": ("state_iso", "state", "state_abbr", "state_name"),
    "county": ("county_name", "county"),
    "municipality": ("locality_name", "municipality", "city", "locality"),
    "agency_type": ("agency_type", "type"),
    "homepage": ("homepage_url", "homepage", "url", "website"),
    "jurisdiction_type": ("jurisdiction_type",),
    "pdap_id": ("id", "agency_id", "airtable_uid", "pdap_id"),
}
BATCH = 1000
NEW = object()  # marks a slug taken by a row of this file
AGENCY_COLUMNS = ("name", "slug", "jurisdiction_id", "homepage_url", "agency_type", "pdap_id")
# Text columns the insert leaves empty (NOT NULL, no database default).
AGENCY_BLANKS = ("foia_officer", "email", "postal_address", "portal_url", "notes", "calendar")


def _insert_many(table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Insert many rows fast: COPY on PostgreSQL, multi-row INSERTs elsewhere. Django's
    bulk_create spends most of an 18,000-row import preparing each value; the values here
    are already checked strings and ids."""
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    quoted_table = connection.ops.quote_name(table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {quoted_table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        one_row = "(" + ", ".join(["%s"] * len(columns)) + ")"
        # SQLite builds may allow only 999 parameters a statement.
        per_statement = max(1, 999 // len(columns))
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            values = ", ".join([one_row] * len(chunk))
            # Table and column names are the models' own, never input.
            sql = f"INSERT INTO {quoted_table} ({names}) VALUES {values}"  # noqa: S608
            cursor.execute(sql, [value for row in chunk for value in row])


class ImportFileError(ValueError):
    """The file as a whole cannot be imported (unreadable, no name column)."""


@dataclass
class Row:
    line: int
    name: str
    state: str  # two-letter, "" for federal
    county: str
    municipality: str
    agency_type: str
    homepage: str
    level: str  # federal / state / county / city: the jurisdiction the agency belongs to
    pdap_id: str


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    jurisdictions_created: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def loaded(self) -> int:
        return self.created + self.updated + self.unchanged


def _header_map(header: list[str]) -> dict[str, int]:
    normalised = [cell.strip().lower().replace(" ", "_").replace("-", "_") for cell in header]
    found = {}
    for key, spellings in COLUMNS.items():
        for spelling in spellings:
            if spelling in normalised:
                found[key] = normalised.index(spelling)
                break
    if "name" not in found:
        raise ImportFileError(f"No agency name column: the header is {', '.join(header)}.")
    return found


def _state_code(text: str) -> str | None:
    text = text.strip()
    if text.upper() in LAWS_BY_STATE:
        return text.upper()
    return STATE_NAMES.get(text.lower())


def _level(jurisdiction_type: str, county: str, municipality: str, state: str) -> str:
    kind = jurisdiction_type.strip().lower()
    if kind == "federal" or not state:
        return "federal"
    if kind == "state":
        return "state"
    if kind == "county" or (county and not municipality):
        return "county"
    return "city" if municipality else "state"


def _parse_row(line: int, cells: list[str], columns: dict[str, int]) -> Row | str:
    """A Row, or the reason the row is refused."""

    def get(key: str) -> str:
        index = columns.get(key)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    name, state_text, kind = get("name"), get("state"), get("jurisdiction_type")
    if not name:
        return "the agency name is empty"
    state = "" if kind.lower() == "federal" and not state_text else _state_code(state_text)
    if state is None:
        return f"unknown state {state_text!r} (give a two-letter code or the state's name)"
    homepage = get("homepage")
    if homepage and not homepage.lower().startswith(("http://", "https://")):
        return f"the homepage {homepage!r} is not an http(s) address"
    if len(homepage) > 500:
        return "the homepage is longer than 500 characters"
    county, municipality = get("county"), get("municipality")
    return Row(
        line=line,
        name=name[:200],
        state=state,
        county=county,
        municipality=municipality,
        agency_type=get("agency_type")[:100],
        homepage=homepage,
        level=_level(kind, county, municipality, state),
        pdap_id=get("pdap_id")[:64],
    )


def parse_rows(text: str) -> tuple[list[Row], list[tuple[int, str]]]:
    """Rows and (line, reason) errors from a CSV text; line numbers count the header as 1."""
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        raise ImportFileError("The file is empty.") from None
    columns = _header_map(header)
    rows, errors = [], []
    for cells in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        parsed = _parse_row(line, cells, columns)
        (rows.append(parsed) if isinstance(parsed, Row) else errors.append((line, parsed)))
    return rows, errors


# --- Jurisdictions ------------------------------------------------------------------


def _county_name(county: str) -> str:
    suffixes = ("county", "parish", "borough", "municipality", "census area")
    return county if county.lower().endswith(suffixes) else f"{county} County"


def _jurisdiction_key(level: str, state: str, place: str) -> tuple[str, str, str]:
    return level, state, place.strip().lower()


LEVELS = ("federal", "state", "county", "city")


def _chain(row: Row) -> list[tuple[str, str, str]]:
    """(level, state, name) from the top jurisdiction down to the agency's own."""
    if row.level == "federal":
        return [("federal", "", "United States")]
    chain = [("state", row.state, f"State of {STATE_NAMES.title_of(row.state)}")]
    if row.county and row.level in ("county", "city"):
        chain.append(("county", row.state, _county_name(row.county)))
    if row.level == "city":
        chain.append(("city", row.state, f"City of {row.municipality}"))
    return chain


class JurisdictionIndex:
    """Existing jurisdictions by (level, state, name); the missing ones are created in bulk,
    a level at a time, so each can point at its parent."""

    def __init__(self, report: ImportReport):
        self.report = report
        self.by_key = {
            _jurisdiction_key(j.level, j.state, j.name): j for j in Jurisdiction.objects.all()
        }
        self.slugs = {j.slug for j in self.by_key.values()}

    def ensure(self, rows: list[Row]) -> None:
        chains = [_chain(row) for row in rows]
        # Each row's own jurisdiction key, for for_row.
        self.row_keys = {
            row.line: _jurisdiction_key(*chain[-1]) for row, chain in zip(rows, chains, strict=True)
        }
        wanted: dict[tuple, tuple] = {}  # key -> (level, state, name, parent key)
        for chain in chains:
            parent = None
            for level, state, name in chain:
                key = _jurisdiction_key(level, state, name)
                wanted.setdefault(key, (level, state, name, parent))
                parent = key
        reparented = []
        for level in LEVELS:
            new = []
            for key, (lvl, state, name, parent_key) in wanted.items():
                if lvl != level:
                    continue
                parent = self.by_key.get(parent_key) if parent_key else None
                if key not in self.by_key:
                    # A plain record, not a model instance: building 18,000 of those
                    # costs more than the inserts.
                    self.by_key[key] = SimpleNamespace(
                        name=name[:200],
                        slug=self._free_slug(name, level, state),
                        level=level,
                        law=law_for_state(state).code,
                        state=state,
                        parent_id=parent.pk if parent else None,
                        pk=None,
                    )
                    new.append(self.by_key[key])
                elif parent is not None and self.by_key[key].parent_id is None:
                    # Set once: a parent staff chose in the admin is kept.
                    self.by_key[key].parent_id = parent.pk
                    reparented.append(self.by_key[key])
            self._create(new)
        self.reparented = reparented

    def _create(self, new: list[SimpleNamespace]) -> None:
        columns = ("name", "slug", "level", "law", "state", "parent_id", "calendar")
        rows = [tuple(getattr(j, c) for c in columns[:-1]) + ("",) for j in new]
        _insert_many(Jurisdiction._meta.db_table, columns, rows)
        # Read the new ids back: the next level down points at them.
        ids = {}
        slugs = [j.slug for j in new]
        for start in range(0, len(slugs), BATCH):
            chunk = slugs[start : start + BATCH]
            ids.update(Jurisdiction.objects.filter(slug__in=chunk).values_list("slug", "id"))
        for jurisdiction in new:
            jurisdiction.pk = ids[jurisdiction.slug]
        self.report.jurisdictions_created += len(new)

    def _free_slug(self, name: str, level: str, state: str) -> str:
        text = name if level in ("federal", "state") else f"{name} {state}"
        base = slugify(text)[:70] or "jurisdiction"
        slug, number = base, 2
        while slug in self.slugs:
            slug, number = f"{base}-{number}", number + 1
        self.slugs.add(slug)
        return slug

    def for_row(self, row: Row):
        """The row's jurisdiction (a Jurisdiction, or a new one's record): has .pk."""
        return self.by_key[self.row_keys[row.line]]


# --- Agencies -----------------------------------------------------------------------


def _agency_slug(row: Row) -> str:
    place = row.municipality or row.county
    base = slugify(f"{row.name} {place} {row.state}")
    return base[:80]


def _changed(agency: Agency, row: Row, jurisdiction) -> bool:
    wanted = {
        "name": row.name,
        "homepage_url": row.homepage,
        "agency_type": row.agency_type,
        "jurisdiction_id": jurisdiction.pk,
        "pdap_id": row.pdap_id or agency.pdap_id,
    }
    changed = False
    for attribute, value in wanted.items():
        if getattr(agency, attribute) != value:
            setattr(agency, attribute, value)
            changed = True
    return changed


@transaction.atomic
def agencies_import(text: str) -> ImportReport:
    """Load the rows of a PDAP-shaped CSV text. Returns counts and per-line errors."""
    rows, errors = parse_rows(text)
    report = ImportReport(errors=errors)
    jurisdictions = JurisdictionIndex(report)
    jurisdictions.ensure(rows)
    existing = list(Agency.objects.all())
    by_pdap = {agency.pdap_id: agency for agency in existing if agency.pdap_id}
    by_slug = {agency.slug: agency for agency in existing}
    new, updated, seen = [], [], {}
    for row in rows:
        slug = _agency_slug(row)
        identity = row.pdap_id or slug
        if identity in seen:
            report.errors.append((row.line, f"the same agency as line {seen[identity]}"))
            continue
        seen[identity] = row.line
        jurisdiction = jurisdictions.for_row(row)
        agency = by_pdap.get(row.pdap_id) if row.pdap_id else None
        agency = agency or by_slug.get(slug)
        if agency is None:
            by_slug[slug] = NEW
            new.append(
                (row.name, slug, jurisdiction.pk, row.homepage, row.agency_type, row.pdap_id)
            )
        elif agency is NEW:
            report.errors.append((row.line, f"its slug {slug!r} repeats an earlier row's"))
        elif _changed(agency, row, jurisdiction):
            updated.append(agency)
        else:
            report.unchanged += 1
    blanks = ("",) * len(AGENCY_BLANKS)
    _insert_many(
        Agency._meta.db_table,
        AGENCY_COLUMNS + AGENCY_BLANKS,
        [values + blanks for values in new],
    )
    fields = ["name", "homepage_url", "agency_type", "jurisdiction", "pdap_id"]
    Agency.objects.bulk_update(updated, fields, batch_size=BATCH)
    if reparented := jurisdictions.reparented:
        Jurisdiction.objects.bulk_update(reparented, ["parent"], batch_size=BATCH)
    report.created, report.updated = len(new), len(updated)
    report.errors.sort()
    return report
