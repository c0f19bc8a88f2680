"""Every issue-9 view × anonymous, plain user, data admin and staff."""

import pytest
from django.urls import reverse

from foiatrack.foia.models import TrackingNumber

STAFF_GETS = [
    ("pipeline:asked_vs_received", lambda w: [w["request"].id]),
    ("pipeline:asked_vs_received_csv", lambda w: [w["request"].id]),
    ("pipeline:evidence_bundle", lambda w: [w["request"].id]),
]
STAFF_POSTS = [
    ("pipeline:confirm_outcome", lambda w: [w["request"].id], {"outcome": "fulfilled"}),
    (
        "foia:exemption_create",
        lambda w: [w["request"].id],
        {"section": "5 ILCS 140/7(1)(c)", "text": "Privacy."},
    ),
    ("foia:fields_not_held", lambda w: [w["request"].id], {"fields": ["address"]}),
    (
        "foia:tracking_number_create",
        lambda w: [w["request"].id],
        {"number": "P2", "status": "submitted"},
    ),
    ("foia:tracking_number_status", lambda w: [w["tracking"].id], {"status": "fulfilled"}),
]
PUBLIC_GETS = [
    ("pipeline:availability", lambda w: []),
    ("pipeline:availability_download", lambda w: ["csv"]),
    ("pipeline:availability_download", lambda w: ["json"]),
    ("pipeline:stage_links_download", lambda w: ["json"]),
    ("pipeline:availability_jurisdiction", lambda w: ["chicago"]),
    ("pipeline:availability_jurisdiction_download", lambda w: ["chicago", "stage-links", "csv"]),
    ("pipeline:catalogue", lambda w: []),
    ("pipeline:catalogue_download", lambda w: ["csv"]),
    ("pipeline:catalogue_download", lambda w: ["json"]),
]


@pytest.fixture
def world(oemc, make_request):
    # No file: permissions do not depend on one, and the audit would only slow 70 tests.
    request = make_request(oemc)
    tracking = TrackingNumber.objects.create(request=request, number="P1")
    return {"request": request, "tracking": tracking}


@pytest.fixture
def as_user(client, plain_user, data_admin, staff_user):
    users = {"plain": plain_user, "data_admin": data_admin, "staff": staff_user}

    def login(role: str):
        if role != "anonymous":
            client.force_login(users[role])
        return client

    return login


def _call(client, method: str, url: str, data: dict | None):
    return client.post(url, data or {}) if method == "post" else client.get(url)


STAFF_CASES = [("get", name, args, None) for name, args in STAFF_GETS] + [
    ("post", name, args, data) for name, args, data in STAFF_POSTS
]


@pytest.mark.parametrize(("method", "name", "args", "data"), STAFF_CASES)
def test_staff_views_send_anonymous_visitors_to_login(world, as_user, method, name, args, data):
    response = _call(as_user("anonymous"), method, reverse(name, args=args(world)), data)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", ["plain", "data_admin"])
@pytest.mark.parametrize(("method", "name", "args", "data"), STAFF_CASES)
def test_staff_views_refuse_other_roles(world, as_user, role, method, name, args, data):
    response = _call(as_user(role), method, reverse(name, args=args(world)), data)

    assert response.status_code == 403


@pytest.mark.parametrize(("method", "name", "args", "data"), STAFF_CASES)
def test_staff_views_serve_staff(world, as_user, method, name, args, data):
    response = _call(as_user("staff"), method, reverse(name, args=args(world)), data)

    assert response.status_code == (302 if method == "post" else 200)


@pytest.mark.parametrize("role", ["anonymous", "plain", "data_admin", "staff"])
@pytest.mark.parametrize(("name", "args"), PUBLIC_GETS)
def test_public_views_serve_everyone(world, as_user, role, name, args):
    response = as_user(role).get(reverse(name, args=args(world)))

    assert response.status_code == 200


def test_unknown_download_format_and_table_are_not_found(client, world):
    assert client.get(reverse("pipeline:catalogue_download", args=["xml"])).status_code == 404
    url = reverse("pipeline:availability_jurisdiction_download", args=["chicago", "secrets", "csv"])
    assert client.get(url).status_code == 404


def test_asked_page_for_a_missing_request_is_not_found(as_user, world):
    response = as_user("staff").get(reverse("pipeline:asked_vs_received", args=[999999]))

    assert response.status_code == 404
