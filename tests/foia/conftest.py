"""Fixtures for FOIA tests: jurisdictions, agencies and a request factory.

Agencies and requests here are synthetic test rows named after real bodies.
"""

from datetime import date

import pytest

from foiatrack.foia import services
from foiatrack.foia.models import Agency, FoiaRequest, Jurisdiction, Status


@pytest.fixture
def chicago(db):
    return Jurisdiction.objects.create(
        name="City of Chicago", slug="chicago", level="city", law="il-foia", state="IL"
    )


@pytest.fixture
def united_states(db):
    return Jurisdiction.objects.create(
        name="United States", slug="united-states", level="federal", law="federal-foia"
    )


@pytest.fixture
def police(chicago, stages):
    agency = Agency.objects.create(
        name="Chicago Police Department", slug="chicago-police", jurisdiction=chicago
    )
    agency.stages.set([stages["report"], stages["arrest"]])
    return agency


@pytest.fixture
def oemc(chicago, stages):
    agency = Agency.objects.create(
        name="Chicago Office of Emergency Management and Communications",
        slug="chicago-oemc",
        jurisdiction=chicago,
    )
    agency.stages.set([stages["call"]])
    return agency


@pytest.fixture
def fbi(united_states):
    return Agency.objects.create(
        name="Federal Bureau of Investigation", slug="fbi", jurisdiction=united_states
    )


@pytest.fixture
def make_request(staff_user, police):
    """Create a request through the service; with `received`, it is logged as submitted."""

    def make(
        *,
        title: str = "Arrests with RD numbers",
        agency: Agency | None = None,
        received: date | None = None,
        requester=None,
        statuses: tuple[str, ...] = (),
        **fields,
    ) -> FoiaRequest:
        request = services.request_create(
            requester=requester or staff_user,
            data={
                "title": title,
                "agency": agency or police,
                "records_requested": "Every arrest record, as CSV.",
                "date_received": received,
                **fields,
            },
        )
        for status in statuses:
            services.request_transition(
                request=request, to_status=Status(status), user=requester or staff_user
            )
        request.refresh_from_db()
        return request

    return make
