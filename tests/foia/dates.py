"""Date helpers for tests that run on any day of the year."""

from datetime import date, timedelta

from django.utils import timezone

from foiatrack.foia.deadlines import compute_deadline


def received_for_due_within(days: int = 7) -> date:
    """A past receipt date whose Illinois due date falls between today and today + `days`,
    found with the deadline maths (tests run on any day, holidays included)."""
    today = timezone.localdate()
    for back in range(0, 15):
        received = today - timedelta(days=back)
        due = compute_deadline(law="il-foia", received=received).due
        if today <= due <= today + timedelta(days=days):
            return received
    raise AssertionError("no receipt date gives a due date within the window")
