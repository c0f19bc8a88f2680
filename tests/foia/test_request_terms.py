"""Lifecycle gaps (issue 17): agreed extensions, estimates, installments, fee waivers, the
agency closing an unanswered request, and reopening. Agencies are synthetic test rows."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from foiatrack.foia import request_terms, services
from foiatrack.foia.models import Agency, Jurisdiction, Status
from foiatrack.foia.selectors import appeal_window_closes, is_overdue

S = Status


def test_5_ilcs_140_3_e_agreed_extension_becomes_the_due_date_and_clears_overdue(
    make_request,
):
    request = make_request(received=date(2025, 11, 3))
    assert is_overdue(request)
    agreed = timezone.localdate() + timedelta(days=14)

    request_terms.request_agree_extension(
        request=request, agreed_due=agreed, agreed_on=date(2025, 11, 7)
    )

    request.refresh_from_db()
    assert request.date_due == agreed
    assert not is_overdue(request)


def test_5_usc_552_a_6_b_ii_alternative_time_frame_is_agreed(make_request, fbi):
    request = make_request(received=date(2025, 10, 1), agency=fbi)

    request_terms.request_agree_extension(
        request=request, agreed_due=date(2026, 1, 30), agreed_on=date(2025, 10, 20)
    )

    request.refresh_from_db()
    assert request.date_due == date(2026, 1, 30)


def test_wisconsin_has_no_agreed_extension_to_record(make_request, db):
    milwaukee = Jurisdiction.objects.create(
        name="Milwaukee", slug="milwaukee", level="city", law="wi-open-records", state="WI"
    )
    mpd = Agency.objects.create(name="Milwaukee Police", slug="mpd", jurisdiction=milwaukee)
    request = make_request(received=date(2025, 11, 3), agency=mpd)

    with pytest.raises(ValidationError, match="no agreed extension"):
        request_terms.request_agree_extension(
            request=request, agreed_due=date(2026, 1, 30), agreed_on=date(2025, 11, 5)
        )


def test_an_estimate_outside_washington_is_recorded_but_does_not_move_the_due_date(
    make_request,
):
    request = make_request(received=date(2025, 11, 3))
    statutory_due = request.date_due

    request_terms.request_record_estimate(
        request=request,
        estimated_completion=timezone.localdate() + timedelta(days=30),
        given_on=date(2025, 11, 4),
    )

    request.refresh_from_db()
    assert request.estimated_completion == timezone.localdate() + timedelta(days=30)
    assert request.date_due == statutory_due


def test_first_installment_keeps_the_request_open_and_overdue_when_late(make_request, staff_user):
    request = make_request(received=date(2025, 11, 3))

    request_terms.request_release_installment(request=request, user=staff_user, note="Part 1")

    request.refresh_from_db()
    assert request.status == S.INSTALLMENT
    assert request.date_closed is None
    assert is_overdue(request)


def test_fee_waiver_requested_then_decided(make_request):
    request = make_request(received=date(2025, 11, 3))
    with pytest.raises(ValidationError, match="No fee waiver was requested"):
        request_terms.fee_waiver_decide(
            request=request, decision="granted", decided_on=date(2025, 11, 5)
        )

    request_terms.fee_waiver_request(request=request)
    request_terms.fee_waiver_request(request=request)  # a repeat is a no-op
    request_terms.fee_waiver_decide(
        request=request, decision="denied", decided_on=date(2025, 11, 5)
    )

    request.refresh_from_db()
    assert (request.fee_waiver_requested, request.fee_waiver_decision) == (True, "denied")
    assert request.fee_waiver_decided_on == date(2025, 11, 5)


def test_agency_closing_an_unanswered_request_opens_the_appeal_window_and_can_be_reopened(
    make_request, staff_user
):
    request = make_request(received=date(2025, 11, 3), statuses=("clarification",))

    request_terms.request_close_by_agency(request=request, user=staff_user)
    request.refresh_from_db()
    assert request.status == S.AGENCY_CLOSED
    closed_on = request.date_closed
    assert closed_on == timezone.localdate()
    assert appeal_window_closes(request) >= closed_on + timedelta(days=60)

    request_terms.request_reopen(request=request, user=staff_user)

    request.refresh_from_db()
    assert (request.status, request.date_closed) == (S.PROCESSING, None)


def test_a_fulfilled_request_can_be_reopened(make_request, staff_user):
    request = make_request(received=date(2025, 11, 3), statuses=("fulfilled",))

    request_terms.request_reopen(request=request, user=staff_user, note="Pages missing")

    request.refresh_from_db()
    assert request.status == S.PROCESSING
    assert request.status_changes.last().note == "Pages missing"


def test_litigation_is_refused_before_the_federal_appeal(make_request, staff_user, fbi):
    request = make_request(received=date(2025, 10, 1), agency=fbi, statuses=("rejected",))

    with pytest.raises(services.TransitionError, match="appeal to"):
        services.request_transition(request=request, to_status=S.LITIGATION, user=staff_user)


def test_5_ilcs_140_11_a_denied_illinois_requester_may_sue_without_the_pac(
    make_request, staff_user
):
    request = make_request(received=date(2025, 11, 3), statuses=("rejected",))

    services.request_transition(request=request, to_status=S.LITIGATION, user=staff_user)

    request.refresh_from_db()
    assert request.status == S.LITIGATION
