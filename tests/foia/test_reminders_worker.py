"""The reminder task on a real Celery worker: it claims each notice once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from foiatrack.foia import tasks

pytestmark = pytest.mark.services


def test_reminder_task_on_a_worker_notifies_once(celery_worker, make_request):
    late = make_request(received=timezone.localdate() - timedelta(days=30))

    first = tasks.send_overdue_reminders.delay().get(timeout=60)
    second = tasks.send_overdue_reminders.delay().get(timeout=60)

    assert (first, second) == (1, 0), celery_worker.log()
    late.refresh_from_db()
    assert late.overdue_notified_due == late.date_due
