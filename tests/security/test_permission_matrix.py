"""Who may reach which URL: every URL pattern × GET and POST × five audiences.

Each URL is classified by name (or by its namespace's default) into an access level;
the level says what each audience must get. A URL nobody classified fails the test
with its name, so a new page is never public by accident.
"""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.security.conftest import ROLES, all_routes, demo_path, ids_for_demo, is_regex

PUBLIC, STAFF, DATA_ADMIN, ADMIN_SITE = "public", "staff", "data_admin", "admin_site"
# Anyone with a role, staff or data admin: their own account's pages (API tokens).
MEMBER = "member"
API_PUBLIC, API_STAFF, API_DATA_ADMIN = "api_public", "api_staff", "api_data_admin"
# Any logged-in user, whatever the role (the landing after login sends each its way).
LOGGED_IN = "logged_in"

# Names classified one by one; then namespace defaults. Keep both lists sorted.
BY_NAME = {
    "after_login": LOGGED_IN,
    "home": PUBLIC,
    "healthz": PUBLIC,
    "login": PUBLIC,
    "logout": PUBLIC,
    "token_list": MEMBER,
    "token_revoke": MEMBER,
    "foia:agency_detail": PUBLIC,
    "foia:agency_list": PUBLIC,
    "foia:deadline_calculator": PUBLIC,
    "foia:deadline_json": PUBLIC,
    "foia:public_request_list": PUBLIC,
    # Providers' inbound mail: open, and django-anymail checks each call's signature.
    "mail:inbound_webhook": PUBLIC,
    "pipeline:asked_vs_received": STAFF,
    "pipeline:asked_vs_received_csv": STAFF,
    "pipeline:confirm_outcome": STAFF,
    "pipeline:evidence_bundle": STAFF,
    "pipeline:followup": STAFF,
    "pipeline:followup_create": STAFF,
    "pipeline:followup_to_request": STAFF,
    "pipeline:link_run": DATA_ADMIN,
    "pipeline:link_runs": DATA_ADMIN,
    "api:agency_detail": API_PUBLIC,
    "api:agency_list": API_PUBLIC,
    "api:coverage": API_PUBLIC,
    "api:dataset_detail": API_PUBLIC,
    "api:dataset_list": API_PUBLIC,
    "api:dataset_changes": API_PUBLIC,
    "api:dataset_reconciliation": API_PUBLIC,
    "api:docs": API_PUBLIC,
    "api:funnel": API_PUBLIC,
    "api:jurisdiction_detail": API_PUBLIC,
    "api:jurisdiction_list": API_PUBLIC,
    "api:public_request_detail": API_PUBLIC,
    "api:public_request_list": API_PUBLIC,
    "api:schema": API_PUBLIC,
    "api:token": API_PUBLIC,
    "api:appeal_decision": API_STAFF,
    "api:appeal_list": API_STAFF,
    "api:communication_list": API_STAFF,
    "api:exemption_list": API_STAFF,
    "api:fields_not_held": API_STAFF,
    "api:mail_assign": API_STAFF,
    "api:mail_confirm": API_STAFF,
    "api:mail_message_list": API_STAFF,
    "api:mail_send": API_STAFF,
    "api:request_detail": API_STAFF,
    "api:request_list": API_STAFF,
    "api:request_transition": API_STAFF,
    "api:tracking_number_list": API_STAFF,
    "api:tracking_number_status": API_STAFF,
    "api:comparison_detail": API_DATA_ADMIN,
    "api:comparison_list": API_DATA_ADMIN,
    "api:reconciliation_detail": API_DATA_ADMIN,
    "api:reconciliation_list": API_DATA_ADMIN,
}
BY_NAMESPACE = {
    "foia": STAFF,
    "mail": STAFF,
    "received": DATA_ADMIN,
    "pipeline": PUBLIC,
    "admin": ADMIN_SITE,
}
# API names by prefix: files, tables and link runs are the data admins'.
API_DATA_ADMIN_PREFIXES = ("api:file_", "api:table_", "api:link_run")
# Unnamed patterns that are not pages: the admin's catch-all and per-object redirects,
# the API's JSON 404 for unknown v1 addresses.
UNNAMED_ALLOWED = ("admin/", "api/^v1/")


def access_level(name: str) -> str | None:
    if name in BY_NAME:
        return BY_NAME[name]
    if name.startswith(API_DATA_ADMIN_PREFIXES):
        return API_DATA_ADMIN
    return BY_NAMESPACE.get(name.split(":")[0]) if ":" in name else None


def classified_routes():
    # logout is left out: its POST would log the audience's client out for what follows.
    return [
        route
        for route in all_routes()
        if route.name and route.name != "logout" and not is_regex(route)
    ]


def test_every_url_has_an_access_level():
    unclassified = [
        f"{route.name} (/{route.route})"
        for route in all_routes()
        if access_level(route.name) is None
        and not (not route.name and route.route.startswith(UNNAMED_ALLOWED))
    ]
    assert unclassified == [], (
        "These URLs have no access level in tests/security/test_permission_matrix.py; "
        "add each to BY_NAME (public, staff, data_admin, ...): " + ", ".join(unclassified)
    )


def _login_redirect(response) -> bool:
    login = reverse("login")
    return response.status_code == 302 and response["Location"].startswith(
        (login, settings.LOGIN_URL)
    )


def _admin_login_redirect(response) -> bool:
    return response.status_code == 302 and "/admin/login/" in response["Location"]


def _passed_the_gate(response, method: str, has_arguments: bool) -> bool:
    """The audience got through: the view answered on its merits."""
    if response.status_code >= 500 or response.status_code in (401, 403):
        return False
    if _login_redirect(response) or _admin_login_redirect(response):
        return False
    if method == "GET" and not has_arguments:
        return response.status_code in (200, 302, 400, 405)
    return True


def _denied(level: str, role: str, name: str) -> str | None:
    """How `role` is refused at `level`: "login", "403", "401", "admin_login" or None."""
    allowed = {
        PUBLIC: set(ROLES),
        LOGGED_IN: set(ROLES) - {"anonymous"},
        API_PUBLIC: set(ROLES),
        STAFF: {"staff", "superuser"},
        MEMBER: {"staff", "data_admin", "superuser"},
        API_STAFF: {"staff", "superuser"},
        DATA_ADMIN: {"data_admin", "superuser"},
        API_DATA_ADMIN: {"data_admin", "superuser"},
        ADMIN_SITE: {"superuser"},
    }[level]
    if role in allowed:
        return None
    if level == ADMIN_SITE:
        # Data admins have is_staff, so they enter the admin site, but model pages need
        # model permissions, which the data_admin group does not carry by default.
        if role == "data_admin":
            return None if name == "admin:index" else "403"
        return "admin_login"
    if level.startswith("api_"):
        return "401" if role == "anonymous" else "403"
    return "login" if role == "anonymous" else "403"


def _check(response, refusal: str | None, method: str, has_arguments: bool) -> bool:
    if refusal is None:
        return _passed_the_gate(response, method, has_arguments)
    if response.status_code == 405:  # refused by method before role: nothing leaks
        return True
    return {
        "login": _login_redirect(response),
        "admin_login": _admin_login_redirect(response),
        "401": response.status_code == 401,
        "403": response.status_code == 403,
    }[refusal]


def test_every_url_and_method_answers_each_audience_as_its_access_level_says(demo, clients):
    ids = ids_for_demo()
    wrong = []
    for route in classified_routes():
        level = access_level(route.name)
        if (
            level == ADMIN_SITE
            and route.name not in ("admin:index",)
            and "changelist" not in (route.name)
        ):
            continue  # the admin's own pages share one gate; index and lists show it
        path = demo_path(route, ids)
        for role in ROLES:
            refusal = _denied(level, role, route.name)
            for method in ("GET", "POST"):
                client = clients[role]
                response = client.get(path) if method == "GET" else client.post(path, {})
                if not _check(response, refusal, method, bool(route.converters)):
                    wrong.append(
                        f"{method} {path} ({route.name}, {level}) as {role}: "
                        f"{response.status_code} {response.get('Location', '')}"
                    )
    assert wrong == [], "\n".join(wrong)


@pytest.mark.parametrize("role", ["anonymous", "plain_user", "staff"])
def test_the_admin_site_is_closed_to_everyone_without_is_staff(clients, role):
    response = clients[role].get(reverse("admin:index"))
    assert _admin_login_redirect(response)


def test_data_admins_open_the_admin_site_but_only_what_their_permissions_allow(clients):
    assert clients["data_admin"].get(reverse("admin:index")).status_code == 200
    response = clients["data_admin"].get(reverse("admin:auth_user_changelist"))
    assert response.status_code == 403
