"""The permission matrix: every endpoint and method × anonymous, plain user, staff, data
admin and superuser, with the status each must get, and no private data leaking out."""

import itertools

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from foiatrack.foia import services as foia_services
from foiatrack.foia.models import FoiaRequest, Status
from foiatrack.pipeline import services as pipeline_services
from tests.api.conftest import SAMPLE_MARKER, arrests_csv
from tests.mail.factories import AGENCY_ADDRESS, MAIL_DOMAIN, acknowledgement_on, triage_message

ROLES = ("anonymous", "plain", "staff", "data_admin", "superuser")
PUBLIC = dict.fromkeys(ROLES, "ok")
STAFF = {"anonymous": 401, "plain": 403, "staff": "ok", "data_admin": 403, "superuser": "ok"}
ADMIN = {"anonymous": 401, "plain": 403, "staff": 403, "data_admin": "ok", "superuser": "ok"}
# Text that only staff (requests) or data admins (sample values) may ever see.
PRIVATE_TEXT = ("Secret arrests", "Embargoed arrests", "Draft arrests", "Source X", SAMPLE_MARKER)

_uploads = itertools.count()


def _fresh_submitted_request(world):
    request = foia_services.request_create(
        requester=world.public_request.requester,
        data={
            "title": "Transition target",
            "agency": world.agency,
            "records_requested": "Every record.",
            "date_received": timezone.localdate(),
        },
    )
    return request.id


def _fresh_rejected_request(world):
    request_id = _fresh_submitted_request(world)
    foia_services.request_transition(
        request=FoiaRequest.objects.get(id=request_id),
        to_status=Status.REJECTED,
        user=world.public_request.requester,
    )
    return request_id


def _fresh_appeal(world):
    appeal = foia_services.appeal_file(
        request=FoiaRequest.objects.get(id=_fresh_rejected_request(world)),
        user=world.public_request.requester,
        filed_with="Public Access Counselor",
        filed_on=timezone.localdate(),
    )
    return appeal.id


def _tracking_number(world):
    tracking = foia_services.tracking_number_add(
        request=world.private_request, number=f"T-{next(_uploads)}"
    )
    return {"request_id": world.private_request.id, "tracking_id": tracking.id}


def _fresh_draft_with_an_agency_address(world):
    world.agency.__class__.objects.filter(id=world.agency.id).update(email=AGENCY_ADDRESS)
    request = foia_services.request_create(
        requester=world.public_request.requester,
        data={"title": "To send", "agency": world.agency, "records_requested": "All."},
    )
    return {"request_id": request.id}


@pytest.fixture(autouse=True)
def _mail_domain(settings):
    settings.FOIA_MAIL_DOMAIN = MAIL_DOMAIN


def _link_run(world):
    return pipeline_services.link_run_create(
        left_table=world.table, right_table=world.other_table
    ).id


def _reconciliation(world):
    from foiatrack.pipeline.reconciliation import reconciliation_create

    return reconciliation_create(aggregate_table=world.table, records_table=world.other_table).id


def _comparison(world):
    from foiatrack.pipeline.reconciliation import comparison_create

    return comparison_create(old_table=world.table, new_table=world.other_table).id


def _upload_body(world):
    # Distinct bytes per call: the same bytes twice are answered 200, not 201.
    content = arrests_csv(rows=40 + next(_uploads))
    return {"file": SimpleUploadedFile("arrests.csv", content), "agency": world.agency.slug}


# (method, path template, audience, expected success status, url kwargs, body, format)
ENDPOINTS = [
    ("get", "/api/v1/jurisdictions/", PUBLIC, 200, None, None),
    ("get", "/api/v1/jurisdictions/{slug}/", PUBLIC, 200, lambda w: {"slug": "chicago"}, None),
    ("get", "/api/v1/agencies/", PUBLIC, 200, None, None),
    ("get", "/api/v1/agencies/{slug}/", PUBLIC, 200, lambda w: {"slug": w.agency.slug}, None),
    ("get", "/api/v1/public/requests/", PUBLIC, 200, None, None),
    (
        "get",
        "/api/v1/public/requests/{request_id}/",
        PUBLIC,
        200,
        lambda w: {"request_id": w.public_request.id},
        None,
    ),
    ("get", "/api/v1/datasets/", PUBLIC, 200, None, None),
    ("get", "/api/v1/datasets/{table_id}/", PUBLIC, 200, lambda w: {"table_id": w.table.id}, None),
    ("get", "/api/v1/coverage/", PUBLIC, 200, None, None),
    ("get", "/api/v1/funnel/", PUBLIC, 200, None, None),
    (
        "post",
        "/api/v1/auth/token/",
        PUBLIC,
        200,
        None,
        lambda w: {"username": "staffer", "password": "correct horse battery"},
    ),
    ("get", "/api/v1/requests/", STAFF, 200, None, None),
    (
        "post",
        "/api/v1/requests/",
        STAFF,
        201,
        None,
        lambda w: {"title": "New", "agency": w.agency.slug, "records_requested": "All."},
    ),
    (
        "get",
        "/api/v1/requests/{request_id}/",
        STAFF,
        200,
        lambda w: {"request_id": w.private_request.id},
        None,
    ),
    (
        "patch",
        "/api/v1/requests/{request_id}/",
        STAFF,
        200,
        lambda w: {"request_id": w.private_request.id},
        lambda w: {"tracking_number": "C-1"},
    ),
    (
        "post",
        "/api/v1/requests/{request_id}/status/",
        STAFF,
        201,
        lambda w: {"request_id": _fresh_submitted_request(w)},
        lambda w: {"to_status": "acknowledged"},
    ),
    (
        "get",
        "/api/v1/requests/{request_id}/communications/",
        STAFF,
        200,
        lambda w: {"request_id": w.private_request.id},
        None,
    ),
    (
        "post",
        "/api/v1/requests/{request_id}/communications/",
        STAFF,
        201,
        lambda w: {"request_id": w.private_request.id},
        lambda w: {"direction": "in", "date": str(timezone.localdate()), "subject": "Ack"},
    ),
    (
        "get",
        "/api/v1/requests/{request_id}/appeals/",
        STAFF,
        200,
        lambda w: {"request_id": w.private_request.id},
        None,
    ),
    (
        "post",
        "/api/v1/requests/{request_id}/appeals/",
        STAFF,
        201,
        lambda w: {"request_id": _fresh_rejected_request(w)},
        lambda w: {"filed_with": "Public Access Counselor", "filed_on": str(timezone.localdate())},
    ),
    (
        "post",
        "/api/v1/appeals/{appeal_id}/decision/",
        STAFF,
        200,
        lambda w: {"appeal_id": _fresh_appeal(w)},
        lambda w: {"outcome": "granted", "decided_on": str(timezone.localdate())},
    ),
    (
        "get",
        "/api/v1/requests/{request_id}/exemptions/",
        STAFF,
        200,
        lambda w: {"request_id": w.private_request.id},
        None,
    ),
    (
        "post",
        "/api/v1/requests/{request_id}/exemptions/",
        STAFF,
        201,
        lambda w: {"request_id": w.private_request.id},
        lambda w: {"section": "5 ILCS 140/7(1)(c)", "text": "Privacy.", "fields": ["address"]},
    ),
    (
        "get",
        "/api/v1/requests/{request_id}/tracking-numbers/",
        STAFF,
        200,
        lambda w: {"request_id": w.private_request.id},
        None,
    ),
    (
        "post",
        "/api/v1/requests/{request_id}/tracking-numbers/",
        STAFF,
        201,
        lambda w: {"request_id": w.private_request.id},
        lambda w: {"number": f"C-{next(_uploads)}"},
    ),
    (
        "patch",
        "/api/v1/requests/{request_id}/tracking-numbers/{tracking_id}/",
        STAFF,
        200,
        _tracking_number,
        lambda w: {"status": "acknowledged"},
    ),
    (
        "put",
        "/api/v1/requests/{request_id}/fields-not-held/",
        STAFF,
        200,
        lambda w: {"request_id": w.private_request.id},
        lambda w: {"fields": ["latitude_longitude"]},
    ),
    (
        "post",
        "/api/v1/requests/{request_id}/send/",
        STAFF,
        201,
        _fresh_draft_with_an_agency_address,
        lambda w: {"kind": "initial"},
    ),
    ("get", "/api/v1/mail/messages/", STAFF, 200, None, None),
    (
        "post",
        "/api/v1/mail/messages/{message_id}/assign/",
        STAFF,
        200,
        lambda w: {"message_id": triage_message().id},
        lambda w: {"request": w.private_request.id},
    ),
    (
        "post",
        "/api/v1/mail/messages/{message_id}/confirm/",
        STAFF,
        200,
        lambda w: {
            "message_id": acknowledgement_on(
                FoiaRequest.objects.get(id=_fresh_submitted_request(w))
            ).id
        },
        None,
    ),
    ("get", "/api/v1/files/", ADMIN, 200, None, None),
    ("post", "/api/v1/files/", ADMIN, 201, None, _upload_body),
    (
        "get",
        "/api/v1/files/{file_id}/",
        ADMIN,
        200,
        lambda w: {"file_id": w.table.received_file_id},
        None,
    ),
    ("get", "/api/v1/tables/", ADMIN, 200, None, None),
    ("get", "/api/v1/tables/{table_id}/", ADMIN, 200, lambda w: {"table_id": w.table.id}, None),
    (
        "get",
        "/api/v1/tables/{table_id}/status/",
        ADMIN,
        200,
        lambda w: {"table_id": w.table.id},
        None,
    ),
    (
        "post",
        "/api/v1/tables/{table_id}/roles/",
        ADMIN,
        202,
        lambda w: {"table_id": w.table.id},
        lambda w: {"roles": {"CASE NUMBER": "case_number"}},
    ),
    ("get", "/api/v1/link-runs/", ADMIN, 200, None, None),
    (
        "post",
        "/api/v1/link-runs/",
        ADMIN,
        201,
        None,
        lambda w: {"left_table": w.table.id, "right_table": w.other_table.id},
    ),
    (
        "get",
        "/api/v1/link-runs/{run_id}/",
        ADMIN,
        200,
        lambda w: {"run_id": _link_run(w)},
        None,
    ),
    # Issue 19: reconciliation and delivery comparison.
    (
        "get",
        "/api/v1/datasets/{table_id}/reconciliation/",
        PUBLIC,
        200,
        lambda w: {"table_id": w.table.id},
        None,
    ),
    (
        "get",
        "/api/v1/datasets/{table_id}/changes/",
        PUBLIC,
        200,
        lambda w: {"table_id": w.table.id},
        None,
    ),
    ("get", "/api/v1/reconciliations/", ADMIN, 200, None, None),
    (
        "post",
        "/api/v1/reconciliations/",
        ADMIN,
        201,
        None,
        lambda w: {"aggregate_table": w.table.id, "records_table": w.other_table.id},
    ),
    (
        "get",
        "/api/v1/reconciliations/{run_id}/",
        ADMIN,
        200,
        lambda w: {"run_id": _reconciliation(w)},
        None,
    ),
    ("get", "/api/v1/delivery-comparisons/", ADMIN, 200, None, None),
    (
        "post",
        "/api/v1/delivery-comparisons/",
        ADMIN,
        201,
        None,
        lambda w: {"old_table": w.table.id, "new_table": w.other_table.id},
    ),
    (
        "get",
        "/api/v1/delivery-comparisons/{run_id}/",
        ADMIN,
        200,
        lambda w: {"run_id": _comparison(w)},
        None,
    ),
]


def _call(client, method, template, kwargs, body):
    url = template.format(**(kwargs or {}))
    if body is None:
        return getattr(client, method)(url)
    multipart = any(isinstance(value, SimpleUploadedFile) for value in body.values())
    return getattr(client, method)(url, body, format="multipart" if multipart else "json")


@pytest.mark.parametrize(
    ("method", "template", "audience", "success", "kwargs", "body"),
    ENDPOINTS,
    ids=[f"{e[0].upper()} {e[1]}" for e in ENDPOINTS],
)
def test_each_role_gets_the_expected_status_and_sees_nothing_private(
    world, clients, method, template, audience, success, kwargs, body
):
    for role in ROLES:
        response = _call(
            clients[role],
            method,
            template,
            kwargs(world) if kwargs else None,
            body(world) if body else None,
        )
        expected = success if audience[role] == "ok" else audience[role]
        assert response.status_code == expected, (role, response.content[:500])
        if expected >= 400:
            assert response.json()["error"]["status"] == expected
        if role in ("anonymous", "plain") or audience is PUBLIC:
            text = response.content.decode()
            leaked = [secret for secret in PRIVATE_TEXT if secret in text]
            assert not leaked, (role, leaked)


def _schema_operations(client) -> set[tuple[str, str]]:
    schema = yaml.safe_load(client.get("/api/schema/").content)
    return {
        (method, path)
        for path, operations in schema["paths"].items()
        for method in operations
        if method in ("get", "post", "put", "patch", "delete")
    }


def test_the_matrix_covers_every_operation_in_the_schema(db, client):
    assert _schema_operations(client) == {(e[0], e[1]) for e in ENDPOINTS}


def test_undocumented_methods_answer_405_with_the_error_body(world, clients, client):
    documented = _schema_operations(client)
    kwargs_for = {e[1]: e[4] for e in ENDPOINTS}
    superuser = clients["superuser"]
    for path in {path for _, path in documented}:
        kwargs = kwargs_for[path](world) if kwargs_for[path] else {}
        for method in ("get", "post", "put", "patch", "delete"):
            if (method, path) in documented:
                continue
            response = getattr(superuser, method)(path.format(**kwargs))
            assert response.status_code == 405, (method, path, response.content[:300])
            assert response.json()["error"]["code"] == "method_not_allowed"


def test_session_login_works_like_a_token(world, client, staff_user):
    client.force_login(staff_user)
    assert client.get("/api/v1/requests/").status_code == 200
    assert client.get("/api/v1/files/").status_code == 403


def test_a_wrong_token_is_refused_with_401(world):
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = client.get("/api/v1/agencies/")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "authentication_failed"
