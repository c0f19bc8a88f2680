"""Login rate limiting (django-axes): repeated wrong passwords lock that username from
that address, even with the right password next; others are not affected."""

import pytest
from django.test import Client
from django.urls import reverse

WRONG = {"username": "visitor", "password": "not the password"}
RIGHT = {"username": "visitor", "password": "correct horse battery"}


@pytest.fixture
def axes_on(settings):
    # Off in settings_test (the test client's login() passes no request); on here.
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5


def _login(data, address="203.0.113.7"):
    return Client(REMOTE_ADDR=address).post(reverse("login"), data)


def test_five_wrong_passwords_lock_the_account_from_that_address(axes_on, plain_user):
    statuses = [_login(WRONG).status_code for _ in range(5)]

    locked = _login(RIGHT)

    assert statuses == [200, 200, 200, 200, 429]  # the form again, then locked
    assert locked.status_code == 429
    assert "_auth_user_id" not in locked.wsgi_request.session


def test_a_lock_on_one_address_leaves_the_user_free_elsewhere(axes_on, plain_user):
    for _ in range(5):
        _login(WRONG)

    response = _login(RIGHT, address="198.51.100.20")

    assert response.status_code == 302


def test_a_few_mistakes_then_the_right_password_logs_in(axes_on, plain_user):
    for _ in range(3):
        _login(WRONG)

    assert _login(RIGHT).status_code == 302


def test_the_api_token_endpoint_is_rate_limited_too(axes_on, plain_user):
    client = Client(REMOTE_ADDR="203.0.113.9")
    url = reverse("api:token")
    statuses = [
        client.post(url, WRONG, content_type="application/json").status_code for _ in range(6)
    ]

    assert statuses[:4] == [400, 400, 400, 400]
    assert statuses[-1] in (403, 429)
    assert client.post(url, RIGHT, content_type="application/json").status_code in (403, 429)
