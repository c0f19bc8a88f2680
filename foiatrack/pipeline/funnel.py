"""The funnel the public pages show (calls → reports → court → jail): per jurisdiction,
each step's measured link, or the reason there is none. Built during the rebuild.
"""

import logging
from collections import defaultdict

from foiatrack.core.models import Stage
from foiatrack.foia.models import Jurisdiction
from foiatrack.pipeline import coverage
from foiatrack.pipeline.models import (
    DatasetCoverage,
    LinkRun,
)
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
    # The directory is small: every place, so that ancestors are at hand without a query
    # per level.
    all_places = {place.id: place for place in Jurisdiction.objects.all()}
    own_ids = {d.jurisdiction_id for d in datasets if d.jurisdiction_id}
    runs = list(
        LinkRun.objects.filter(status=LinkRun.Status.DONE)
        .select_related("left_table__received_file", "right_table__received_file")
        .order_by("-finished_at", "-id")
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
        "from_records": sum(d.table.rows or 0 for d in by_stage[a] if d.state != "aggregate"),
        "to_records": sum(d.table.rows or 0 for d in by_stage[b] if d.state != "aggregate"),
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
    linked = [run for run in pair_runs if run.method != "none" and (run.linked_left or 0) > 0]
    if linked:
        best = max(linked, key=lambda run: run.link_rate or 0)
        left_is_a = best.left_table_id in ids_a
        step.update(
            measured=True,
            linked_from=best.linked_left if left_is_a else best.linked_right,
            rows_from=best.left_rows if left_is_a else best.right_rows,
            method=best.method,
            run_id=best.id,
        )
        if step["rows_from"]:
            step["link_rate"] = step["linked_from"] / step["rows_from"]
        return step
    step["reason"] = _unlinked_reason(a, b, by_stage, pair_runs)
    return step


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
