"""Hostile paths, query strings and form fields on every URL: a clear 4xx or a normal
answer, never a 500.

Asked anonymously (the public code paths) and as a superuser (who passes every role
check, so every view's own code runs); the other audiences are refused at the same gates
the permission matrix covers.

The values are what crawlers, fuzzers and copy-paste accidents send: huge and negative
numbers, malformed dates, script, traversal, NUL bytes, very long text.
"""

import pytest

from tests.security.conftest import SCRIPT, all_routes, build_path, demo_path, ids_for_demo

AUDIENCES = ("anonymous", "superuser")
# Values for path converters: int converters only match digits, slug and str anything else.
HOSTILE_PATH_VALUES = {
    "int": ["0", "99999999", "9" * 30],
    "slug": ["-", "a" * 300, "..", "x-" + "9" * 40],
    "str": ["csv", "json", "xlsx", "exe", "..%2F..%2Fetc%2Fpasswd", "a" * 300],
    "path": ["1", "../../etc/passwd", "%00"],
}
# Sent to every URL as query strings: the parameter names the project's filters and
# forms use, with values of the wrong type, range or format.
HOSTILE_QUERY = [
    {
        "page": "-1",
        "status": SCRIPT,
        "stage": "'; DROP TABLE x;--",
        "agency": "abc",
        "jurisdiction": "../x",
        "received": "2026-13-45",
        "law": "nonexistent",
        "extended": "maybe",
        "covers_from": "yesterday",
        "covers_until": "0000-00-00",
        "ordering": "-password",
        "format": "xml",
        "date_received_after": "2026-02-30",
        "request": "1.5",
        "year": "20x1",
    },
    {
        "page": "9" * 30,
        "q": "\x00",
        "received": "99999-01-01",
        "law": "il-foia",
        "commercial": "1",
        "extended": "1",
        "granularity": "x" * 5000,
        "limit": "-5",
        "offset": "1e309",
        "date_due_before": "2026/01/01",
        "tag": "99999999999",
        "table": "NaN",
        "period": "2011-Q5",
        "agency": "9" * 30,
        "stage": "9" * 30,
    },
]
# Posted to every URL: oversized, malformed and mistyped form fields.
HOSTILE_FORM = {
    "title": "T" * 100_000,
    "records_requested": SCRIPT * 100,
    "agency": "not-a-number",
    "request": "-1",
    "stage": "nonexistent",
    "status": "<b>done</b>",
    "date_received": "31/02/2026",
    "date_due": "2026-02-30",
    "period_start": "9999999-01-01",
    "period_end": "yesterday",
    "fees_quoted": "1e400",
    "fees_paid": "-0",
    "amount": "NaN",
    "notes": "N" * 20_000,
    "username": "a" * 10_000,
    "password": "p" * 10_000,
    "file": "not a file",
    "kind": "../../etc/passwd",
    "outcome": "\x00",
    "tracking_number": "X" * 1000,
    "role_0": "not-a-role",
    "left_table": "0",
    "right_table": "99999999999999999999",
}


def _hostile_paths(route):
    """The route with each converter in turn given each hostile value (others valid)."""
    ids = ids_for_demo()
    base = {name: demo_path_value(route, name, ids) for name, _type in route.converters}
    for name, converter in route.converters:
        for value in HOSTILE_PATH_VALUES.get(converter, HOSTILE_PATH_VALUES["str"]):
            yield build_path(route, {**base, name: value})


def demo_path_value(route, name: str, ids: dict) -> str:
    if name == "slug":
        return ids["agency_slug" if "agenc" in route.name else "jurisdiction_slug"]
    return ids.get(name, "1")


def _routes():
    return [
        route
        for route in all_routes()
        if route.name
        and route.name != "logout"
        and not route.name.startswith("admin:")  # Django's own, tested by Django
    ]


def _server_errors(client, method: str, paths, **kwargs) -> list[str]:
    errors = []
    for path in paths:
        try:
            status = getattr(client, method)(path, **kwargs).status_code
        except Exception as error:  # the test client re-raises what would be a 500
            status = f"500 {type(error).__name__}: {error!s:.100}"
        if str(status).startswith("5"):
            errors.append(f"{method.upper()} {path} {kwargs.get('data', '')!s:.80} → {status}")
    return errors


@pytest.mark.parametrize("role", AUDIENCES)
def test_hostile_path_values_never_cause_a_server_error(demo, clients, role):
    errors = []
    for route in _routes():
        errors += _server_errors(clients[role], "get", _hostile_paths(route))
    assert errors == [], "\n".join(errors)


@pytest.mark.parametrize("role", AUDIENCES)
def test_hostile_query_strings_never_cause_a_server_error(demo, clients, role):
    ids = ids_for_demo()
    errors = []
    for route in _routes():
        path = demo_path(route, ids)
        for query in HOSTILE_QUERY:
            errors += _server_errors(clients[role], "get", [path], data=query)
    assert errors == [], "\n".join(errors)


@pytest.mark.parametrize("role", ["anonymous", "superuser"])
def test_hostile_form_fields_never_cause_a_server_error(demo, clients, role):
    ids = ids_for_demo()
    errors = []
    for route in _routes():
        errors += _server_errors(clients[role], "post", [demo_path(route, ids)], data=HOSTILE_FORM)
    assert errors == [], "\n".join(errors)
