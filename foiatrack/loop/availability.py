"""Availability tiers and stage-pair linkability (issue 9), for the public gap pages.

Availability: for each jurisdiction × stage × catalogue field, the best of

    published      published openly (open-data route) with the field filled enough
    obtained       obtained from the agency (by request or another route), filled enough
    withheld       collected but withheld: an exemption cited for the field (or the request)
    unusable       delivered, but filled in fewer than the threshold's share of rows
    not_collected  the agency says it does not keep it
    unknown        nothing asked or nothing answered yet

Blank is never read as zero: a field with no evidence is "unknown", never "not collected".
The Chicago Justice Project's inventory (public / obtainable by FOIA / collected but not
released) and Measures for Justice's reasons for missing data (not collected / withheld /
too incomplete) are the model.

Linkability per stage pair: the best measured link run between tables of the two stages
(L0–L3 from audit.link_levels, with the shared keys and the link rate), else the level the
tables' roles promise, marked "not measured".
"""

from collections import defaultdict

from django.db.models import Prefetch, Q

from foiatrack.audit.compare import Delivery, field_verdict
from foiatrack.audit.field_catalogue import FIELDS, STAGE_FIELDS
from foiatrack.audit.link_levels import LEVEL_LABELS, linkability_level
from foiatrack.core.models import Stage
from foiatrack.foia.models import AccessRoute, Exemption, FoiaRequest, Jurisdiction
from foiatrack.foia.selectors import public_requests
from foiatrack.loop.asked import min_fill_rate
from foiatrack.pipeline import coverage
from foiatrack.pipeline.models import LinkRun
from foiatrack.pipeline.plain import public_rate
from foiatrack.pipeline.selectors import PublicTable, public_table_q
from foiatrack.received.models import Table

TIERS = [
    ("published", "Published openly"),
    ("obtained", "Obtained by request"),
    ("withheld", "Collected but withheld (exemption cited)"),
    ("unusable", "Delivered but unusable"),
    ("not_collected", "Not collected (agency says it does not exist)"),
    ("unknown", "Unknown (not asked or not answered)"),
]
TIER_LABELS = dict(TIERS)
_TIER_ORDER = [code for code, _label in TIERS]

LEVEL_ORDER = coverage.LEVELS


def _better(tier: str, current: str) -> bool:
    return _TIER_ORDER.index(tier) < _TIER_ORDER.index(current)


def _tables(jurisdiction: Jurisdiction | None):
    tables = (
        Table.objects.filter(status=Table.Status.DONE, received_file__stage__isnull=False)
        .exclude(received_file__agency__isnull=True)
        .select_related(
            "received_file__stage", "received_file__agency__jurisdiction", "received_file__request"
        )
        .only(
            "id",
            "name",
            "findings",
            "source",
            "received_file__stage__code",
            "received_file__agency__id",
            "received_file__agency__jurisdiction__id",
            "received_file__agency__jurisdiction__name",
            "received_file__agency__jurisdiction__slug",
            "received_file__request__access_route",
        )
    )
    if jurisdiction is not None:
        tables = tables.filter(received_file__agency__jurisdiction=jurisdiction)
    # Files of private or embargoed requests count in no public tier or link (issue 14).
    return tables.filter(public_table_q())


def _requests(jurisdiction: Jurisdiction | None):
    # Public requests only: an exemption typed on a private request is no public tier.
    requests = (
        FoiaRequest.objects.exclude(status="draft")
        .filter(id__in=public_requests().order_by().values("id"))
        .select_related("agency__jurisdiction")
        .only(
            "id",
            "fields_not_held",
            "agency__jurisdiction__id",
            "agency__jurisdiction__name",
            "agency__jurisdiction__slug",
        )
        .prefetch_related(
            Prefetch("stages", queryset=Stage.objects.only("id", "code")),
            Prefetch(
                "exemptions", queryset=Exemption.objects.only("request_id", "section", "fields")
            ),
        )
    )
    if jurisdiction is not None:
        requests = requests.filter(agency__jurisdiction=jurisdiction)
    return requests


def availability_cells(jurisdiction: Jurisdiction | None = None) -> list[dict]:
    """One dict per jurisdiction × stage × field with its tier and the evidence behind it
    (a fill rate and a section cited at most: never a value). Five queries."""
    threshold = min_fill_rate()
    open_data = set(
        AccessRoute.objects.filter(route="open_data").values_list("agency_id", "stage__code")
    )
    cells: dict[tuple, dict] = {}
    places: dict[int, Jurisdiction] = {}

    def cell(place: Jurisdiction, stage: str, code: str) -> dict:
        places[place.id] = place
        key = (place.id, stage, code)
        if key not in cells:
            cells[key] = {"tier": "unknown", "fill_rate": None, "exemption": ""}
        return cells[key]

    for table in _tables(jurisdiction):
        received = table.received_file
        stage, place = received.stage.code, received.agency.jurisdiction
        route = received.request.access_route if received.request else ""
        published = route == "open_data" or (received.agency.id, stage) in open_data
        delivery = Delivery(
            table.name, table.findings or {}, (table.source or {}).get("format", "")
        )
        for code in STAGE_FIELDS.get(stage, []):
            verdict = field_verdict(code, [delivery], threshold)
            if verdict.verdict == "missing":
                continue
            if verdict.verdict == "delivered":
                tier = "published" if published else "obtained"
            else:
                tier = "unusable"
            found = cell(place, stage, code)
            if _better(tier, found["tier"]) or (
                tier == found["tier"] and (verdict.fill_rate or 0) > (found["fill_rate"] or 0)
            ):
                found.update(tier=tier, fill_rate=verdict.fill_rate)

    for request in _requests(jurisdiction):
        place = request.agency.jurisdiction
        stages = [stage.code for stage in request.stages.all()]
        for exemption in request.exemptions.all():
            for stage in stages:
                for code in exemption.fields or STAGE_FIELDS.get(stage, []):
                    if code not in STAGE_FIELDS.get(stage, []):
                        continue
                    found = cell(place, stage, code)
                    if _better("withheld", found["tier"]):
                        found.update(tier="withheld", exemption=exemption.section)
        for stage in stages:
            for code in request.fields_not_held:
                if code in STAGE_FIELDS.get(stage, []):
                    found = cell(place, stage, code)
                    if _better("not_collected", found["tier"]):
                        found["tier"] = "not_collected"

    return _rows(cells, places)


def _rows(cells: dict[tuple, dict], places: dict[int, Jurisdiction]) -> list[dict]:
    stages = {stage.code: stage for stage in Stage.objects.all()}
    touched = sorted(
        {(place_id, stage) for place_id, stage, _code in cells},
        key=lambda key: (places[key[0]].name, stages[key[1]].position if key[1] in stages else 99),
    )
    rows = []
    for place_id, stage in touched:
        # Every catalogue field of a stage we know anything about is listed: what nobody
        # answered shows as unknown rather than vanishing.
        for code in STAGE_FIELDS.get(stage, []):
            found = cells.get((place_id, stage, code), {"tier": "unknown", "fill_rate": None})
            rows.append(
                {
                    "jurisdiction": places[place_id].name,
                    "jurisdiction_slug": places[place_id].slug,
                    "stage": stage,
                    "stage_label": stages[stage].name if stage in stages else stage,
                    "field": code,
                    "field_label": FIELDS[code].label,
                    "tier": found["tier"],
                    "tier_label": TIER_LABELS[found["tier"]],
                    "filled_pct": None
                    if found.get("fill_rate") is None
                    else round(100 * found["fill_rate"], 1),
                    "exemption": found.get("exemption", ""),
                }
            )
    return rows


def availability_table(jurisdiction: Jurisdiction | None = None) -> PublicTable:
    """The availability tiers as a public table (page, CSV and JSON alike)."""
    suffix = f"-{jurisdiction.slug}" if jurisdiction else ""
    table = PublicTable(
        title="Availability of each field",
        filename=f"availability{suffix}",
        columns=[
            ("jurisdiction", "Jurisdiction"),
            ("stage", "Stage"),
            ("stage_label", "Stage name"),
            ("field", "Field"),
            ("field_label", "Field name"),
            ("tier", "Availability"),
            ("tier_label", "Availability (words)"),
            ("filled_pct", "Best fill rate (%)"),
            ("exemption", "Exemption cited"),
        ],
    )
    table.rows = availability_cells(jurisdiction)
    return table


# --- Linkability per stage pair ------------------------------------------------------------


def _stage_pair(left: Table, right: Table) -> tuple[Table, Table]:
    """The two tables ordered by pipeline stage (earlier stage first)."""
    if left.received_file.stage.position <= right.received_file.stage.position:
        return left, right
    return right, left


def _place_name(table: Table) -> str:
    agency = table.received_file.agency
    return agency.jurisdiction.name if agency else ""


def stage_links_rows(jurisdiction: Jurisdiction | None = None) -> list[dict]:
    """Per stage pair (and the jurisdictions of its tables): the best linkability level, the
    keys shared, the measured link rate, or the level the roles promise if nothing was run."""
    related = (
        "left_table__received_file__stage",
        "left_table__received_file__agency__jurisdiction",
        "right_table__received_file__stage",
        "right_table__received_file__agency__jurisdiction",
    )
    runs = LinkRun.objects.filter(
        status=LinkRun.Status.DONE,
        left_table__received_file__stage__isnull=False,
        right_table__received_file__stage__isnull=False,
    ).select_related(*related)
    # Both tables public: a run on a private request's file counts in no public link.
    runs = runs.filter(public_table_q("left_table__"), public_table_q("right_table__"))
    if jurisdiction is not None:
        runs = runs.filter(
            Q(left_table__received_file__agency__jurisdiction=jurisdiction)
            | Q(right_table__received_file__agency__jurisdiction=jurisdiction)
        )
    best: dict[tuple, dict] = {}
    for run in runs.defer("result", "left_table__findings", "right_table__findings"):
        first, second = _stage_pair(run.left_table, run.right_table)
        if first.received_file.stage_id == second.received_file.stage_id:
            continue
        key = (first.received_file.stage.code, second.received_file.stage.code)
        places = sorted({_place_name(first), _place_name(second)} - {""})
        row = {
            "from_stage": key[0],
            "to_stage": key[1],
            "jurisdictions": " / ".join(places),
            "level": run.linkability_level or "L1",
            "keys": ", ".join(k.get("kind", "") for k in run.keys if isinstance(k, dict)),
            "link_rate_pct": public_rate(run.linked_left, run.left_rows),
            "measured": "yes",
            "method": run.method,
        }
        current = best.get(key)
        if current is None or _pair_better(row, current):
            best[key] = row
    for key, row in _unmeasured_pairs(jurisdiction, set(best)).items():
        best[key] = row
    positions = {stage.code: stage.position for stage in Stage.objects.all()}
    rows = sorted(
        best.values(), key=lambda r: (positions[r["from_stage"]], positions[r["to_stage"]])
    )
    for row in rows:
        row["level_label"] = coverage_level_label(row["level"])
    return rows


def _pair_better(row: dict, current: dict) -> bool:
    if row["level"] != current["level"]:
        return LEVEL_ORDER.index(row["level"]) > LEVEL_ORDER.index(current["level"])
    return (row["link_rate_pct"] or 0) > (current["link_rate_pct"] or 0)


def _unmeasured_pairs(jurisdiction: Jurisdiction | None, measured: set[tuple]) -> dict:
    """Adjacent stages (among those with audited tables) that no run has linked: the level
    their column roles promise, from each stage's best-keyed table."""
    roles_by_stage: dict[str, set[str]] = defaultdict(set)
    places_by_stage: dict[str, set[str]] = defaultdict(set)
    for table in _tables(jurisdiction):
        stage = table.received_file.stage.code
        roles_by_stage[stage] |= set(coverage.usable_link_keys(table.findings))
        roles_by_stage[stage] |= {
            role
            for role in coverage.column_roles(table.findings).values()
            if role in ("record_id", "person_name", "date_of_birth")
        }
        places_by_stage[stage].add(table.received_file.agency.jurisdiction.name)
    ordered = [stage.code for stage in Stage.objects.all() if stage.code in roles_by_stage]
    found = {}
    for first, second in zip(ordered, ordered[1:], strict=False):
        if (first, second) in measured:
            continue
        level = linkability_level(roles_by_stage[first], roles_by_stage[second])
        found[(first, second)] = {
            "from_stage": first,
            "to_stage": second,
            "jurisdictions": " / ".join(sorted(places_by_stage[first] | places_by_stage[second])),
            "level": level.level,
            "keys": ", ".join(level.shared_keys),
            "link_rate_pct": None,
            "measured": "no",
            "method": "",
        }
    return found


def coverage_level_label(level: str) -> str:
    return LEVEL_LABELS.get(level, level)


def stage_links_table(jurisdiction: Jurisdiction | None = None) -> PublicTable:
    """Linkability per stage pair as a public table."""
    suffix = f"-{jurisdiction.slug}" if jurisdiction else ""
    table = PublicTable(
        title="Linkability between stages",
        filename=f"stage-links{suffix}",
        columns=[
            ("from_stage", "From stage"),
            ("to_stage", "To stage"),
            ("jurisdictions", "Jurisdictions"),
            ("level", "Linkability level"),
            ("level_label", "Level (words)"),
            ("keys", "Shared keys"),
            ("link_rate_pct", "Measured link rate (%)"),
            ("measured", "Measured"),
            ("method", "Method"),
        ],
    )
    table.rows = stage_links_rows(jurisdiction)
    return table
