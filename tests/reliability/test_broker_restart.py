"""Redis restarted while audit jobs wait in it: nothing is lost, and the site keeps serving.

Uses a redis-server of its own (never the shared one): stopped and started again without
persistence, it comes back empty, as an unpersisted broker does after a crash.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from foiatrack.received.models import ReceivedFile, Table
from foiatrack.received.services import tables_sweep
from tests.conftest import WorkerProcess
from tests.received.conftest import chicago_calls_aggregate_csv, seattle_fire_911_csv
from tests.reliability.conftest import celery_routed_to, until

pytestmark = pytest.mark.services

PUBLIC_PAGES = ("home", "pipeline:overview", "foia:agency_list", "api:dataset_list")


def _use_cache_at(settings, redis_url: str) -> None:
    settings.CACHES = {
        "default": {
            "BACKEND": "foiatrack.cache.DegradingRedisCache",
            "LOCATION": redis_url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


def _upload(client, name: str, content: bytes):
    return client.post(reverse("received:upload"), {"file": SimpleUploadedFile(name, content)})


def test_jobs_queued_when_redis_restarts_are_sent_again_and_audited(
    services, private_redis, settings, client, data_admin, monkeypatch
):
    _use_cache_at(settings, private_redis.url)
    client.force_login(data_admin)
    with celery_routed_to(private_redis.url, "restart-test") as app:
        # No worker yet: the jobs wait in Redis, as behind a long queue.
        for day in (1, 2, 3):
            response = _upload(client, f"calls-{day}.csv", seattle_fire_911_csv(start_day=day))
            assert response.status_code == 302
        assert private_redis.answers()

        private_redis.stop()

        # While Redis is down the site serves its public pages (the cache reads as empty,
        # the API's anonymous throttle with it) and uploads still land, waiting for a worker.
        anonymous = client.__class__()
        for name in PUBLIC_PAGES:
            assert anonymous.get(reverse(name)).status_code == 200, name
        response = _upload(client, "by-district.csv", chicago_calls_aggregate_csv())
        assert response.status_code == 302
        page = client.get(response["Location"])
        assert page.status_code == 200
        assert "Waiting for a worker" in page.content.decode()

        private_redis.start()  # empty: the three jobs sent before are gone
        worker = WorkerProcess(private_redis.url)
        worker.queue = "restart-test"
        worker.start()
        try:
            until(lambda: "ready" in worker.log(), 60, [worker])
            assert Table.objects.filter(status=Table.Status.QUEUED).count() == 4

            # Beat runs the sweeper; here it runs in this process, against the same broker.
            settings.FOIATRACK_TABLE_QUEUED_STALE_SECONDS = 0
            assert tables_sweep()["resent"] == 4

            until(
                lambda: not Table.objects.exclude(status=Table.Status.DONE).exists(),
                60,
                [worker],
                interval=0.2,
            )
        finally:
            worker.stop()
        assert app.conf.broker_url == private_redis.url
    assert ReceivedFile.objects.count() == 4
    assert list(Table.objects.values_list("attempts", flat=True)) == [1, 1, 1, 1]
