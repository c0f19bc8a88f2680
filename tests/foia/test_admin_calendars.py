"""Calendars edited per body in the admin (issue 17): changing an agency's calendar moves
the due dates of its requests at once. Agencies are synthetic test rows."""

from datetime import date

from django.urls import reverse

from foiatrack.foia.models import Agency, Jurisdiction


def _agency_form(agency: Agency, **changes) -> dict:
    data = {
        "name": agency.name,
        "slug": agency.slug,
        "jurisdiction": agency.jurisdiction_id,
        "foia_officer": "",
        "email": "",
        "postal_address": "",
        "portal_url": "",
        "notes": "",
        "calendar": agency.calendar,
        "homepage_url": "",
        "agency_type": "",
        "pdap_id": "",
        "access_routes-TOTAL_FORMS": "0",
        "access_routes-INITIAL_FORMS": "0",
        "closures-TOTAL_FORMS": "0",
        "closures-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def test_giving_an_agency_the_state_calendar_in_the_admin_moves_its_due_dates(
    client, superuser, make_request, police
):
    # Received Fri Feb 27 2026: Chicago calendar due Mar 9; CMS (state) calendar Mar 6.
    request = make_request(received=date(2026, 2, 27))
    assert request.date_due == date(2026, 3, 9)
    client.force_login(superuser)

    response = client.post(
        reverse("admin:foia_agency_change", args=[police.id]),
        _agency_form(police, calendar="il-state"),
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    request.refresh_from_db()
    assert request.date_due == date(2026, 3, 6)


def test_a_closure_added_inline_on_the_jurisdiction_moves_due_dates(
    client, superuser, make_request, police
):
    request = make_request(received=date(2026, 2, 27))
    chicago: Jurisdiction = police.jurisdiction
    client.force_login(superuser)

    response = client.post(
        reverse("admin:foia_jurisdiction_change", args=[chicago.id]),
        {
            "name": chicago.name,
            "slug": chicago.slug,
            "level": chicago.level,
            "law": chicago.law,
            "state": chicago.state,
            "parent": "",
            "calendar": "",
            "closures-TOTAL_FORMS": "1",
            "closures-INITIAL_FORMS": "0",
            "closures-0-date": "2026-03-04",
            "closures-0-reason": "Snow day",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    request.refresh_from_db()
    # Mar 2 Pulaski Day, Mar 4 closed: Mar 3, 5, 6, 9, 10.
    assert request.date_due == date(2026, 3, 10)
