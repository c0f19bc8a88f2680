"""Client addresses: X-Forwarded-For counts only behind TRUSTED_PROXY_COUNT proxies.

The red team bypassed the anonymous API throttle with a fresh forged X-Forwarded-For per
request, and behind the TLS proxy every client had the proxy's address, so the login
lock-out became per username only. Addresses here are documentation ranges (RFC 5737).
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

PROXY = "10.0.0.2"
WRONG = {"username": "visitor", "password": "not the password"}
RIGHT = {"username": "visitor", "password": "correct horse battery"}


@pytest.fixture
def slow_throttle(settings):
    cache.clear()
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "120/minute"},
    }
    yield
    cache.clear()


def _get(address: str, forwarded: str | None = None) -> int:
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return Client(REMOTE_ADDR=address, **headers).get("/api/v1/jurisdictions/").status_code


def test_it_ignores_forged_forwarded_for_without_a_trusted_proxy(db, slow_throttle, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    statuses = [
        _get("203.0.113.7", f"198.51.100.{n % 250}, 192.0.2.{n // 250}") for n in range(130)
    ]

    assert statuses.count(200) == 120
    assert statuses[-10:] == [429] * 10


def test_it_throttles_two_clients_behind_one_proxy_apart(db, slow_throttle, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    first = [_get(PROXY, "203.0.113.7") for _ in range(121)]

    second = _get(PROXY, "203.0.113.8")

    assert first[-1] == 429
    assert second == 200


def test_behind_one_proxy_it_takes_the_address_the_proxy_saw(db, slow_throttle, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client forged the first entry; the proxy appended the address it really saw.
    statuses = [_get(PROXY, f"198.51.100.{n}, 203.0.113.7") for n in range(121)]

    assert statuses[-1] == 429


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5


def _login(data, forwarded: str) -> int:
    client = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
    return client.post(reverse("login"), data).status_code


def test_an_attacker_behind_the_proxy_does_not_lock_the_owner_out(axes_on, plain_user, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    attempts = [_login(WRONG, "203.0.113.66") for _ in range(5)]

    assert attempts[-1] == 429
    assert _login(RIGHT, "203.0.113.66") == 429
    assert _login(RIGHT, "198.51.100.20") == 302


def test_without_a_trusted_proxy_a_forged_address_does_not_dodge_the_lock(
    axes_on, plain_user, settings
):
    settings.TRUSTED_PROXY_COUNT = 0
    for n in range(5):
        _login(WRONG, f"198.51.100.{n}")

    assert _login(RIGHT, "198.51.100.99") == 429


def _settings_in_a_fresh_process(**env) -> subprocess.CompletedProcess:
    code = "from foiatrack import settings; print(settings.SECURE_PROXY_SSL_HEADER)"
    environment = {**os.environ, "SECRET_KEY": "x" * 50, "DEBUG": "0", **env}
    return subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=False
    )


def test_it_trusts_x_forwarded_proto_only_behind_a_trusted_proxy():
    assert _settings_in_a_fresh_process(TRUSTED_PROXY_COUNT="0").stdout.strip() == "None"
    behind = _settings_in_a_fresh_process(TRUSTED_PROXY_COUNT="1").stdout.strip()
    assert behind == "('HTTP_X_FORWARDED_PROTO', 'https')"


@pytest.mark.parametrize("value", ["one", "-1", "1.5"])
def test_it_refuses_a_proxy_count_that_is_not_a_count(value):
    result = _settings_in_a_fresh_process(TRUSTED_PROXY_COUNT=value)

    assert result.returncode != 0
    assert "TRUSTED_PROXY_COUNT" in result.stderr


def test_compose_publishes_the_web_port_on_loopback_only_and_trusts_one_proxy():
    compose = yaml.safe_load(
        (Path(__file__).resolve().parents[2] / "docker-compose.yml").read_text()
    )
    web = compose["services"]["web"]

    assert all(str(port).startswith("127.0.0.1:") for port in web.get("ports", []))
    assert str(web["environment"]["TRUSTED_PROXY_COUNT"]).endswith("1}")
