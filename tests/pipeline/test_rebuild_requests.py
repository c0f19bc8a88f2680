"""A coverage rebuild requested after an audit or link run is an outbox row written with
the result; a rebuild covers the requests committed before it started, and the rebuild
sweeper runs one for a request left uncovered (its job dropped by the broker)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from foiatrack.core import jobs
from foiatrack.core.models import OutboxJob
from foiatrack.pipeline.coverage.rebuild import (
    COVERAGE_TASK,
    coverage_rebuild_sweep,
    coverage_recompute,
    coverage_recompute_enqueue_on_commit,
)
from foiatrack.pipeline.models import CoverageComputation, DatasetCoverage
from foiatrack.received.models import Table
from tests.received.conftest import seattle_fire_911_csv


def _drop_rebuilds(monkeypatch) -> list:
    """The broker refuses the rebuild job only (as if Redis went down between the audit
    and its follow-up); every other job goes through."""
    dropped: list = []
    send = jobs.enqueue

    def enqueue(task, *args, **kwargs):
        if task == COVERAGE_TASK:
            dropped.append(kwargs)
            return False
        return send(task, *args, **kwargs)

    monkeypatch.setattr(jobs, "enqueue", enqueue)
    return dropped


def test_the_audit_hook_requests_the_rebuild_through_the_outbox(settings):
    assert COVERAGE_TASK in settings.FOIATRACK_AFTER_AUDIT_TASKS


@pytest.mark.django_db(transaction=True)
def test_a_dropped_rebuild_after_an_audit_is_run_by_the_sweeper(
    monkeypatch, settings, data_admin_client, django_capture_on_commit_callbacks
):
    dropped = _drop_rebuilds(monkeypatch)
    content = SimpleUploadedFile("seattle-911.csv", seattle_fire_911_csv())
    data_admin_client.post(reverse("received:upload"), {"file": content})

    table = Table.objects.get()
    assert table.status == Table.Status.DONE, table.error_message
    assert dropped and "requested_at" in dropped[0]  # the rebuild was asked for, and lost
    assert not DatasetCoverage.objects.exists()
    request = OutboxJob.objects.get(task=COVERAGE_TASK)
    assert request.done_at is None and request.sent_at is None

    settings.FOIATRACK_REBUILD_STALE_SECONDS = 3600
    assert coverage_rebuild_sweep() is False  # not yet older than the limit
    settings.FOIATRACK_REBUILD_STALE_SECONDS = 0
    assert coverage_rebuild_sweep() is True

    assert DatasetCoverage.objects.filter(table=table).count() == 1
    request.refresh_from_db()
    assert request.done_at is not None
    assert coverage_rebuild_sweep() is False  # covered: nothing more to do


@pytest.mark.django_db(transaction=True)
def test_a_rebuild_covers_the_requests_committed_before_it(monkeypatch, settings):
    _drop_rebuilds(monkeypatch)
    coverage_recompute_enqueue_on_commit()
    coverage_recompute_enqueue_on_commit()
    assert OutboxJob.objects.filter(task=COVERAGE_TASK, done_at__isnull=True).count() == 2

    computation = coverage_recompute()  # the daily rebuild, say

    assert not OutboxJob.objects.filter(task=COVERAGE_TASK, done_at__isnull=True).exists()
    assert set(OutboxJob.objects.values_list("done_at", flat=True)) == {computation.computed_at}
    settings.FOIATRACK_REBUILD_STALE_SECONDS = 0
    assert coverage_rebuild_sweep() is False
    assert CoverageComputation.objects.get(id=1).computed_at == computation.computed_at
