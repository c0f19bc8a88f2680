"""Who may open which page: staff pages refuse anonymous visitors, plain users and data
admins; public pages serve everyone."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from foiatrack.foia import services
from foiatrack.foia.models import Status

STAFF_GET_PAGES = [
    ("foia:dashboard", lambda r: []),
    ("foia:request_list", lambda r: []),
    ("foia:request_export", lambda r: []),
    ("foia:request_create", lambda r: []),
    ("foia:request_detail", lambda r: [r.id]),
    ("foia:request_edit", lambda r: [r.id]),
    ("foia:letter", lambda r: [r.id, "initial"]),
]
STAFF_POST_PAGES = [
    ("foia:request_change_status", lambda r: [r.id]),
    ("foia:communication_create", lambda r: [r.id]),
    ("foia:request_fees", lambda r: [r.id]),
    ("foia:appeal_create", lambda r: [r.id]),
]
PUBLIC_PAGES = [
    ("foia:deadline_calculator", lambda r: []),
    ("foia:agency_list", lambda r: []),
    ("foia:agency_detail", lambda r: [r.agency.slug]),
    ("foia:public_request_list", lambda r: []),
]


@pytest.fixture
def foia_request(make_request):
    return make_request(received=timezone.localdate() - timedelta(days=3))


@pytest.mark.parametrize(("name", "args"), STAFF_GET_PAGES + STAFF_POST_PAGES)
def test_staff_page_sends_anonymous_visitors_to_login(client, foia_request, name, args):
    url = reverse(name, args=args(foia_request))

    response = client.post(url) if (name, args) in STAFF_POST_PAGES else client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("name", "args"), STAFF_GET_PAGES + STAFF_POST_PAGES)
@pytest.mark.parametrize("role", ["plain_user", "data_admin"])
def test_staff_page_refuses_other_roles(client, foia_request, name, args, role, request):
    client.force_login(request.getfixturevalue(role))
    url = reverse(name, args=args(foia_request))

    response = client.post(url) if (name, args) in STAFF_POST_PAGES else client.get(url)

    assert response.status_code == 403


@pytest.mark.parametrize(("name", "args"), STAFF_GET_PAGES)
def test_staff_page_opens_for_staff(staff_client, foia_request, name, args):
    response = staff_client.get(reverse(name, args=args(foia_request)))

    assert response.status_code == 200


@pytest.mark.parametrize(("name", "args"), STAFF_GET_PAGES)
def test_staff_page_opens_for_superusers(client, superuser, foia_request, name, args):
    client.force_login(superuser)

    # follow: /public/requests/ moved to /gaps/requests/ (a permanent redirect).
    assert client.get(reverse(name, args=args(foia_request)), follow=True).status_code == 200


@pytest.mark.parametrize(("name", "args"), STAFF_POST_PAGES)
def test_staff_form_with_missing_fields_is_a_400_for_staff(staff_client, foia_request, name, args):
    response = staff_client.post(reverse(name, args=args(foia_request)), {})

    assert response.status_code in (302, 400)


def test_appeal_decision_refuses_other_roles(client, plain_user, foia_request, staff_user):
    services.request_transition(request=foia_request, to_status=Status.REJECTED, user=staff_user)
    appeal = services.appeal_file(
        request=foia_request,
        user=staff_user,
        filed_with="Public Access Counselor",
        filed_on=timezone.localdate(),
    )
    url = reverse("foia:appeal_decide", args=[appeal.id])

    assert client.post(url).status_code == 302
    client.force_login(plain_user)
    assert client.post(url).status_code == 403


@pytest.mark.parametrize(("name", "args"), PUBLIC_PAGES)
def test_public_page_opens_for_anonymous_visitors(client, foia_request, name, args):
    # follow: /public/requests/ moved to /gaps/requests/ (a permanent redirect).
    assert client.get(reverse(name, args=args(foia_request)), follow=True).status_code == 200


def test_attachment_is_a_download_for_staff_only(client, staff_client, plain_user, foia_request):
    message = services.communication_log(
        request=foia_request,
        user=None,
        direction="in",
        date=timezone.localdate(),
        channel="email",
        subject="Records",
        attachment=SimpleUploadedFile("records.html", b"<script>alert(1)</script>"),
    )
    url = reverse("foia:communication_attachment", args=[foia_request.id, message.id])

    response = staff_client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["X-Content-Type-Options"] == "nosniff"
    client.logout()
    assert client.get(url).status_code == 302
    client.force_login(plain_user)
    assert client.get(url).status_code == 403
