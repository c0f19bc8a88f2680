"""The daily overdue reminder: once per state change, never twice."""

from datetime import timedelta

from django.core import mail
from django.utils import timezone

from foiatrack.foia import services, tasks
from foiatrack.foia.models import Closure, FoiaRequest, Status


def test_owner_of_an_overdue_request_gets_one_email(staff_user, make_request):
    late = make_request(title="Late arrests", received=timezone.localdate() - timedelta(days=30))

    sent = tasks.send_overdue_reminders.delay().get()

    assert sent == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [staff_user.email]
    assert "Late arrests" in mail.outbox[0].subject
    late.refresh_from_db()
    assert (late.overdue_notified_status, late.overdue_notified_due) == (late.status, late.date_due)


def test_second_run_sends_nothing(make_request):
    make_request(received=timezone.localdate() - timedelta(days=30))
    services.reminders_send_overdue()
    mail.outbox.clear()

    sent = services.reminders_send_overdue()

    assert sent == 0
    assert mail.outbox == []


def test_request_not_yet_due_gets_no_email(make_request):
    make_request(received=timezone.localdate() - timedelta(days=1))

    assert services.reminders_send_overdue() == 0
    assert mail.outbox == []


def test_new_state_that_is_overdue_again_sends_a_new_email(staff_user, make_request):
    request = make_request(received=timezone.localdate() - timedelta(days=30))
    services.reminders_send_overdue()
    services.request_transition(request=request, to_status=Status.ACKNOWLEDGED, user=staff_user)

    sent = services.reminders_send_overdue()

    assert sent == 1
    assert len(mail.outbox) == 2


def test_answered_request_gets_no_email(staff_user, make_request):
    request = make_request(received=timezone.localdate() - timedelta(days=30))
    services.request_transition(request=request, to_status=Status.REJECTED, user=staff_user)

    assert services.reminders_send_overdue() == 0


def test_reminder_run_picks_up_an_amended_closure(make_request, police):
    request = make_request(received=timezone.localdate() - timedelta(days=30))
    due_before = request.date_due
    Closure.objects.create(agency=police, date=due_before, reason="Flood")

    services.reminders_send_overdue()

    request.refresh_from_db()
    assert request.date_due > due_before
    assert FoiaRequest.objects.get(id=request.id).overdue_notified_due == request.date_due
