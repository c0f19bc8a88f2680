"""API tokens: named, expiring, listed and revocable by their owner only, last use shown.

Before this, API tokens were DRF's: one per user, stored in plain text, never expiring.
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from foiatrack.core.models import ApiToken
from foiatrack.core.roles import STAFF_GROUP
from foiatrack.core.tokens import api_token_create, hash_key

API_URL = "/api/v1/requests/"


def _api(key: str):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get(API_URL)


@pytest.fixture
def colleague(db, django_user_model):
    user = django_user_model.objects.create_user("colleague", password="correct horse battery")
    user.groups.add(Group.objects.get_or_create(name=STAFF_GROUP)[0])
    return user


def test_it_opens_the_api_with_a_fresh_token(staff_user):
    _, key = api_token_create(user=staff_user, name="script")

    assert _api(key).status_code == 200


def test_it_stores_only_a_hash_of_the_key(staff_user):
    token, key = api_token_create(user=staff_user, name="script")

    assert key not in {token.key_hash, token.prefix, token.name}
    assert token.key_hash == hash_key(key)


def test_it_expires_after_the_configured_lifetime(staff_user, settings):
    settings.API_TOKEN_LIFETIME_DAYS = 30
    token, _ = api_token_create(user=staff_user, name="script")

    assert timedelta(days=29) < token.expires_at - timezone.now() <= timedelta(days=30)


def test_an_expired_token_is_a_401_in_the_error_shape(staff_user):
    token, key = api_token_create(user=staff_user, name="old script")
    ApiToken.objects.filter(id=token.id).update(expires_at=timezone.now() - timedelta(seconds=1))

    response = _api(key)

    assert response.status_code == 401
    error = response.json()["error"]
    assert error["status"] == 401 and error["code"] == "authentication_failed"
    assert "expired" in error["message"] and "old script" in error["message"]
    assert response["WWW-Authenticate"].startswith("Token")


def test_a_revoked_token_is_a_401(staff_client, staff_user):
    token, key = api_token_create(user=staff_user, name="laptop")

    staff_client.post(reverse("token_revoke", args=[token.id]))

    response = _api(key)
    assert response.status_code == 401
    assert "revoked" in response.json()["error"]["message"]


def test_last_use_is_recorded_at_most_once_a_minute(staff_user):
    token, key = api_token_create(user=staff_user, name="script")
    _api(key)
    token.refresh_from_db()
    first_use = token.last_used_at

    _api(key)
    token.refresh_from_db()
    assert first_use is not None and token.last_used_at == first_use

    ApiToken.objects.filter(id=token.id).update(last_used_at=first_use - timedelta(minutes=2))
    _api(key)
    token.refresh_from_db()
    assert token.last_used_at > first_use


def test_the_page_creates_a_token_and_shows_its_key_once(staff_client, staff_user):
    response = staff_client.post(
        reverse("token_list"), {"name": "nightly upload", "lifetime_days": "7"}
    )

    assert response.status_code == 200
    token = staff_user.api_tokens.get()
    key = response.context["new_key"]
    assert key in response.content.decode()
    assert token.name == "nightly upload"
    assert timedelta(days=6) < token.expires_at - timezone.now() <= timedelta(days=7)
    assert _api(key).status_code == 200
    assert key not in staff_client.get(reverse("token_list")).content.decode()


def test_the_page_refuses_a_lifetime_over_the_limit(staff_client, staff_user, settings):
    settings.API_TOKEN_LIFETIME_DAYS = 90

    response = staff_client.post(reverse("token_list"), {"name": "x", "lifetime_days": "91"})

    assert response.status_code == 400
    assert not staff_user.api_tokens.exists()


def test_the_page_lists_name_expiry_and_last_use(staff_client, staff_user):
    token, key = api_token_create(user=staff_user, name="grant report script")
    _api(key)
    token.refresh_from_db()

    page = staff_client.get(reverse("token_list")).content.decode()

    assert "grant report script" in page
    assert token.prefix in page
    assert f"{timezone.localtime(token.expires_at):%Y-%m-%d}" in page  # shown in local time
    assert "never" not in page  # it was used


def test_a_user_never_sees_anothers_tokens(staff_client, colleague):
    api_token_create(user=colleague, name="colleague's secret script")

    page = staff_client.get(reverse("token_list")).content.decode()

    assert "secret script" not in page


def test_a_user_cannot_revoke_anothers_token(staff_client, colleague):
    token, key = api_token_create(user=colleague, name="theirs")

    response = staff_client.post(reverse("token_revoke", args=[token.id]))

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert _api(key).status_code == 200


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(reverse("token_list"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_existing_drf_tokens_become_named_expiring_tokens(transactional_db, django_user_model):
    executor = MigrationExecutor(connection)
    executor.migrate([("core", "0004_api_tokens")])
    user = django_user_model.objects.create_user("legacy-user", password="x")
    old_token = Token.objects.create(user=user, key="0123456789abcdef0123456789abcdef01234567")

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    user.groups.add(Group.objects.get_or_create(name=STAFF_GROUP)[0])

    token = ApiToken.objects.get(user=user)
    assert token.name == "legacy"
    assert token.key_hash == hash_key(old_token.key)
    assert timedelta(days=89) < token.expires_at - timezone.now() <= timedelta(days=90)
    assert not Token.objects.exists()  # no plain-text key is left
    assert _api(old_token.key).status_code == 200  # the script it belongs to keeps working


def test_an_admin_can_make_a_token_from_the_command_line(staff_user, capsys):
    call_command("api_token_create", staff_user.username, "--name", "backfill", "--days", "3")

    key = capsys.readouterr().out.strip()
    assert staff_user.api_tokens.get().name == "backfill"
    assert _api(key).status_code == 200


def test_the_command_refuses_a_lifetime_over_the_limit(staff_user):
    with pytest.raises(CommandError, match="--days"):
        call_command("api_token_create", staff_user.username, "--days", "9999")
