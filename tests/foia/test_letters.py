"""Letters drafted from templates, citing each request's law."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from foiatrack.foia.letters import UnknownLetter, render_letter
from foiatrack.foia.models import Agency


def test_initial_letter_cites_the_illinois_statute(make_request, staff_user):
    request = make_request(title="Arrests 2024")

    text = render_letter(request=request, kind="initial", author=staff_user)

    assert "5 ILCS 140" in text
    assert "Every arrest record, as CSV." in text
    assert "Chicago Police Department" in text


def test_initial_letter_cites_the_federal_statute(make_request, staff_user, fbi):
    request = make_request(agency=fbi)

    text = render_letter(request=request, kind="initial", author=staff_user)

    assert "5 U.S.C. § 552" in text
    assert "5 ILCS" not in text


def test_follow_up_letter_names_the_missed_due_date(make_request, staff_user):
    request = make_request(received=timezone.localdate() - timedelta(days=30))

    text = render_letter(request=request, kind="follow-up", author=staff_user)

    assert f"{request.date_due:%B} {request.date_due.day}, {request.date_due.year}" in text
    assert "deemed to have denied" in text


def test_appeal_letter_goes_to_the_public_access_counselor(make_request, staff_user):
    request = make_request(
        received=timezone.localdate() - timedelta(days=20), statuses=("rejected",)
    )

    text = render_letter(request=request, kind="appeal", author=staff_user)

    assert "Public Access Counselor" in text
    assert "9.5" in text


def test_letters_are_not_html_escaped(make_request, staff_user, chicago):
    agency = Agency.objects.create(name="Sheriff's Office & Jail", slug="s", jurisdiction=chicago)
    request = make_request(agency=agency)

    text = render_letter(request=request, kind="initial", author=staff_user)

    assert "Sheriff's Office & Jail" in text


def test_unknown_letter_kind_is_refused(make_request, staff_user):
    with pytest.raises(UnknownLetter):
        render_letter(request=make_request(), kind="threat", author=staff_user)


def test_letter_downloads_as_plain_text(staff_client, make_request):
    request = make_request()

    response = staff_client.get(
        reverse("foia:letter", args=[request.id, "initial"]), {"download": "1"}
    )

    assert response["Content-Type"].startswith("text/plain")
    assert response["Content-Disposition"] == (
        f'attachment; filename="foia-{request.id}-initial.txt"'
    )
    assert "5 ILCS 140" in response.content.decode()


def test_letter_page_for_copying(staff_client, make_request):
    request = make_request()

    response = staff_client.get(reverse("foia:letter", args=[request.id, "appeal"]))

    assert response.status_code == 200
    assert "<textarea" in response.content.decode()


def test_unknown_letter_page_is_404(staff_client, make_request):
    request = make_request()

    assert staff_client.get(reverse("foia:letter", args=[request.id, "x"])).status_code == 404
