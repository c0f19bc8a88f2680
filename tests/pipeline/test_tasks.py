"""Recomputation runs in Celery: after an audit, after a link run, and daily."""

import pytest
from django.conf import settings

from foiatrack.pipeline import coverage
from foiatrack.pipeline.models import CoverageCell, CoverageComputation
from foiatrack.pipeline.tasks import coverage_recompute
from tests.pipeline.conftest import seattle_fire_csv


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


def test_the_matrix_is_rebuilt_daily_as_a_safety_net():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert "foiatrack.pipeline.tasks.coverage_recompute" in tasks
