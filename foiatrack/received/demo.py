"""Demo content: every synthetic sample in datasets/, uploaded and audited.

Idempotent by SHA-256: a sample already stored is not stored or audited again (a table
left queued, say by a run without a worker, is queued again). Without REDIS_URL the
audits run in-process here; with it they wait for the worker that `make run` starts.
"""

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files import File

from foiatrack.core.models import Stage
from foiatrack.foia.models import Agency
from foiatrack.received.models import KNOWN_SUFFIXES, Table
from foiatrack.received.services import received_file_create, table_audit_enqueue

DATASETS_DIR = Path(settings.BASE_DIR) / "datasets"
DEMO_NOTE = "Synthetic sample from datasets/ (see datasets/README.md); not an agency's data."

# Which agency (slug in the foia directory) each sample imitates, and its pipeline stage.
SAMPLE_SOURCES = {
    "cjp_calls_by_district_2008_2011.csv": ("chicago-oemc", "call"),
    "chicago_calls_cad_2011.csv": ("chicago-oemc", "call"),
    "oemc_calls_by_month_2010_2011.xlsx": ("chicago-oemc", "call"),
    "chicago_crimes_2011.csv": ("chicago-police", "report"),
    "messy_agency_export_cp1252.csv": ("chicago-police", "call"),
    "seattle_fire_911_2019.csv": ("seattle-fire", "call"),
    "milwaukee_police_calls_2016.csv": ("milwaukee-police", "call"),
    "ccsao_dispositions_sentencing_2011.csv": ("cook-county-states-attorney", "court"),
    "jail_bookings_2011.csv": ("cook-county-sheriff", "jail"),
}


def load_demo(stdout, datasets_dir: Path | None = None) -> None:
    """Upload and audit each sample file; print one line per file."""
    folder = datasets_dir or DATASETS_DIR
    if not folder.is_dir():
        stdout.write("received: no datasets/ folder, so no demo files.")
        return
    uploader = get_user_model().objects.filter(username="dataadmin").first()
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.suffix.lower() in KNOWN_SUFFIXES and path.name != "README.md":
            stdout.write(_load_sample(path, uploader))


def _load_sample(path: Path, uploader) -> str:
    agency_slug, stage_code = SAMPLE_SOURCES.get(path.name, (None, None))
    with path.open("rb") as handle:
        received, created = received_file_create(
            chunks=File(handle).chunks(),
            original_name=path.name,
            uploaded_by=uploader,
            agency=Agency.objects.filter(slug=agency_slug).first() if agency_slug else None,
            stage=Stage.objects.filter(code=stage_code).first() if stage_code else None,
            notes=DEMO_NOTE,
        )
    if not created:
        for table_id in received.tables.filter(status=Table.Status.QUEUED).values_list(
            "id", flat=True
        ):
            table_audit_enqueue(table_id=table_id)
    statuses = sorted(received.tables.values_list("status", flat=True))
    verb = "loaded" if created else "already loaded"
    return f"received: {path.name} {verb} ({len(statuses)} table(s): {', '.join(statuses)})"
