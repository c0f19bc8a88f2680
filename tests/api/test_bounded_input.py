"""JSON bodies too deep or too large answer 400 in the API's error shape, on every endpoint.

The red team's 10 KB body nested 5,000 deep gave a 500 (RecursionError) on every JSON
endpoint, logged with a traceback each time, no login needed. Bodies here are synthetic.
"""

import json
import re
from datetime import date

import pytest
from django.contrib.auth.models import Group
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from foiatrack.api.parsers import MAX_JSON_DEPTH, json_depth
from foiatrack.core.roles import DATA_ADMIN_GROUP, STAFF_GROUP
from foiatrack.foia.models import Appeal, TrackingNumber

WRITE_METHODS = ("post", "put", "patch")


def _json_operations() -> list[tuple[str, str]]:
    """Every (method, path template) whose documented body may be JSON."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    found = []
    for path, item in schema["paths"].items():
        for method in WRITE_METHODS:
            body = item.get(method, {}).get("requestBody", {})
            if "application/json" in body.get("content", {}):
                found.append((method, path))
    return found


JSON_OPERATIONS = _json_operations()


def _real_path(template: str, world) -> str:
    """The path with ids that exist, so each view gets as far as reading its body."""
    appeal = Appeal.objects.create(
        request=world.public_request, filed_with="Synthetic review body", filed_on=date.today()
    )
    tracking = TrackingNumber.objects.create(request=world.public_request, number="T-1")
    ids = {
        "slug": world.agency.slug,
        "request_id": world.public_request.id,
        "table_id": world.table.id,
        "file_id": world.table.received_file_id,
        "appeal_id": appeal.id,
        "tracking_id": tracking.id,
        "run_id": 1,
    }
    return re.sub(r"\{(\w+)\}", lambda match: str(ids.get(match.group(1), 1)), template)


def _nested(depth: int) -> bytes:
    return ("[" * depth + "]" * depth).encode()


@pytest.fixture
def both_roles_client(db, django_user_model):
    user = django_user_model.objects.create_user("scripter", password="correct horse battery")
    for name in (STAFF_GROUP, DATA_ADMIN_GROUP):
        user.groups.add(Group.objects.get_or_create(name=name)[0])
    client = APIClient(raise_request_exception=False)
    client.force_login(user)
    return client


def _send(client, method: str, path: str, body: bytes):
    return getattr(client, method)(path, data=body, content_type="application/json")


def _assert_refused(response, code: str) -> None:
    assert response.status_code == 400, (response.status_code, response.content[:300])
    error = response.json()["error"]
    assert error["status"] == 400
    assert error["code"] == code
    assert error["message"]


def test_it_found_the_json_endpoints():
    assert len(JSON_OPERATIONS) >= 8
    assert ("post", "/api/v1/auth/token/") in JSON_OPERATIONS


@pytest.mark.parametrize(("method", "template"), JSON_OPERATIONS)
def test_a_body_nested_5000_deep_is_a_400_for_a_logged_in_client(
    world, both_roles_client, method, template
):
    response = _send(both_roles_client, method, _real_path(template, world), _nested(5000))

    _assert_refused(response, "body_too_deep")


@pytest.mark.parametrize(("method", "template"), JSON_OPERATIONS)
def test_a_body_nested_5000_deep_is_never_a_500_anonymously(world, method, template):
    client = APIClient(raise_request_exception=False)

    response = _send(client, method, _real_path(template, world), _nested(5000))

    assert response.status_code in (400, 401, 403), response.status_code
    assert response.json()["error"]["status"] == response.status_code


@pytest.mark.parametrize(("method", "template"), JSON_OPERATIONS)
def test_a_body_over_the_size_limit_is_a_400(world, both_roles_client, settings, method, template):
    settings.API_MAX_JSON_BYTES = 1024
    body = json.dumps({"notes": "x" * 2000}).encode()

    response = _send(both_roles_client, method, _real_path(template, world), body)

    _assert_refused(response, "body_too_large")


def test_the_token_endpoint_refuses_a_deep_body_without_a_login(world):
    client = APIClient(raise_request_exception=False)

    response = _send(client, "post", "/api/v1/auth/token/", _nested(5000))

    _assert_refused(response, "body_too_deep")


def test_a_body_at_the_depth_limit_is_parsed(world):
    client = APIClient(raise_request_exception=False)
    inner = "[" * (MAX_JSON_DEPTH - 1) + "]" * (MAX_JSON_DEPTH - 1)
    body = ('{"username": ' + inner + "}").encode()

    response = _send(client, "post", "/api/v1/auth/token/", body)

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"  # parsed, then refused as a field


# --- Fuzz: the depth scan agrees with a parser on any JSON, and the endpoint never 500s ---

JSON_TEXT = st.text(alphabet=st.sampled_from('ab"\\[]{}:,é\n\u2028'), max_size=8)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | JSON_TEXT,
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(JSON_TEXT, children, max_size=3),
    max_leaves=60,
)


def _reference_depth(value) -> int:
    if isinstance(value, list):
        return 1 + max((_reference_depth(item) for item in value), default=0)
    if isinstance(value, dict):
        return 1 + max((_reference_depth(item) for item in value.values()), default=0)
    return 0


@settings(max_examples=300, derandomize=True, database=None, deadline=None)
@given(value=JSON_VALUES, ensure_ascii=st.booleans())
def test_the_depth_scan_agrees_with_a_real_parse(value, ensure_ascii):
    text = json.dumps(value, ensure_ascii=ensure_ascii)

    assert json_depth(text) == _reference_depth(json.loads(text))


@settings(
    max_examples=40,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
@given(depth=st.integers(min_value=1, max_value=20_000), padding=st.integers(0, 100_000))
def test_any_depth_and_size_is_answered_without_a_500(db, depth, padding):
    body = b" " * padding + _nested(depth)
    client = APIClient(raise_request_exception=False)

    response = _send(client, "post", "/api/v1/auth/token/", body)

    assert response.status_code == 400
    code = response.json()["error"]["code"]
    if len(body) > 64 * 1024:
        assert code == "body_too_large"
    elif depth > MAX_JSON_DEPTH:
        assert code == "body_too_deep"
    else:
        assert code == "invalid"
