"""The guided new-request form: agency facts, a field checklist by stage (issue 20)."""

import json
import re

from django.urls import reverse

from foiatrack.audit.field_catalogue import FIELDS, STAGE_FIELDS


def test_the_form_carries_each_agencys_law_calendar_and_contact(staff_client, police):
    police.foia_officer = "FOIA Officer"
    police.email = "foia@example.org"
    police.save()

    response = staff_client.get(reverse("foia:request_create"))

    html = response.content.decode()
    block = re.search(
        r'<script id="agency-facts-data" type="application/json">(.*?)</script>', html
    )
    facts = json.loads(block.group(1))[str(police.id)]
    assert facts["law"] == "Illinois Freedom of Information Act (5 ILCS 140)"
    assert "IL state holidays" in facts["calendar"]
    assert "foia@example.org" in facts["contact"]
    assert sorted(facts["stage_ids"]) == sorted(str(s.id) for s in police.stages.all())


def test_the_checklist_offers_every_catalogue_field_once_grouped_by_stage(staff_client, police):
    response = staff_client.get(reverse("foia:request_create"))

    groups = response.context["checklist"]
    codes = [item["code"] for group in groups for item in group["fields"]]
    assert sorted(codes) == sorted(FIELDS)
    assert len(codes) == len(set(codes))
    first_stage = next(iter(STAGE_FIELDS))
    assert groups[0]["stage"] == first_stage
    assert [i["code"] for i in groups[0]["fields"]] == STAGE_FIELDS[first_stage]
    html = response.content.decode()
    assert FIELDS["event_number"].label in html and "event_number</label>" not in html


def test_ticked_fields_are_saved_and_stay_ticked_on_a_refusal(staff_client, police):
    response = staff_client.post(
        reverse("foia:request_create"),
        {
            "title": "",
            "agency": police.id,
            "records_requested": "x",
            "fields_wanted": ["report_number", "timestamp"],
        },
    )

    ticked = [i["code"] for g in response.context["checklist"] for i in g["fields"] if i["checked"]]
    assert sorted(ticked) == ["report_number", "timestamp"]
    assert "This field is required" in response.content.decode()
