"""The rules peers get wrong (issue 17), each named after the statute it applies.

Expected dates are worked by hand from the statute and the calendar, in the comments.
Agencies are synthetic test rows named after real bodies.
"""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from foiatrack.foia import services
from foiatrack.foia.deadlines import calendar_for_law, compute_deadline
from foiatrack.foia.laws import LAWS
from foiatrack.foia.lifecycle import pauses_from_history
from foiatrack.foia.models import Agency, Appeal, Jurisdiction, Status
from foiatrack.foia.selectors import appeal_window_closes, calendar_for_agency, is_overdue
from foiatrack.foia.services import TransitionError
from foiatrack.foia.windows import appeal_window_closes as window_closes
from foiatrack.foia.windows import further_review_closes, review_due

S = Status
IL, FEDERAL, WA = LAWS["il-foia"], LAWS["federal-foia"], LAWS["wa-pra"]


@pytest.fixture
def illinois_doc(db):
    illinois = Jurisdiction.objects.create(
        name="State of Illinois", slug="illinois", level="state", law="il-foia", state="IL"
    )
    return Agency.objects.create(
        name="Illinois Department of Corrections", slug="illinois-doc", jurisdiction=illinois
    )


@pytest.fixture
def seattle_fire(db):
    seattle = Jurisdiction.objects.create(
        name="City of Seattle", slug="seattle", level="city", law="wa-pra", state="WA"
    )
    return Agency.objects.create(name="Seattle Fire", slug="seattle-fire", jurisdiction=seattle)


# --- Calendars per body -------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "state_due", "chicago_due"),
    [
        # Fri Feb 27: state offices work Pulaski Day (Mon Mar 2): Mar 2, 3, 4, 5, 6.
        # Chicago/Cook County close that Monday: Mar 3, 4, 5, 6, 9.
        (date(2026, 2, 27), date(2026, 3, 6), date(2026, 3, 9)),
        # Wed Nov 25: Thanksgiving Thu 26; state offices also close Fri 27: Nov 30 - Dec 4.
        # Chicago works Fri 27: Nov 27, 30, Dec 1, 2, 3.
        (date(2026, 11, 25), date(2026, 12, 4), date(2026, 12, 3)),
    ],
)
def test_5_ilcs_140_3_d_state_agency_counts_on_the_cms_calendar_local_bodies_do_not(
    received, state_due, chicago_due
):
    state = compute_deadline(
        law="il-foia", received=received, calendar=calendar_for_law(IL, calendar="il-state")
    )
    chicago = compute_deadline(law="il-foia", received=received)

    assert (state.due, chicago.due) == (state_due, chicago_due)


def test_5_ilcs_140_3_d_a_state_level_jurisdiction_gets_the_cms_calendar_by_default(
    illinois_doc, police
):
    assert calendar_for_agency(illinois_doc).name == "il-state"
    assert calendar_for_agency(police).name == "il-local"


def test_a_body_can_keep_its_own_calendar_over_its_jurisdictions(police):
    police.calendar = "il-state"
    police.save()

    assert calendar_for_agency(police).name == "il-state"


# --- No stacking where the statute says "notwithstanding" ------------------------


def test_5_ilcs_140_3_1_commercial_period_is_not_extended():
    deadline = compute_deadline(
        law="il-foia", received=date(2026, 11, 25), commercial=True, extended=True
    )

    assert deadline.business_days == 21


def test_5_ilcs_140_3_2_recurrent_period_is_not_extended():
    deadline = compute_deadline(
        law="il-foia", received=date(2026, 11, 25), recurrent=True, extended=True
    )

    assert deadline.business_days == 21


def test_5_ilcs_140_3_1_extension_of_a_commercial_request_is_refused(make_request, staff_user):
    request = make_request(received=timezone.localdate() - timedelta(days=1), commercial=True)

    with pytest.raises(TransitionError, match="notwithstanding"):
        services.request_transition(request=request, to_status=S.EXTENDED, user=staff_user)


# --- Late extensions ------------------------------------------------------------------


def test_5_ilcs_140_3_f_extension_noticed_after_five_business_days_is_refused_and_stays_overdue(
    make_request, staff_user
):
    # Received Mon Nov 3 2025: the 5th business day is Mon Nov 10 (Veterans Day Nov 11
    # comes after). A notice dated Wed Nov 12 is too late.
    request = make_request(received=date(2025, 11, 3))
    assert request.date_due == date(2025, 11, 10)

    with pytest.raises(TransitionError, match="Too late for an extension"):
        services.request_transition(
            request=request,
            to_status=S.EXTENDED,
            user=staff_user,
            effective_date=date(2025, 11, 12),
        )

    request.refresh_from_db()
    assert (request.status, request.extension_taken) == (S.SUBMITTED, False)
    assert is_overdue(request)


def test_5_ilcs_140_3_f_extension_noticed_on_the_fifth_business_day_is_accepted(
    make_request, staff_user
):
    request = make_request(received=date(2025, 11, 3))

    services.request_transition(
        request=request, to_status=S.EXTENDED, user=staff_user, effective_date=date(2025, 11, 10)
    )

    request.refresh_from_db()
    # 5 more business days from Nov 10: 12, 13, 14, 17, 18 (Nov 11 a holiday).
    assert request.date_due == date(2025, 11, 18)


def test_5_usc_552_a_6_b_i_extension_after_the_20_working_days_is_refused(
    make_request, staff_user, fbi
):
    # Received Wed Oct 1 2025: Oct 2-3, 6-10, 14-17, 20-24, 27-30 (Columbus Day skipped).
    request = make_request(received=date(2025, 10, 1), agency=fbi)
    assert request.date_due == date(2025, 10, 30)

    with pytest.raises(TransitionError, match="Too late"):
        services.request_transition(
            request=request,
            to_status=S.EXTENDED,
            user=staff_user,
            effective_date=date(2025, 10, 31),
        )
    services.request_transition(
        request=request, to_status=S.EXTENDED, user=staff_user, effective_date=date(2025, 10, 30)
    )
    request.refresh_from_db()
    # Ten more working days: Oct 31, Nov 3-7, 10, 12, 13, 14 (Veterans Day Nov 11).
    assert request.date_due == date(2025, 11, 14)


# --- Tolling ----------------------------------------------------------------------------


def test_5_usc_552_a_6_a_ii_i_only_the_first_request_for_information_tolls():
    history = [
        (date(2026, 3, 2), S.SUBMITTED),
        (date(2026, 3, 4), S.CLARIFICATION),
        (date(2026, 3, 9), S.PROCESSING),
        (date(2026, 3, 11), S.CLARIFICATION),
        (date(2026, 3, 16), S.PROCESSING),
    ]

    pauses = pauses_from_history(history, FEDERAL)

    assert [(p.start, p.end) for p in pauses] == [(date(2026, 3, 4), date(2026, 3, 9))]


def test_5_usc_552_a_6_a_ii_ii_fee_questions_toll_as_often_as_needed():
    history = [
        (date(2026, 3, 2), S.SUBMITTED),
        (date(2026, 3, 4), S.CLARIFICATION),
        (date(2026, 3, 9), S.PROCESSING),
        (date(2026, 3, 11), S.FEE_DUE),
        (date(2026, 3, 16), S.PROCESSING),
        (date(2026, 3, 18), S.FEE_DUE),
        (date(2026, 3, 20), S.PROCESSING),
    ]

    pauses = pauses_from_history(history, FEDERAL)

    assert len(pauses) == 3


def test_5_ilcs_140_no_tolling_clause_no_wait_stops_the_clock():
    history = [(date(2026, 3, 2), S.SUBMITTED), (date(2026, 3, 4), S.CLARIFICATION)]

    assert pauses_from_history(history, IL) == []


def test_5_usc_552_a_6_a_ii_i_second_clarification_leaves_the_due_date(
    make_request, staff_user, fbi
):
    request = make_request(received=date(2025, 10, 1), agency=fbi)
    for day, status in [
        (date(2025, 10, 3), S.CLARIFICATION),
        (date(2025, 10, 8), S.PROCESSING),
    ]:
        services.request_transition(
            request=request, to_status=status, user=staff_user, effective_date=day
        )
    request.refresh_from_db()
    after_first = request.date_due
    # Paused Oct 6-8 (3 working days): Oct 30 -> Oct 31, Nov 3, Nov 4.
    assert after_first == date(2025, 11, 4)

    services.request_transition(
        request=request,
        to_status=S.CLARIFICATION,
        user=staff_user,
        effective_date=date(2025, 10, 10),
    )

    request.refresh_from_db()
    assert request.date_due == after_first


# --- Appeal of silence, rolling windows, review deadlines -------------------------------


def test_5_ilcs_140_3_d_and_9_5_a_unanswered_request_may_be_taken_to_the_pac(
    make_request, staff_user
):
    request = make_request(received=date(2025, 11, 3))  # due Nov 10, never answered

    assert appeal_window_closes(request) == date(2026, 1, 9)  # Nov 10 + 60 days, a Friday
    appeal = services.appeal_file(
        request=request,
        user=staff_user,
        filed_with="Public Access Counselor",
        filed_on=date(2025, 12, 1),
    )

    request.refresh_from_db()
    assert request.status == S.APPEAL
    # 5 ILCS 140/9.5(f): the opinion is due 60 days after receipt: Jan 30 2026 (a Friday).
    assert appeal.date_due == date(2026, 1, 30)


def test_5_ilcs_140_3_d_appeal_before_the_due_date_is_refused(make_request, staff_user):
    request = make_request(received=timezone.localdate() - timedelta(days=1))

    with pytest.raises(TransitionError, match="not late"):
        services.request_transition(request=request, to_status=S.APPEAL, user=staff_user)


def test_5_usc_552_a_6_c_i_silence_lets_the_requester_sue_not_appeal(make_request, staff_user, fbi):
    request = make_request(received=date(2025, 10, 1), agency=fbi)

    with pytest.raises(TransitionError, match="no appeal of a request left unanswered"):
        services.request_transition(request=request, to_status=S.APPEAL, user=staff_user)
    services.request_transition(request=request, to_status=S.LITIGATION, user=staff_user)

    request.refresh_from_db()
    assert request.status == S.LITIGATION


def test_5_ilcs_70_1_11_appeal_window_ending_on_a_saturday_rolls_to_monday():
    calendar = calendar_for_law(IL)
    # Denied Tue Jan 6 2026; +60 days is Sat Mar 7.
    assert date(2026, 1, 6) + timedelta(days=60) == date(2026, 3, 7)

    assert window_closes(IL, date(2026, 1, 6), calendar) == date(2026, 3, 9)


def test_5_ilcs_70_1_11_appeal_window_ending_on_a_holiday_rolls_to_the_next_business_day():
    calendar = calendar_for_law(IL)
    # Denied Mon May 4 2026; +60 days is Fri Jul 3, Independence Day observed.
    assert window_closes(IL, date(2026, 5, 4), calendar) == date(2026, 7, 6)


def test_5_usc_552_a_6_a_ii_appeal_is_decided_within_20_working_days():
    # Filed Mon Nov 2 2026: Nov 3-6, 9-10, 12-13, 16-20, 23-25, 27, 30, Dec 1-2 (Veterans
    # Day and Thanksgiving skipped; the Friday after is a federal working day).
    assert review_due(FEDERAL, date(2026, 11, 2), calendar_for_law(FEDERAL)) == date(2026, 12, 2)


def test_735_ilcs_5_3_103_review_of_a_pac_opinion_within_35_days_rolled():
    # Decided Mon Jan 12 2026 + 35 days = Mon Feb 16, Presidents' Day: rolls to Tue Feb 17.
    calendar = calendar_for_law(IL)

    assert further_review_closes(IL, date(2026, 1, 12), calendar) == date(2026, 2, 17)


def test_rcw_42_56_520_1_c_acknowledgement_with_estimate_is_not_overdue_within_it(
    make_request, staff_user, seattle_fire
):
    from foiatrack.foia.request_terms import request_record_estimate

    received = timezone.localdate() - timedelta(days=30)
    request = make_request(received=received, agency=seattle_fire)
    assert is_overdue(request)
    estimate = timezone.localdate() + timedelta(days=20)

    request_record_estimate(
        request=request, estimated_completion=estimate, given_on=received + timedelta(days=1)
    )

    request.refresh_from_db()
    assert request.date_due == estimate
    assert not is_overdue(request)


def test_rcw_42_56_520_1_an_estimate_sent_after_the_five_days_does_not_cure_lateness(
    make_request, staff_user, seattle_fire
):
    from foiatrack.foia.request_terms import request_record_estimate

    received = timezone.localdate() - timedelta(days=30)
    request = make_request(received=received, agency=seattle_fire)

    request_record_estimate(
        request=request,
        estimated_completion=timezone.localdate() + timedelta(days=20),
        given_on=timezone.localdate() - timedelta(days=1),
    )

    request.refresh_from_db()
    assert is_overdue(request)


def test_after_an_appeal_is_decided_the_request_may_be_closed_reviewed_or_litigated(
    make_request, staff_user
):
    for next_status in (S.CLOSED, S.FURTHER_REVIEW, S.LITIGATION, S.PROCESSING):
        request = make_request(received=date(2025, 11, 3), statuses=("rejected",))
        appeal = services.appeal_file(
            request=request, user=staff_user, filed_with="PAC", filed_on=timezone.localdate()
        )
        services.appeal_decide(
            appeal=appeal,
            user=staff_user,
            outcome=Appeal.Outcome.DENIED,
            decided_on=timezone.localdate(),
        )

        services.request_transition(request=request, to_status=next_status, user=staff_user)

        request.refresh_from_db()
        assert request.status == next_status
