"""Agency scorecards on known data (Illinois, September 2025: no holiday between
Labor Day and Columbus Day, checked below)."""

from datetime import date
from decimal import Decimal

import holidays
import pytest
from django.urls import reverse

from foiatrack.foia import services
from foiatrack.foia.models import FoiaRequest, Status
from foiatrack.foia.selectors import agency_scorecard, agency_scorecards

MON = date(2025, 9, 8)


def _on(day: int) -> date:
    return date(2025, 9, day)


@pytest.fixture
def history(make_request, staff_user, police):
    """Four requests sent to the police plus a draft, with known dates."""
    il = holidays.US(subdiv="IL", years=2025)
    assert not [d for d in il if date(2025, 9, 2) <= d <= date(2025, 10, 10)]

    def move(request, status, day):
        services.request_transition(
            request=request, to_status=status, user=staff_user, effective_date=_on(day)
        )

    quick = make_request(title="quick", received=MON)  # due Mon 15
    move(quick, Status.ACKNOWLEDGED, 10)  # first response after 2 business days
    move(quick, Status.FULFILLED, 12)  # completed after 4, on time

    late = make_request(title="late", received=MON, fees_quoted=Decimal("25.00"))
    services.communication_log(
        request=late, user=staff_user, direction="in", date=_on(9), channel="email"
    )  # first response after 1
    move(late, Status.REJECTED, 22)  # completed after 10, late
    services.appeal_file(
        request=late, user=staff_user, filed_with="Public Access Counselor", filed_on=_on(23)
    )

    pending = make_request(
        title="pending", received=MON, fees_quoted=Decimal("10.00"), fees_paid=Decimal("10.00")
    )
    move(pending, Status.ACKNOWLEDGED, 9)  # first response after 1, not completed

    withdrawn = make_request(title="withdrawn", received=MON)
    move(withdrawn, Status.WITHDRAWN, 10)  # sent, never answered

    make_request(title="draft")  # never sent: not counted
    return police


def test_scorecard_figures_on_known_data(history):
    card = agency_scorecard(history)

    assert card["requests_sent"] == 4
    assert card["answered"] == 2
    assert card["on_time_pct"] == 50.0
    assert card["median_days_to_first_response"] == 1  # of 2, 1, 1
    assert card["median_days_to_completion"] == 7  # of 4 and 10
    assert card["fulfilled_pct"] == 50.0
    assert card["fees_charged"] == Decimal("35.00")
    assert card["fees_paid"] == Decimal("10.00")
    assert card["open_appeals"] == 1


def test_agency_without_requests_has_empty_figures_not_zeros(oemc):
    card = agency_scorecard(oemc)

    assert card["requests_sent"] == 0
    assert card["on_time_pct"] is None
    assert card["median_days_to_completion"] is None


def test_bulk_scorecards_match_single_ones_in_constant_queries(
    history, oemc, fbi, django_assert_num_queries
):
    with django_assert_num_queries(4):
        cards = agency_scorecards([history, oemc, fbi])

    assert cards[history.id] == agency_scorecard(history)
    assert cards[oemc.id]["requests_sent"] == 0


def test_agency_page_shows_the_scorecard_to_the_public(client, history):
    # Only public requests count on a public page (issue 14); four of them are a small count.
    FoiaRequest.objects.update(is_public=True)
    response = client.get(reverse("foia:agency_detail", args=[history.slug]))

    assert response.status_code == 200
    assert response.context["scorecard"]["requests_sent"] == "<10"
    assert "Median business days to completion" in response.content.decode()


def test_public_scorecards_run_in_constant_queries_and_leave_private_requests_out(
    history, oemc, fbi, django_assert_num_queries
):
    from foiatrack.foia.selectors import public_scorecards

    with django_assert_num_queries(4):
        cards = public_scorecards([history, oemc, fbi])

    # every request of the fixture is private: none counts in public
    assert cards[history.id]["requests_sent"] == 0
    assert cards[history.id]["fulfilled_pct"] is None
