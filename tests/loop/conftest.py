"""Fixtures for issue 9: the agency directory, requests with known asks, and small files
shaped like real agency returns (each builder names the schema it imitates). All values
are synthetic."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from foiatrack.core.models import Stage
from foiatrack.foia.directory import directory_load
from foiatrack.foia.models import Agency, FoiaRequest, Status
from foiatrack.received.services import received_file_create
from tests.loop.samples import cad_calls_csv, calls_by_district_csv, court_cases_csv  # noqa: F401


@pytest.fixture
def directory(db, stages):
    directory_load()
    return {agency.slug: agency for agency in Agency.objects.select_related("jurisdiction")}


@pytest.fixture
def oemc(directory):
    return directory["chicago-oemc"]


@pytest.fixture
def make_request(staff_user):
    """A request with a structured ask, logged as submitted (through no lifecycle steps:
    the tests that need the lifecycle go through the pages)."""

    def make(agency, *, stages=("call",), status=Status.SUBMITTED, **extra):
        defaults = {
            "title": "CAD calls 2011",
            "records_requested": "Every 911 call for service in 2011.",
            "period_start": date(2011, 1, 1),
            "period_end": date(2011, 12, 31),
            "fields_wanted": ["event_number", "timestamp", "address", "report_number"],
            "detail_level_wanted": "Individual record",
            "format_wanted": "csv_or_excel",
            "date_received": date(2024, 1, 2),
            # Public: the availability tiers and stage links count public requests only.
            "is_public": True,
        }
        defaults.update(extra)
        request = FoiaRequest.objects.create(
            agency=agency, requester=staff_user, status=status, **defaults
        )
        request.stages.set(Stage.objects.filter(code__in=stages))
        return request

    return make


@pytest.fixture
def ingest(django_capture_on_commit_callbacks):
    """Store a file as received for a request and audit it in-process; returns its first
    table."""

    def store(name: str, content: bytes, *, request=None, agency=None, stage=None):
        stage_row = Stage.objects.get(code=stage) if stage else None
        with django_capture_on_commit_callbacks(execute=True):
            received, _created = received_file_create(
                chunks=[content],
                original_name=name,
                request=request,
                agency=agency,
                stage=stage_row,
            )
        table = received.tables.order_by("position").first()
        table.refresh_from_db()
        return table

    return store


@pytest.fixture
def attachment():
    return SimpleUploadedFile("denial-letter.txt", b"We withhold addresses under 7(1)(c).\n")
