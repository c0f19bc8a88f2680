"""A request's dates are checked wherever they come in (issue 14): the staff form, the API
(through the same form) and the admin (the model's clean). No receipt before the first
records law or in the future, no period that ends before it starts."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from foiatrack.foia.models import FoiaRequest
from foiatrack.foia.request_dates import EARLIEST_RECORDS_LAW, request_date_errors

TODAY = date(2026, 6, 1)


@pytest.mark.parametrize(
    ("received", "refused"),
    [
        (date(1900, 1, 1), True),
        (EARLIEST_RECORDS_LAW - timedelta(days=1), True),
        (EARLIEST_RECORDS_LAW, False),
        (TODAY, False),
        (TODAY + timedelta(days=1), True),
    ],
)
def test_receipt_must_fall_between_the_first_records_law_and_today(received, refused):
    errors = request_date_errors(
        date_received=received, period_start=None, period_end=None, today=TODAY
    )
    assert ("date_received" in errors) is refused


def test_a_period_must_end_after_it_starts_and_not_start_in_the_future():
    errors = request_date_errors(
        date_received=None,
        period_start=TODAY + timedelta(days=3),
        period_end=TODAY + timedelta(days=1),
        today=TODAY,
    )
    assert errors["period_end"] == "The period ends before it starts."
    assert "future" in errors["period_start"]


@pytest.mark.django_db
def test_the_staff_form_refuses_a_receipt_in_1900_with_a_clear_message(staff_client, police):
    response = staff_client.post(
        reverse("foia:request_create"),
        {
            "title": "Typo year",
            "agency": police.id,
            "records_requested": "x",
            "date_received": "1900-01-01",
        },
    )

    assert response.status_code == 200
    assert "before the first public-records law" in response.content.decode()
    assert not FoiaRequest.objects.filter(title="Typo year").exists()


@pytest.mark.django_db
def test_the_admin_path_runs_the_same_checks(police, staff_user):
    """The admin's ModelForm calls the model's full_clean: the same rule applies there."""
    request = FoiaRequest(
        title="Admin typo",
        records_requested="x",
        agency=police,
        requester=staff_user,
        date_received=date(1900, 1, 1),
        period_start=date(2020, 5, 1),
        period_end=date(2020, 1, 1),
    )
    with pytest.raises(ValidationError) as raised:
        request.full_clean()
    assert set(raised.value.message_dict) >= {"date_received", "period_end"}


@pytest.mark.django_db
def test_the_admin_add_form_refuses_a_receipt_in_the_future(client, superuser, police):
    client.force_login(superuser)
    future = timezone.localdate() + timedelta(days=5)
    response = client.post(
        reverse("admin:foia_foiarequest_add"),
        {
            "title": "Admin future",
            "records_requested": "x",
            "agency": police.id,
            "requester": superuser.id,
            "date_received": future.isoformat(),
            "status": "submitted",
            "access_route": "foia",
        },
    )

    assert response.status_code == 200
    assert "cannot be in the future" in response.content.decode()
    assert not FoiaRequest.objects.filter(title="Admin future").exists()
