"""Schemathesis against the live schema, in-process through the WSGI app.

Every operation gets a bounded number of generated requests, valid and invalid, sent with
the token of a user who is both staff and data admin so that the protected endpoints run
their handlers, not just their permission checks. No answer may be a 5xx, and every answer
must match the schema: a documented status, content type, headers and body.
Generation is derandomized so CI sees the same cases each run.
"""

import pytest
import schemathesis
from django.contrib.auth.models import Group
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from foiatrack.core.roles import DATA_ADMIN_GROUP, STAFF_GROUP
from foiatrack.core.tokens import api_token_create
from foiatrack.wsgi import application

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
EXAMPLES_PER_MODE = 8


@pytest.fixture
def keep_test_connection():
    """The WSGI app closes the database connection after each request, as in production;
    inside the test's transaction that would break it on PostgreSQL. Django's own test
    client detaches the same handlers for the same reason."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def both_roles_token(world, django_user_model) -> str:
    user = django_user_model.objects.create_user("scripter", password="correct horse battery")
    for name in (STAFF_GROUP, DATA_ADMIN_GROUP):
        user.groups.add(Group.objects.get_or_create(name=name)[0])
    return api_token_create(user=user, name="schemathesis")[1]


def _real_ids(world) -> tuple[dict, dict]:
    """Values that exist, for path parameters and references in bodies. Random ones would
    be answered 404 or 400 before a handler did anything worth checking."""
    path = {
        "slug": world.agency.slug,
        "request_id": world.public_request.id,
        "table_id": world.table.id,
        "file_id": world.table.received_file_id,
        "run_id": None,
    }
    body = {
        "agency": world.agency.slug,
        "stage": "arrest",
        "stages": ["arrest"],
        "left_table": world.table.id,
        "right_table": world.other_table.id,
    }
    return path, body


def _point_at_real_objects(case, real: tuple[dict, dict]) -> None:
    path, body = real
    for name in case.path_parameters or {}:
        if path.get(name) is not None:
            case.path_parameters[name] = path[name]
    if isinstance(case.body, dict):
        for name in set(case.body) & set(body):
            case.body[name] = body[name]
        for name in {"tags", "projects", "request"} & set(case.body):
            del case.body[name]  # none exist to refer to


def _run_operation(operation, mode: GenerationMode, headers: dict, real) -> None:
    @settings(
        max_examples=EXAMPLES_PER_MODE,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def check(case):
        if mode == GenerationMode.POSITIVE:
            _point_at_real_objects(case, real)
        case.call_and_validate(headers=headers, checks=CHECKS)

    check()


def test_no_generated_request_gets_a_5xx_or_an_answer_outside_the_schema(
    world, both_roles_token, keep_test_connection
):
    schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
    headers = {"Authorization": f"Token {both_roles_token}"}
    failures = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                _run_operation(operation, mode, headers, _real_ids(world))
            except Unsatisfiable:
                continue  # nothing to make invalid (no parameters, or only a free slug)
            except Exception as error:  # collected so one run reports every operation
                failures.append(f"{operation.label} [{mode.value}]: {error}")
    assert operations >= 20
    assert not failures, "\n\n".join(failures)
