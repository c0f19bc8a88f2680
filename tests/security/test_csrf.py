"""CSRF: a POST without the token is refused on every URL that accepts POSTs, for a user
who may use it (a superuser, whose session a forged form would ride on)."""

from django.test import Client

from tests.security.conftest import all_routes, demo_path, ids_for_demo, is_regex


def _post_routes():
    return [
        route
        for route in all_routes()
        if route.name and not is_regex(route) and route.name != "api:token"
    ]


def test_every_post_without_a_csrf_token_is_refused(demo, superuser):
    superuser.refresh_from_db()
    forged = Client(enforce_csrf_checks=True)
    forged.force_login(superuser)
    ids = ids_for_demo()
    accepted = []
    for route in _post_routes():
        path = demo_path(route, ids)
        response = forged.post(path, {"title": "forged", "status": "withdrawn"})
        # 403: CSRF refused; 405: the URL takes no POST at all; 404: nothing there to post to.
        if response.status_code not in (403, 404, 405):
            accepted.append(f"{route.name} {path}: {response.status_code}")
    assert accepted == [], "POSTs accepted without a CSRF token:\n" + "\n".join(accepted)


def test_the_same_post_with_the_token_gets_through(db, superuser):
    client = Client(enforce_csrf_checks=True)
    client.force_login(superuser)
    client.get("/received/upload/")
    token = client.cookies["csrftoken"].value

    response = client.post("/received/upload/", {"csrfmiddlewaretoken": token})

    assert response.status_code == 400  # through CSRF; the form itself says what is missing


def test_logging_in_needs_the_csrf_token_too(db, plain_user):
    response = Client(enforce_csrf_checks=True).post(
        "/accounts/login/", {"username": "visitor", "password": "correct horse battery"}
    )
    assert response.status_code == 403
