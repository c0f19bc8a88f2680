"""The starting directory of jurisdictions and agencies, loaded idempotently.

Contact details are left for staff to fill in the admin after checking them with the
agency; only names, laws, stages and access routes are set here.
"""

from django.db import transaction

from foiatrack.core.services import stages_ensure
from foiatrack.foia.models import AccessRoute, Agency, Jurisdiction

JURISDICTIONS = [
    # slug, name, level, law, state
    ("chicago", "City of Chicago", "city", "il-foia", "IL"),
    ("cook-county", "Cook County", "county", "il-foia", "IL"),
    ("illinois", "State of Illinois", "state", "il-foia", "IL"),
    ("seattle", "City of Seattle", "city", "wa-pra", "WA"),
    ("milwaukee", "City of Milwaukee", "city", "wi-open-records", "WI"),
    ("united-states", "United States", "federal", "federal-foia", ""),
]

# Whose agencies also serve a place (Jurisdiction.parent): Chicago's court cases are in
# the Circuit Court of Cook County, its bookings at the Cook County jail, its sentences
# with the Illinois Department of Corrections. Seattle and Milwaukee have no county or
# state agency in the directory yet, so no parent; the federal government is no parent
# of state justice agencies.
PARENTS = {"chicago": "cook-county", "cook-county": "illinois"}

AGENCIES = [
    # slug, name, jurisdiction, stages, notes
    (
        "chicago-oemc",
        "Chicago Office of Emergency Management and Communications",
        "chicago",
        ["call"],
        "Runs 911 and dispatch (CAD). Call records are not published; past FOIA answers "
        "gave aggregates only (district × event type), without event numbers.",
    ),
    (
        "chicago-police",
        "Chicago Police Department",
        "chicago",
        ["report", "arrest"],
        "Incident reports (RD numbers) and arrests (CB numbers). Crimes and arrests are "
        "partly published on the city data portal.",
    ),
    (
        "cook-county-states-attorney",
        "Cook County State's Attorney",
        "cook-county",
        ["charge", "court"],
        "Publishes intake, initiation, disposition and sentencing data; FOIA for fields "
        "not released.",
    ),
    (
        "cook-county-circuit-clerk",
        "Clerk of the Circuit Court of Cook County",
        "cook-county",
        ["court"],
        "Access route: in Illinois the judicial branch is not a public body under FOIA "
        "(5 ILCS 140/2(a)); court records are requested from the clerk under court rules, "
        "not FOIA, and the statutory FOIA deadlines do not bind the clerk for them.",
    ),
    (
        "cook-county-sheriff",
        "Cook County Sheriff's Office",
        "cook-county",
        ["jail"],
        "Runs the Cook County Jail: bookings and releases.",
    ),
    (
        "illinois-doc",
        "Illinois Department of Corrections",
        "illinois",
        ["sentence"],
        "Prison admissions, sentences and exits.",
    ),
    (
        "seattle-fire",
        "Seattle Fire Department",
        "seattle",
        ["call"],
        "Publishes 'Real Time 911' dispatches; the Washington Public Records Act asks for "
        "a first answer within 5 business days, often an estimate of time needed.",
    ),
    (
        "milwaukee-police",
        "Milwaukee Police Department",
        "milwaukee",
        ["call", "report"],
        "Wisconsin's public records law sets no fixed deadline: answers are due 'as soon "
        "as practicable and without delay'.",
    ),
]

# Stages whose records do not come through the public-records law (issue 9).
ACCESS_ROUTES = [
    # agency slug, stage, route, notes
    (
        "cook-county-circuit-clerk",
        "court",
        "court_rules",
        "The judiciary is not a public body under 5 ILCS 140/2(a): ask the clerk under court "
        "rules; no FOIA deadline applies.",
    ),
]


@transaction.atomic
def directory_load() -> tuple[int, int]:
    """Create or update the directory's jurisdictions and agencies. Returns rows created."""
    stages = {stage.code: stage for stage in stages_ensure()}
    created_jurisdictions = created_agencies = 0
    jurisdictions = {}
    for slug, name, level, law, state in JURISDICTIONS:
        jurisdiction, created = Jurisdiction.objects.update_or_create(
            slug=slug, defaults={"name": name, "level": level, "law": law, "state": state}
        )
        jurisdictions[slug] = jurisdiction
        created_jurisdictions += created
    for slug, parent_slug in PARENTS.items():
        # Set once: a parent staff changed in the admin is kept.
        Jurisdiction.objects.filter(slug=slug, parent__isnull=True).update(
            parent=jurisdictions[parent_slug]
        )
    for slug, name, jurisdiction_slug, stage_codes, notes in AGENCIES:
        agency, created = Agency.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "jurisdiction": jurisdictions[jurisdiction_slug],
                "notes": notes,
            },
        )
        # Staff may have edited names or notes in the admin: only fill in what is missing.
        if not agency.stages.exists():
            agency.stages.set([stages[code] for code in stage_codes])
        created_agencies += created
    for slug, stage_code, route, notes in ACCESS_ROUTES:
        # Created once; staff edits in the admin are kept.
        AccessRoute.objects.get_or_create(
            agency=Agency.objects.get(slug=slug),
            stage=stages[stage_code],
            defaults={"route": route, "notes": notes},
        )
    return created_jurisdictions, created_agencies
