"""The staff dashboard's buckets."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from foiatrack.foia import services
from foiatrack.foia.models import Status
from foiatrack.foia.selectors import dashboard_for, request_deadline
from tests.foia.dates import received_for_due_within


def test_overdue_request_appears_in_the_overdue_bucket(staff_client, staff_user, make_request):
    late = make_request(title="Late one", received=timezone.localdate() - timedelta(days=30))
    assert late.date_due < timezone.localdate()

    board = dashboard_for(user=staff_user)

    assert [r.id for r in board.overdue] == [late.id]
    response = staff_client.get(reverse("foia:dashboard"))
    assert "Late one" in response.content.decode()


def test_request_due_within_a_week_is_due_soon_not_overdue(staff_user, make_request):
    fresh = make_request(received=received_for_due_within(7))
    assert timezone.localdate() <= fresh.date_due <= timezone.localdate() + timedelta(days=7)

    board = dashboard_for(user=staff_user)

    assert [r.id for r in board.due_soon] == [fresh.id]
    assert board.overdue == []


def test_answered_request_is_not_overdue_but_recently_answered(staff_user, make_request):
    answered = make_request(received=timezone.localdate() - timedelta(days=30))
    services.request_transition(request=answered, to_status=Status.FULFILLED, user=staff_user)

    board = dashboard_for(user=staff_user)

    assert board.overdue == []
    assert [r.id for r in board.recently_answered] == [answered.id]


def test_paused_request_is_not_overdue_and_awaits_its_owner(staff_user, make_request):
    waiting = make_request(received=timezone.localdate() - timedelta(days=30))
    services.request_transition(request=waiting, to_status=Status.FEE_DUE, user=staff_user)

    board = dashboard_for(user=staff_user)

    assert board.overdue == []
    assert [r.id for r in board.awaiting_me] == [waiting.id]


def test_awaiting_my_action_holds_only_my_requests(staff_user, make_request, django_user_model):
    colleague = django_user_model.objects.create_user("colleague")
    mine = make_request(title="Mine")
    make_request(title="Theirs", requester=colleague)

    board = dashboard_for(user=staff_user)

    assert [r.id for r in board.awaiting_me] == [mine.id]


def test_day_counter_shows_on_the_dashboard(staff_client, make_request):
    request = make_request(received=timezone.localdate() - timedelta(days=1))
    deadline = request_deadline(request)
    assert deadline.due is not None

    content = staff_client.get(reverse("foia:dashboard")).content.decode()

    assert "elapsed" in content
    assert "left" in content


def test_dashboard_query_count_does_not_grow_with_requests(
    staff_client, make_request, django_assert_max_num_queries
):
    for index in range(3):
        make_request(title=f"r{index}", received=timezone.localdate() - timedelta(days=30))
    with django_assert_max_num_queries(30) as few:
        staff_client.get(reverse("foia:dashboard"))
    for index in range(12):
        make_request(title=f"more{index}", received=timezone.localdate() - timedelta(days=30))

    with django_assert_max_num_queries(len(few.captured_queries)):
        staff_client.get(reverse("foia:dashboard"))
