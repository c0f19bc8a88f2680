"""Status transitions through request_transition: each allowed move works, every other
move is refused with a message and changes nothing."""

import itertools
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from foiatrack.foia import services
from foiatrack.foia.deadlines import Pause, compute_deadline
from foiatrack.foia.lifecycle import TRANSITIONS
from foiatrack.foia.models import Agency, FoiaRequest, Jurisdiction, Status, StatusChange
from foiatrack.foia.selectors import request_deadline
from foiatrack.foia.services import TransitionError

S = Status
ANSWERS = {"fulfilled", "partially_fulfilled", "no_records", "rejected"}
# Issue 17: installments, the agency closing unanswered, and (once the agency is late,
# where the law allows) appeal or suit on silence.
PENDING_MOVES = ANSWERS | {
    "clarification",
    "fee_due",
    "extended",
    "withdrawn",
    "installment",
    "agency_closed",
    "appeal",
    "litigation",
}
REOPEN = {"processing"}
# The lifecycle as the issues describe it, written out independently of the code's table.
EXPECTED_ALLOWED = {
    "draft": {"submitted", "withdrawn"},
    "submitted": {"acknowledged", "processing"} | PENDING_MOVES,
    "acknowledged": {"processing"} | PENDING_MOVES,
    "processing": PENDING_MOVES,
    "clarification": {"processing", "withdrawn", "agency_closed"},
    "fee_due": {"processing", "withdrawn", "agency_closed"},
    "extended": (PENDING_MOVES - {"extended"}) | {"processing"},
    "installment": (PENDING_MOVES - {"extended"}) | {"processing"},
    "fulfilled": REOPEN,
    "partially_fulfilled": {"appeal", "litigation"} | REOPEN,
    "no_records": {"appeal", "litigation"} | REOPEN,
    "rejected": {"appeal", "litigation"} | REOPEN,
    "withdrawn": REOPEN,
    "agency_closed": {"appeal", "litigation", "closed"} | REOPEN,
    "appeal": {"appeal_decided", "withdrawn", "litigation"},
    "appeal_decided": {"processing", "closed", "further_review", "litigation"},
    "further_review": {"appeal_decided", "litigation", "withdrawn", "closed"},
    "litigation": {"appeal_decided", "processing", "withdrawn", "closed"},
    "closed": REOPEN,
}
ALL_PAIRS = list(itertools.product(Status.values, Status.values))


def test_transition_table_matches_the_documented_lifecycle():
    assert {key: set(value) for key, value in TRANSITIONS.items()} == EXPECTED_ALLOWED


def _request_in(status: str, make_request, to_status: str = "", agency=None) -> FoiaRequest:
    """A request already in `status` (set directly: this is the test's 'given').

    Received 10 days ago, so an Illinois answer is late (silence may be appealed); for an
    extension, received yesterday, inside 5 ILCS 140/3(f)'s notice window."""
    back = 1 if to_status == "extended" else 10
    request = make_request(received=timezone.localdate() - timedelta(days=back), agency=agency)
    FoiaRequest.objects.filter(id=request.id).update(status=status)
    request.refresh_from_db()
    return request


def _wisconsin_agency():
    # Wisconsin's law sends a denied requester straight to court (Wis. Stat. 19.37).
    milwaukee = Jurisdiction.objects.create(
        name="City of Milwaukee", slug="milwaukee", level="city", law="wi-open-records", state="WI"
    )
    return Agency.objects.create(name="Milwaukee Police", slug="mpd", jurisdiction=milwaukee)


@pytest.mark.parametrize(
    ("from_status", "to_status"),
    [(a, b) for a, b in ALL_PAIRS if b in EXPECTED_ALLOWED[a]],
)
def test_allowed_transition_changes_status_and_appends_history(
    from_status, to_status, make_request, staff_user
):
    court_first = to_status == "litigation" and from_status in ANSWERS
    agency = _wisconsin_agency() if court_first else None
    request = _request_in(from_status, make_request, to_status, agency)
    history_before = request.status_changes.count()

    services.request_transition(
        request=request, to_status=to_status, user=staff_user, note="by test"
    )

    request.refresh_from_db()
    assert request.status == to_status
    assert request.status_changes.count() == history_before + 1
    last = request.status_changes.last()
    assert (last.from_status, last.to_status, last.changed_by, last.note) == (
        from_status,
        to_status,
        staff_user,
        "by test",
    )


@pytest.mark.parametrize(
    ("from_status", "to_status"),
    [(a, b) for a, b in ALL_PAIRS if b not in EXPECTED_ALLOWED[a]],
)
def test_refused_transition_names_the_statuses_and_changes_nothing(
    from_status, to_status, make_request, staff_user
):
    request = _request_in(from_status, make_request)
    history_before = list(request.status_changes.values_list("id", flat=True))

    with pytest.raises(TransitionError) as refused:
        services.request_transition(request=request, to_status=to_status, user=staff_user)

    assert S(from_status).label in refused.value.messages[0]
    request.refresh_from_db()
    assert request.status == from_status
    assert list(request.status_changes.values_list("id", flat=True)) == history_before


def test_second_extension_is_refused(make_request, staff_user):
    request = make_request(received=timezone.localdate() - timedelta(days=3))
    services.request_transition(request=request, to_status=S.EXTENDED, user=staff_user)
    services.request_transition(request=request, to_status=S.PROCESSING, user=staff_user)

    with pytest.raises(TransitionError, match="already taken its one extension"):
        services.request_transition(request=request, to_status=S.EXTENDED, user=staff_user)


def test_extension_is_refused_under_a_law_without_one(make_request, staff_user, stages):
    seattle = Jurisdiction.objects.create(
        name="Seattle", slug="seattle", level="city", law="wa-pra"
    )
    fire = Agency.objects.create(name="Seattle Fire", slug="seattle-fire", jurisdiction=seattle)
    request = make_request(agency=fire, received=timezone.localdate() - timedelta(days=3))

    with pytest.raises(TransitionError, match="no extension"):
        services.request_transition(request=request, to_status=S.EXTENDED, user=staff_user)


def test_status_change_cannot_take_effect_in_the_future(make_request, staff_user):
    request = make_request()

    with pytest.raises(TransitionError, match="future"):
        services.request_transition(
            request=request,
            to_status=S.SUBMITTED,
            user=staff_user,
            effective_date=timezone.localdate() + timedelta(days=1),
        )


def test_status_change_cannot_take_effect_before_the_previous_one(make_request, staff_user):
    request = make_request(received=timezone.localdate() - timedelta(days=5))

    with pytest.raises(TransitionError, match="before the previous one"):
        services.request_transition(
            request=request,
            to_status=S.ACKNOWLEDGED,
            user=staff_user,
            effective_date=timezone.localdate() - timedelta(days=6),
        )


def test_submitting_a_draft_sets_receipt_and_due_date(make_request, staff_user):
    request = make_request()
    assert (request.status, request.date_due) == (S.DRAFT, None)

    services.request_transition(request=request, to_status=S.SUBMITTED, user=staff_user)

    request.refresh_from_db()
    assert request.date_received == timezone.localdate()
    assert request.date_due == request_deadline(request).due


def test_acknowledgement_and_answer_record_their_dates(make_request, staff_user):
    received = timezone.localdate() - timedelta(days=9)
    request = make_request(received=received)
    acknowledged_on = received + timedelta(days=2)

    services.request_transition(
        request=request, to_status=S.ACKNOWLEDGED, user=staff_user, effective_date=acknowledged_on
    )
    services.request_transition(request=request, to_status=S.REJECTED, user=staff_user)

    request.refresh_from_db()
    assert request.date_acknowledged == acknowledged_on
    assert request.date_closed == timezone.localdate()


def test_fee_due_pauses_the_federal_clock_and_payment_resumes_it(make_request, staff_user, fbi):
    # A federal request received on a fixed past day; fee asked and paid on fixed days.
    # 5 U.S.C. 552(a)(6)(A)(ii)(II) lets fee questions toll the clock.
    received, asked, paid = date(2025, 11, 25), date(2025, 12, 1), date(2025, 12, 5)
    request = make_request(received=received, agency=fbi)
    unpaused_due = request.date_due
    services.request_transition(
        request=request, to_status=S.FEE_DUE, user=staff_user, effective_date=asked
    )
    request.refresh_from_db()
    assert request.date_due is None

    services.request_transition(
        request=request, to_status=S.PROCESSING, user=staff_user, effective_date=paid
    )

    request.refresh_from_db()
    expected = compute_deadline(
        law="federal-foia", received=received, pauses=[Pause(start=asked, end=paid)]
    ).due
    assert request.date_due == expected
    # Unpaused: Wed Dec 24. Four working days paused (Dec 2-5) put it past Christmas to
    # Dec 26, 29, 30, 31.
    assert unpaused_due == date(2025, 12, 24)
    assert expected == date(2025, 12, 31)


def test_5_ilcs_140_has_no_tolling_clause_fee_request_does_not_stop_the_clock(
    make_request, staff_user
):
    received, asked = date(2025, 11, 25), date(2025, 12, 1)
    request = make_request(received=received)
    unpaused_due = request.date_due

    services.request_transition(
        request=request, to_status=S.FEE_DUE, user=staff_user, effective_date=asked
    )

    request.refresh_from_db()
    assert request.date_due == unpaused_due == date(2025, 12, 3)  # Nov 26, 28, Dec 1-3


def test_invalid_status_change_from_the_page_is_a_form_error(staff_client, make_request):
    request = make_request(received=timezone.localdate() - timedelta(days=2))

    response = staff_client.post(
        reverse("foia:request_change_status", args=[request.id]), {"to_status": "appeal_decided"}
    )

    assert response.status_code == 400
    assert "cannot become" in response.content.decode()
    request.refresh_from_db()
    assert request.status == S.SUBMITTED


def test_valid_status_change_from_the_page_redirects(staff_client, make_request):
    request = make_request(received=timezone.localdate() - timedelta(days=2))

    response = staff_client.post(
        reverse("foia:request_change_status", args=[request.id]),
        {"to_status": "acknowledged", "note": "Portal confirmation"},
    )

    assert response.status_code == 302
    assert StatusChange.objects.filter(request=request, to_status="acknowledged").exists()
