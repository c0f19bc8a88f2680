"""Fixtures for API tests: clients per role (session and token), and a small world of
requests (public, private, embargoed, draft) and one audited table.

Everything is synthetic. The table imitates the City of Chicago "Arrests" export
(CB_NO, CASE NUMBER, ARREST DATE, CHARGE 1 DESCRIPTION); its case numbers carry the
marker JZ77 so a test can tell whether a sample value leaked.
"""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import TestCase
from django.utils import timezone
from rest_framework.test import APIClient

from foiatrack.core.tokens import api_token_create
from foiatrack.foia import services as foia_services
from foiatrack.foia.models import Agency, FoiaRequest, Jurisdiction, Status
from foiatrack.pipeline.services import coverage_recompute
from foiatrack.received.models import Table
from foiatrack.received.services import received_file_create

SAMPLE_MARKER = "JZ77"


@pytest.fixture(autouse=True)
def _fresh_anonymous_rate_limit():
    """Each test starts with an unused anonymous quota (the cache outlives tests)."""
    cache.delete("throttle_anon_127.0.0.1")
    yield
    cache.delete("throttle_anon_127.0.0.1")


def token_client(user) -> APIClient:
    """A client that authenticates as a script does: with the user's token."""
    client = APIClient()
    if user is not None:
        _, key = api_token_create(user=user, name="test client")
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.fixture
def clients(db, plain_user, staff_user, data_admin, superuser):
    """One token client per audience."""
    return {
        "anonymous": token_client(None),
        "plain": token_client(plain_user),
        "staff": token_client(staff_user),
        "data_admin": token_client(data_admin),
        "superuser": token_client(superuser),
    }


def arrests_csv(rows: int = 30) -> bytes:
    """Synthetic rows shaped like Chicago's published "Arrests" dataset."""
    lines = ["CB_NO,CASE NUMBER,ARREST DATE,CHARGE 1 DESCRIPTION"]
    for index in range(rows):
        lines.append(
            f"{29000000 + index},{SAMPLE_MARKER}{index:04d},"
            f"2021-03-{1 + index % 28:02d} 1{index % 10}:15:00,RETAIL THEFT"
        )
    return ("\n".join(lines) + "\n").encode()


@dataclass
class World:
    jurisdiction: Jurisdiction
    agency: Agency
    public_request: FoiaRequest
    private_request: FoiaRequest
    embargoed_request: FoiaRequest
    public_draft: FoiaRequest
    table: Table
    other_table: Table


def _request(owner, agency, title: str, **fields) -> FoiaRequest:
    return foia_services.request_create(
        requester=owner,
        data={"title": title, "agency": agency, "records_requested": "Every record.", **fields},
    )


@pytest.fixture
def world(db, stages, staff_user, data_admin) -> World:
    chicago = Jurisdiction.objects.create(
        name="City of Chicago", slug="chicago", level="city", law="il-foia", state="IL"
    )
    police = Agency.objects.create(
        name="Chicago Police Department", slug="chicago-police", jurisdiction=chicago
    )
    police.stages.set([stages["arrest"]])
    received = timezone.localdate() - timedelta(days=10)
    public = _request(staff_user, police, "Arrests 2021", date_received=received, is_public=True)
    private = _request(
        staff_user, police, "Secret arrests", date_received=received, private_notes="Source X"
    )
    embargoed = _request(
        staff_user,
        police,
        "Embargoed arrests",
        date_received=received,
        is_public=True,
        embargo_until=timezone.localdate() + timedelta(days=30),
    )
    draft = _request(staff_user, police, "Draft arrests", is_public=True)
    table = _audited_table(arrests_csv(), "arrests_2021.csv", data_admin, police, stages)
    other = _audited_table(arrests_csv(16), "arrests_2021_q1.csv", data_admin, police, stages)
    # The gap pages (and the public API) show what the coverage rebuild has placed.
    coverage_recompute()
    assert public.status == Status.SUBMITTED
    return World(chicago, police, public, private, embargoed, draft, table, other)


def _audited_table(content: bytes, name: str, uploader, agency, stages) -> Table:
    # The audit runs in-process as the upload commits, as it would on a worker.
    with TestCase.captureOnCommitCallbacks(execute=True):
        file, _ = received_file_create(
            chunks=[content],
            original_name=name,
            uploaded_by=uploader,
            agency=agency,
            stage=stages["arrest"],
        )
    table = file.tables.get()
    table.refresh_from_db()
    assert table.status == Table.Status.DONE, table.error_message
    return table
