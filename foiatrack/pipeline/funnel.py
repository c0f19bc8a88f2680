"""The funnel the public pages show (calls → reports → court → jail): per jurisdiction,
each step's measured link, or the reason there is none. Built during the rebuild.

A step adds up: when it is measured, its record counts on both sides are those of the two
tables its link run joined (the newest finished run between the step's datasets), so
linked / records-from is the rate shown, recomputable from the download. Only datasets the
public may see count (selectors.public_table_q): a private or embargoed request's rows
never reach a funnel total.
"""

import logging
from collections import defaultdict

from django.db.models import F

from foiatrack.core.models import Stage
from foiatrack.core.suppression import is_small
from foiatrack.foia.models import Jurisdiction
from foiatrack.pipeline import coverage
from foiatrack.pipeline.models import (
    DatasetCoverage,
    LinkRun,
)
from foiatrack.pipeline.selectors.queries import _year_span, public_table_q
from foiatrack.received.models import Table
from foiatrack.stages import STAGE_LABELS

logger = logging.getLogger(__name__)


FUNNEL_PAIRS = [("call", "report"), ("report", "court"), ("court", "jail")]


# --- The funnel ----------------------------------------------------------------------


def funnel_build(datasets: list[DatasetCoverage]) -> list[dict]:
    """Per jurisdiction, each step of calls → reports → court → jail: measured link, or why
    there is none.

    The pipeline crosses levels of government: a Chicago call and report lead to a Cook
    County court case and jail booking. So each stage of a place's funnel uses the place's
    own datasets of that stage or, when it has none, those of its nearest ancestor
    (Jurisdiction.parent) that has some; each step says where its two sides come from.
    A link run counts for a step only when its two tables are the step's chosen datasets,
    so Seattle's calls are never followed into Chicago's reports.

    Stored as [{"jurisdiction": slug, "name": name, "steps": [...]}], places by name;
    jurisdictions with no audited dataset of their own are left out.
    """
    stage_codes = dict(Stage.objects.values_list("id", "code"))
    public_ids = set(Table.objects.filter(public_table_q()).values_list("id", flat=True))
    datasets = [d for d in datasets if d.table_id in public_ids]
    # The directory is small: every place, so that ancestors are at hand without a query
    # per level.
    all_places = {place.id: place for place in Jurisdiction.objects.all()}
    own_ids = {d.jurisdiction_id for d in datasets if d.jurisdiction_id}
    runs = list(
        LinkRun.objects.filter(status=LinkRun.Status.DONE)
        .select_related("left_table__received_file", "right_table__received_file")
        .order_by(F("finished_at").desc(nulls_last=True), "-id")
    )
    held: dict[tuple[int, str], list[DatasetCoverage]] = defaultdict(list)
    for dataset in datasets:
        if dataset.stage_id and dataset.jurisdiction_id:
            held[(dataset.jurisdiction_id, stage_codes[dataset.stage_id])].append(dataset)
    funnels = []
    places = sorted((all_places[i] for i in own_ids), key=lambda place: (place.name, place.id))
    for place in places:
        chain = _ancestry(place, all_places)
        sources = {
            code: next((p for p in chain if held[(p.id, code)]), place)
            for pair in FUNNEL_PAIRS
            for code in pair
        }
        by_stage = {code: held[(source.id, code)] for code, source in sources.items()}
        steps = [
            _funnel_step(a, b, by_stage, runs) | _step_places(a, b, sources)
            for a, b in FUNNEL_PAIRS
        ]
        funnels.append({"jurisdiction": place.slug, "name": place.name, "steps": steps})
    return funnels


def _ancestry(place: Jurisdiction, all_places: dict[int, Jurisdiction]) -> list[Jurisdiction]:
    """The place, its parent, the parent's parent…; a loop set by hand in the admin ends
    the walk instead of hanging the rebuild."""
    chain, seen = [], set()
    while place is not None and place.id not in seen:
        chain.append(place)
        seen.add(place.id)
        place = all_places.get(place.parent_id)
    return chain


def _step_places(a: str, b: str, sources: dict[str, Jurisdiction]) -> dict:
    return {
        "from_jurisdiction": sources[a].slug,
        "from_jurisdiction_name": sources[a].name,
        "to_jurisdiction": sources[b].slug,
        "to_jurisdiction_name": sources[b].name,
    }


def _funnel_step(a: str, b: str, by_stage: dict, runs: list) -> dict:
    step = {
        "from_stage": a,
        "from_label": STAGE_LABELS[a],
        "to_stage": b,
        "to_label": STAGE_LABELS[b],
        "from_records": _records(by_stage[a]),
        "to_records": _records(by_stage[b]),
        "from_period": _period(by_stage[a]),
        "to_period": _period(by_stage[b]),
        "from_tables": _record_tables(by_stage[a]),
        "to_tables": _record_tables(by_stage[b]),
        "measured": False,
        "link_rate": None,
        "linked_from": None,
        "rows_from": None,
        "method": "",
        "run_id": None,
        "reason": "",
    }
    ids_a = {d.table_id for d in by_stage[a]}
    ids_b = {d.table_id for d in by_stage[b]}
    pair_runs = [
        run
        for run in runs
        if (run.left_table_id in ids_a and run.right_table_id in ids_b)
        or (run.left_table_id in ids_b and run.right_table_id in ids_a)
    ]
    # The newest finished run decides: a new run shows at once, and an old run with a
    # better rate cannot hide that the newest one linked nothing.
    newest = pair_runs[0] if pair_runs else None
    if newest is not None and newest.method != "none" and (newest.linked_left or 0) > 0:
        step.update(_measured(newest, ids_a, by_stage[a] + by_stage[b]))
        return step
    step["reason"] = _unlinked_reason(a, b, by_stage, pair_runs)
    return step


def _records(datasets: list[DatasetCoverage]) -> int:
    """Records received at a stage. A dataset of 1–9 rows, shown as "<10" on its own page,
    is left out: counted in a total beside the other datasets, it would come back by
    subtraction."""
    return sum(
        d.table.rows or 0
        for d in datasets
        if d.state != coverage.AGGREGATE and not is_small(d.table.rows or 0)
    )


def _record_tables(datasets: list[DatasetCoverage]) -> list[int]:
    return sorted(d.table_id for d in datasets if d.state != coverage.AGGREGATE)


def _period(datasets: list[DatasetCoverage]) -> str:
    years = [
        year
        for d in datasets
        if d.state != coverage.AGGREGATE
        for year in coverage.years_between(d.table.period_start, d.table.period_end)
    ]
    return _year_span(years)


def _measured(run: LinkRun, ids_a: set[int], datasets: list[DatasetCoverage]) -> dict:
    """A measured step's figures, all from the run's own two tables: records on each side,
    linked on the from side, their periods."""
    left_is_a = run.left_table_id in ids_a
    from_id, to_id = (
        (run.left_table_id, run.right_table_id)
        if left_is_a
        else (run.right_table_id, run.left_table_id)
    )
    by_id = {d.table_id: d for d in datasets}
    from_rows = run.left_rows if left_is_a else run.right_rows
    to_rows = run.right_rows if left_is_a else run.left_rows
    linked = run.linked_left if left_is_a else run.linked_right
    return {
        "measured": True,
        "from_records": from_rows,
        "to_records": to_rows,
        "from_period": _period([by_id[from_id]]),
        "to_period": _period([by_id[to_id]]),
        "from_tables": [from_id],
        "to_tables": [to_id],
        "linked_from": linked,
        "rows_from": from_rows,
        "link_rate": linked / from_rows if from_rows else None,
        "method": run.method,
        "run_id": run.id,
    }


def _keys_words(kinds: set[str]) -> str:
    return ", ".join(sorted(kind.replace("_", " ") + "s" for kind in kinds)) or "no linking number"


def _unlinked_reason(a: str, b: str, by_stage: dict, pair_runs: list) -> str:
    for code in (a, b):
        if not by_stage[code]:
            return f"no {STAGE_LABELS[code].lower()} data has been received and audited"
        if all(d.state == coverage.AGGREGATE for d in by_stage[code]):
            return (
                f"the {STAGE_LABELS[code].lower()} data received is aggregated only: "
                "it holds totals, not records that could be followed"
            )
    if pair_runs:
        reason = next((run.reason for run in pair_runs if run.reason), "")
        keys = {key.get("kind", "").replace("_", " ") for run in pair_runs for key in run.keys}
        return reason or (
            f"the two stages' records both carry {', '.join(sorted(keys)) or 'a key'}s, "
            "but no number matched in the data received"
        )
    keys_a = {key for d in by_stage[a] if d.state != coverage.AGGREGATE for key in d.link_keys}
    keys_b = {key for d in by_stage[b] if d.state != coverage.AGGREGATE for key in d.link_keys}
    shared = keys_a & keys_b
    if not shared:
        return (
            f"the {STAGE_LABELS[a].lower()} records carry {_keys_words(keys_a)} and the "
            f"{STAGE_LABELS[b].lower()} records carry {_keys_words(keys_b)}: "
            "no identifier is shared"
        )
    return (
        f"not measured yet: the tables share {_keys_words(shared)}, but no link run has been made"
    )
