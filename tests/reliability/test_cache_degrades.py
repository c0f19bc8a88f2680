"""The Redis cache reads as empty while Redis is unreachable: pages and the API's
anonymous throttle keep working instead of answering 500."""

import socket

import pytest
from django.core.cache import cache
from django.urls import reverse


@pytest.fixture
def cache_at_a_dead_redis(settings):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.CACHES = {
        "default": {
            "BACKEND": "foiatrack.cache.DegradingRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


def test_cache_reads_are_misses_and_writes_are_dropped_while_redis_is_down(
    cache_at_a_dead_redis,
):
    cache.set("key", "value")

    assert cache.get("key", "fallback") == "fallback"
    assert cache.get_or_set("other", 42) == 42
    assert cache.add("key", 1) is False
    assert cache.get_many(["key"]) == {}
    with pytest.raises(ValueError):
        cache.incr("counter")


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["home", "pipeline:overview", "api:dataset_list"])
def test_pages_and_the_throttled_api_answer_while_the_cache_is_down(
    cache_at_a_dead_redis, client, name
):
    assert client.get(reverse(name)).status_code == 200
