"""Round trips through the real services CI provides."""

import pytest
from django.db import connection

from foiatrack.celery import ping

pytestmark = pytest.mark.services


def test_real_worker_answers_a_task_over_redis(celery_worker):
    result = ping.delay("hello from the test")

    assert result.get(timeout=60) == "hello from the test"
    assert "foiatrack.ping" in celery_worker.log()


@pytest.mark.django_db
def test_ci_runs_the_suite_on_postgresql():
    from tests.conftest import IN_CI, require

    require(connection.vendor == "postgresql" or not IN_CI, "CI must run on PostgreSQL")
    if not IN_CI:
        pytest.skip("only meaningful in CI")
    assert connection.vendor == "postgresql"
