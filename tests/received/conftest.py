"""Fixtures for received-file tests: small agency-like files and an upload helper.

The files imitate real published schemas (named on each) and are synthetic.
"""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from foiatrack.received.models import ReceivedFile


def seattle_fire_911_csv(rows: int = 40, *, start_day: int = 1) -> bytes:
    """Record-level 911 calls shaped like Seattle Fire's "Real Time 911" export
    (Address, Type, Datetime, Latitude, Longitude, Report Location, Incident Number)."""
    lines = ["Address,Type,Datetime,Latitude,Longitude,Report Location,Incident Number"]
    for index in range(rows):
        day = start_day + index % 28
        lines.append(
            f"{100 + index} 5th Ave,Aid Response,2021-03-{day:02d} 1{index % 10}:04:00,"
            f"47.6{index % 10:02d},-122.3{index % 7:02d},"
            f"POINT (-122.3{index % 7:02d} 47.6{index % 10:02d}),F21{index:06d}"
        )
    return ("\n".join(lines) + "\n").encode()


def chicago_calls_aggregate_csv() -> bytes:
    """Calls for service counted by district × event type × year, shaped like the table the
    Chicago Justice Project obtained by FOIA (no record IDs, no addresses)."""
    lines = ["District,Event Type,Year,Count"]
    for year in (2008, 2009, 2010, 2011):
        for district in (1, 2, 3):
            for event_type in ("DISTURBANCE", "THEFT", "ALARM"):
                lines.append(f"{district},{event_type},{year},{district * 100 + year % 100}")
    return ("\n".join(lines) + "\n").encode()


def zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


# The first bytes of a PNG image, then binary noise: a file that is not a table.
BINARY_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8


@pytest.fixture
def upload(client, django_capture_on_commit_callbacks):
    """Post a file through the upload view, running the queued audits (eagerly) as the
    transaction commits, as they would in production."""

    def post(name: str, content: bytes, **fields):
        data = {"file": SimpleUploadedFile(name, content), **fields}
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("received:upload"), data)

    return post


def only_file() -> ReceivedFile:
    return ReceivedFile.objects.get()


@pytest.fixture
def stored_table(db):
    """A received file stored on disk with one queued table, made without the audit so
    tests of access and pages do not depend on it."""
    import hashlib

    from django.core.files.base import ContentFile

    from foiatrack.received.models import Table

    content = seattle_fire_911_csv(5)
    received = ReceivedFile(
        original_name="calls.csv",
        size_bytes=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        detected_format="csv",
    )
    received.stored_file.save("calls.csv", ContentFile(content), save=False)
    received.save()
    return Table.objects.create(
        received_file=received, name="calls.csv", source={"name": "calls.csv", "format": "csv"}
    )


@pytest.fixture
def chicago(db, staff_user):
    """Chicago, two of its agencies and a request to the 911 agency."""
    from types import SimpleNamespace

    from foiatrack.foia.models import Agency, FoiaRequest, Jurisdiction

    city = Jurisdiction.objects.create(name="Chicago", slug="chicago", level="city", law="il-foia")
    oemc = Agency.objects.create(name="OEMC", slug="oemc", jurisdiction=city)
    police = Agency.objects.create(name="Chicago Police", slug="cpd", jurisdiction=city)
    calls_request = FoiaRequest.objects.create(
        title="911 calls 2021",
        records_requested="All calls for service in 2021",
        agency=oemc,
        requester=staff_user,
    )
    return SimpleNamespace(city=city, oemc=oemc, police=police, calls_request=calls_request)
