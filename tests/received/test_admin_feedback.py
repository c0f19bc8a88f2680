"""Data-admin feedback that tells the truth (issue 20): an in-process audit is reported as
done with its time, the role picker is grouped and shows sample values, and the upload
form fills agency and stage from the request. Uses the real Seattle 911 file."""

import csv
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from foiatrack.audit.vocabulary import ROLE_GROUPS, ROLES
from foiatrack.foia.models import Agency, FoiaRequest, Jurisdiction
from foiatrack.received.models import ReceivedFile, Table
from tests.conftest import REPO_ROOT, require

SEATTLE = REPO_ROOT.parent / "shared" / "realdata" / "files" / "seattle_911_calls_2016-03.csv"


@pytest.fixture
def seattle_bytes():
    require(SEATTLE.exists(), f"{SEATTLE.name} is not available")
    return SEATTLE.read_bytes()


@pytest.fixture
def seattle_request(db, data_admin, stages):
    seattle = Jurisdiction.objects.create(
        name="Seattle", slug="seattle", level="city", law="wa-pra", state="WA"
    )
    agency = Agency.objects.create(name="Seattle Fire Department", slug="sfd", jurisdiction=seattle)
    request = FoiaRequest.objects.create(
        title="911 calls, March 2016",
        agency=agency,
        requester=data_admin,
        records_requested="All calls.",
        date_received=date(2016, 4, 1),
    )
    request.stages.set([stages["call"]])
    return request


@pytest.mark.django_db(transaction=True)
def test_an_in_process_audit_is_reported_done_with_its_time_never_queued(
    data_admin_client, seattle_bytes
):
    # A real commit (no test transaction around it): the in-process audit runs when the
    # upload commits, as in the default set-up, before the page reports on it.
    response = data_admin_client.post(
        reverse("received:upload"), {"file": SimpleUploadedFile("seattle.csv", seattle_bytes)}
    )

    page = data_admin_client.get(response["Location"])
    text = page.content.decode()
    assert "queued" not in text.lower()
    table = Table.objects.get()
    assert table.status == Table.Status.DONE
    assert "1 table(s) audited in " in text and "audited in " in text


def test_the_upload_form_fills_agency_and_stage_from_the_request(
    data_admin_client, upload, seattle_bytes, seattle_request, stages
):
    upload("seattle.csv", seattle_bytes, request=seattle_request.id)

    received = ReceivedFile.objects.get()
    assert received.agency == seattle_request.agency
    assert received.stage == stages["call"]


def test_the_upload_form_opens_with_the_request_chosen(data_admin_client, seattle_request):
    response = data_admin_client.get(reverse("received:upload"), {"request": seattle_request.id})

    assert response.context["form"]["request"].value() == seattle_request.id


def test_every_role_is_offered_once_in_a_group():
    grouped = [code for codes in ROLE_GROUPS.values() for code in codes]

    assert sorted(grouped) == sorted(ROLES)


def test_the_role_picker_groups_roles_and_shows_sample_values(
    data_admin_client, upload, seattle_bytes
):
    upload("seattle.csv", seattle_bytes)
    table = Table.objects.get()
    with SEATTLE.open(newline="", encoding="utf-8", errors="replace") as handle:
        rows = list(csv.reader(handle))
    header, first = rows[0], rows[1]
    # A value of the first data row, read with csv here, not by the audit.
    column = next(i for i, value in enumerate(first) if value.strip())

    response = data_admin_client.get(reverse("received:table_roles", args=[table.id]))

    html = response.content.decode()
    assert html.count("<optgroup") >= len(ROLE_GROUPS)
    assert 'label="Identifiers"' in html
    profile = table.columns.get(name=header[column].strip())
    samples = html.split(f'id="samples-{profile.position}"', 1)[1].split("</td>", 1)[0]
    assert any(str(example)[:20] in samples for example in profile.examples[:4])
    assert profile.examples, "the audit kept no sample values"


def test_the_role_picker_is_for_data_admins_only(staff_client, upload, stored_table):
    response = staff_client.get(reverse("received:table_roles", args=[stored_table.id]))

    assert response.status_code in (302, 403)
