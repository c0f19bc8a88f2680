"""The public cache's own rules (core.public_cache), on the foia pages and the public API:
what is cached, for whom, and what still runs on a cached answer."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from foiatrack.foia.models import Agency, Jurisdiction
from tests.conftest import require


@pytest.fixture
def agency(db):
    """A synthetic agency row."""
    place = Jurisdiction.objects.create(
        name="City of Chicago", slug="chicago", level="city", law="il-foia", state="IL"
    )
    return Agency.objects.create(name="Chicago Police Department", slug="cpd", jurisdiction=place)


@pytest.fixture
def anonymous_quota_of_three(settings):
    cache.delete("throttle_anon_127.0.0.1")
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute"},
    }
    yield
    cache.delete("throttle_anon_127.0.0.1")


def test_the_rate_limit_counts_cached_answers_too(agency, anonymous_quota_of_three):
    client = APIClient()

    statuses = [client.get("/api/v1/agencies/").status_code for _ in range(4)]

    # The second and third answers came from the cache, and still counted.
    assert statuses == [200, 200, 200, 429]


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_a_visitor_with_a_session_cookie_gets_a_fresh_page(agency):
    visitor = Client()
    visitor.get("/agencies/")
    assert _queries(visitor, "/agencies/") == 1  # cached: only the version is read

    visitor.cookies[settings.SESSION_COOKIE_NAME] = "not-a-session"

    assert _queries(visitor, "/agencies/") > 1


def test_an_answer_that_is_not_a_200_is_not_cached(agency):
    client = APIClient()
    assert client.get("/api/v1/agencies/nowhere/").status_code == 404

    Agency.objects.create(name="Nowhere", slug="nowhere", jurisdiction=agency.jurisdiction)

    assert client.get("/api/v1/agencies/nowhere/").status_code == 200


def test_the_redis_cache_keeps_one_client(db):
    require(bool(settings.REDIS_URL), "REDIS_URL is not set")

    client = cache._cache.get_client("a", write=True)

    assert cache._cache.get_client("b", write=True) is client
    cache.set("public-cache-test", 1, 5)
    assert cache.get("public-cache-test") == 1
