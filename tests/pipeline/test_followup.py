"""Follow-up drafts name exactly what a dataset lacks; staff turn them into requests."""

import pytest

from foiatrack.foia.models import FoiaRequest, Status
from foiatrack.pipeline.followups import followup_letter
from foiatrack.pipeline.models import FollowUpDraft
from foiatrack.pipeline.services import (
    FollowUpError,
    followup_draft_create,
    followup_to_request,
)
from tests.pipeline.conftest import cjp_calls_aggregate_csv, seattle_fire_csv


@pytest.mark.django_db
def test_draft_for_aggregated_calls_asks_for_record_level_events_with_keys_place_and_time(
    directory, ingest, staff_user
):
    table = ingest(
        "calls.csv", cjp_calls_aggregate_csv(), agency=directory["chicago-oemc"], stage="call"
    )

    draft = followup_draft_create(table=table, user=staff_user)

    assert draft.missing_fields == [
        "event number",
        "report (RD) number",
        "block address",
        "timestamp",
    ]
    assert (
        "record-level CAD events (calls for service) with event number, report (RD) number, "
        "block address and timestamp" in draft.text
    )
    assert "for 2010-01-01 to 2011-12-31" in draft.text


@pytest.mark.django_db
def test_draft_for_a_file_missing_a_month_asks_for_that_month(directory, ingest_sample, staff_user):
    # The Milwaukee sample has no April 2016 (datasets/README.md).
    table = ingest_sample(
        "milwaukee_police_calls_2016.csv", agency=directory["milwaukee-police"], stage="call"
    )

    draft = followup_draft_create(table=table, user=staff_user)

    assert draft.missing_periods == ["2016-04"]
    assert "for 2016-04" in draft.text


@pytest.mark.django_db
def test_draft_for_a_mostly_empty_key_asks_for_it_on_every_record(
    directory, ingest_sample, staff_user
):
    table = ingest_sample(
        "chicago_calls_cad_2011.csv", agency=directory["chicago-oemc"], stage="call"
    )

    draft = followup_draft_create(table=table, user=staff_user)

    assert draft.missing_fields == ["report (RD) number for every record"]


def test_letter_for_jail_bookings_without_place_asks_for_block_address_not_names():
    letter = followup_letter(
        table_name="bookings.csv",
        agency_name="Cook County Sheriff's Office",
        stage="jail",
        flags=[("NO_LOCATION", {}), ("PERSONAL_DATA", {"columns": ["Last Name"]})],
        roles={},
        period_start="2011-01-01",
        period_end="2011-12-31",
    )

    assert letter.missing_fields == ["block address"]
    assert "record-level jail bookings with block address" in letter.text
    assert "Last Name" not in letter.text


@pytest.mark.django_db
def test_turning_a_draft_into_a_request_makes_one_draft_request_to_the_same_agency(
    directory, ingest, staff_user
):
    table = ingest(
        "calls.csv", cjp_calls_aggregate_csv(), agency=directory["chicago-oemc"], stage="call"
    )
    draft = followup_draft_create(table=table, user=staff_user)

    first = followup_to_request(draft=draft, user=staff_user)
    again = followup_to_request(draft=draft, user=staff_user)

    assert first == again
    assert FoiaRequest.objects.count() == 1
    assert first.status == Status.DRAFT
    assert first.agency == directory["chicago-oemc"]
    assert [stage.code for stage in first.stages.all()] == ["call"]
    assert first.records_requested == draft.text
    assert str(first.period_start) == "2010-01-01"
    assert FollowUpDraft.objects.get().created_request == first


@pytest.mark.django_db
def test_a_dataset_without_an_agency_cannot_become_a_request(directory, ingest, staff_user):
    table = ingest("fire.csv", seattle_fire_csv(), stage="call")
    draft = followup_draft_create(table=table, user=staff_user)

    with pytest.raises(FollowUpError, match="not attached to an agency"):
        followup_to_request(draft=draft, user=staff_user)
    assert not FoiaRequest.objects.exists()
