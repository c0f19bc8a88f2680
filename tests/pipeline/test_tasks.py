"""Recomputation runs in Celery: after an audit, after a link run, and daily."""

from datetime import datetime

import pytest
from celery import shared_task
from django.conf import settings

from foiatrack.pipeline import coverage
from foiatrack.pipeline.models import CoverageCell, CoverageComputation
from foiatrack.pipeline.tasks import coverage_recompute
from tests.pipeline.conftest import seattle_fire_csv

AFTER_AUDIT_CALLS: list[dict] = []


@shared_task(name="tests.pipeline.record_after_audit")
def record_after_audit(**kwargs) -> None:
    AFTER_AUDIT_CALLS.append(kwargs)


@pytest.mark.django_db
def test_an_audit_queues_a_rebuild_of_the_coverage_matrix(directory, ingest):
    ingest("fire.csv", seattle_fire_csv(), agency=directory["seattle-fire"], stage="call")

    cell = CoverageCell.objects.get(jurisdiction__slug="seattle", stage__code="call", year=2019)
    assert cell.state == coverage.RECORD_LINKABLE


@pytest.mark.django_db
def test_a_rebuild_asked_for_before_the_last_one_started_is_skipped(directory, ingest):
    ingest("fire.csv", seattle_fire_csv(), agency=directory["seattle-fire"], stage="call")
    computed_at = CoverageComputation.objects.get().computed_at

    skipped = coverage_recompute.delay(requested_at="2000-01-01T00:00:00+00:00").get()
    rebuilt = coverage_recompute.delay().get()

    assert skipped is False
    assert rebuilt is True
    assert CoverageComputation.objects.get().computed_at > computed_at


@pytest.mark.django_db
def test_an_audit_hook_is_told_when_the_results_were_committed(directory, ingest, settings):
    """The stamp lets the rebuild skip what a rebuild started since has done: audits that
    finish together cost one rebuild, not one each."""
    settings.FOIATRACK_AFTER_AUDIT_TASKS = ["tests.pipeline.test_tasks.record_after_audit"]
    AFTER_AUDIT_CALLS.clear()

    table = ingest("fire.csv", seattle_fire_csv(), agency=directory["seattle-fire"], stage="call")

    table.refresh_from_db()
    [call] = AFTER_AUDIT_CALLS
    assert call["table_id"] == table.id
    assert datetime.fromisoformat(call["requested_at"]) >= table.audited_at


@pytest.mark.django_db
def test_an_audit_after_a_rebuild_started_gets_a_rebuild_of_its_own(directory, ingest):
    ingest("fire.csv", seattle_fire_csv(), agency=directory["seattle-fire"], stage="call")
    first = CoverageComputation.objects.get().computed_at

    ingest("calls.csv", seattle_fire_csv(40), agency=directory["seattle-fire"], stage="call")

    assert CoverageComputation.objects.get().computed_at > first
    cell = CoverageCell.objects.get(jurisdiction__slug="seattle", stage__code="call", year=2019)
    assert cell.tables.count() == 2


def test_the_matrix_is_rebuilt_daily_as_a_safety_net():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert "foiatrack.pipeline.tasks.coverage_recompute" in tasks
