"""Coverage states and how an audited table or a pending request earns one. Pure Python.

A cell of the matrix (stage × jurisdiction × year) takes the best state of what is
behind it: a record-level, linkable table beats an aggregate, which beats a request
still waiting for an answer, which beats nothing.
"""

from collections.abc import Iterable
from datetime import date

from foiatrack.audit.link_levels import linkability_level
from foiatrack.audit.vocabulary import LINK_KEY_ROLES

NONE = "none"
PENDING = "pending"
AGGREGATE = "aggregate"
RECORD_UNLINKABLE = "record_unlinkable"
RECORD_LINKABLE = "record_linkable"

# Worst first: the order is the rank.
STATE_CHOICES = [
    (NONE, "Nothing received"),
    (PENDING, "Requested and pending"),
    (AGGREGATE, "Aggregated only"),
    (RECORD_UNLINKABLE, "Record-level without linking keys"),
    (RECORD_LINKABLE, "Record-level and linkable"),
]
STATES = [code for code, _label in STATE_CHOICES]
STATE_LABELS = dict(STATE_CHOICES)
# Short words printed inside the overview's boxes: colour is never the only cue.
STATE_SHORT = {
    NONE: "none",
    PENDING: "pending",
    AGGREGATE: "totals only",
    RECORD_UNLINKABLE: "records, no keys",
    RECORD_LINKABLE: "linkable records",
}
# A record-level table with a key is "linkable" only once another stage's table shares
# the key (L2, L3); at L0/L1 there is nothing to link to yet, and the words say so.
LINKED_LEVELS = {"L2", "L3"}
KEYED_UNLINKED_LABEL = "Record-level with keys, nothing to link to yet"
KEYED_UNLINKED_SHORT = "records, keys"
# A key column emptier than this cannot carry a link.
UNUSABLE_KEY_NULL_RATE = 0.99
LEVELS = ["L0", "L1", "L2", "L3"]
# The matrix spans only years records can be about: from the first records law (the
# federal FOIA, 1966) to this year. A year outside is a typo and is left out.
EARLIEST_COVERAGE_YEAR = 1966


def best_state(states: Iterable[str]) -> str:
    """The best of several states (NONE for none)."""
    return max(states, key=STATES.index, default=NONE)


def best_level(levels: Iterable[str]) -> str:
    """The highest linkability level among several ("" for none)."""
    found = [level for level in levels if level in LEVELS]
    return max(found, key=LEVELS.index) if found else ""


def column_roles(findings: dict | None) -> dict[str, str]:
    """{column name: role} from a table's stored findings."""
    return {column["name"]: column["role"] for column in (findings or {}).get("columns", [])}


def usable_link_keys(findings: dict | None) -> list[str]:
    """Key kinds (event, report, … number) present in enough rows to link on."""
    kinds = set()
    for column in (findings or {}).get("columns", []):
        usable = (column.get("null_rate") or 0) < UNUSABLE_KEY_NULL_RATE
        if column.get("role") in LINK_KEY_ROLES and usable:
            kinds.add(column["role"])
    return [kind for kind in LINK_KEY_ROLES if kind in kinds]


def table_state(granularity: str, findings: dict | None) -> str:
    """The coverage state an audited table gives: aggregate, or record-level with or
    without a key another stage could share."""
    if granularity == "aggregate":
        return AGGREGATE
    if usable_link_keys(findings):
        return RECORD_LINKABLE
    return RECORD_UNLINKABLE


def table_linkability(
    findings: dict | None, measured: Iterable[tuple[dict | None, float | None]] = ()
) -> tuple[str, str, float | None]:
    """(level, reason, best measured link rate) of a table, from its roles alone (L0/L1)
    and from each measured link run given as (the other table's findings, link rate)."""
    roles = column_roles(findings).values()
    alone = linkability_level(roles)
    best = (alone.level, alone.reason, None)
    for other_findings, rate in measured:
        found = linkability_level(roles, column_roles(other_findings).values(), link_rate=rate)
        if LEVELS.index(found.level) > LEVELS.index(best[0]) or (
            found.level == best[0] and (rate or 0) > (best[2] or 0)
        ):
            best = (found.level, found.reason, rate)
    return best


def years_between(start: date | None, end: date | None) -> list[int]:
    """The calendar years a period touches; empty when the period is unknown."""
    if start is None and end is None:
        return []
    start = start or end
    end = end or start
    if end < start:
        start, end = end, start
    return list(range(start.year, end.year + 1))


def years_in_range(years: Iterable[int], today: date) -> list[int]:
    """The years the matrix may show: EARLIEST_COVERAGE_YEAR to today's year."""
    return [year for year in years if EARLIEST_COVERAGE_YEAR <= year <= today.year]


def cell_label(state: str, level: str) -> str:
    """A cell's state in words, matching its linkability level."""
    if state == RECORD_LINKABLE and level not in LINKED_LEVELS:
        return KEYED_UNLINKED_LABEL
    return STATE_LABELS[state]


def cell_short(state: str, level: str) -> str:
    """The few words printed inside an overview box, matching the level."""
    if state == RECORD_LINKABLE and level not in LINKED_LEVELS:
        return KEYED_UNLINKED_SHORT
    return STATE_SHORT[state]


def year_spans(years: Iterable[int]) -> str:
    """Years as runs: [2008, 2009, 2010, 2012] → "2008–2010, 2012"."""
    ordered = sorted(set(years))
    runs: list[list[int]] = []
    for year in ordered:
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)
