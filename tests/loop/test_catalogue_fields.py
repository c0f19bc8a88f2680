"""Issue 22: the catalogue's new fields work everywhere it is used: the new-request form,
the letter, asked vs received, the availability tiers, the PDAP export and the follow-up
letter. Each check goes through the pages (test client) with expectations written here.

The arrests file is SYNTHETIC, in Open Baltimore's published arrest layout (`RowID,
ArrestNumber, Age, Gender, Race, ArrestDateTime, ...`); `without_demographics` drops Age
and Race, as an agency that withholds them would.
"""

import json

import pytest
from django.test import Client
from django.urls import reverse

from foiatrack.foia.letters import render_letter
from foiatrack.foia.models import Exemption, FoiaRequest
from foiatrack.pipeline.models import FollowUpDraft

ASKED = ["arrest_number", "timestamp", "subject_race", "subject_age", "subject_sex"]


def arrests_csv(*, without_demographics: bool = False, rows: int = 60) -> bytes:
    header = ["RowID", "ArrestNumber", "Age", "Gender", "Race", "ArrestDateTime", "District"]
    drop = {"Age", "Race"} if without_demographics else set()
    keep = [i for i, name in enumerate(header) if name not in drop]
    lines = [",".join(header[i] for i in keep)]
    for n in range(rows):
        values = [
            str(n + 1),
            str(21000000 + n),
            str(18 + n % 50),
            "MF"[n % 2],
            "BWA"[n % 3],
            f"2011/0{1 + n % 9}/1{n % 10} 10:00:00+00",
            "Central",
        ]
        lines.append(",".join(values[i] for i in keep))
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def police(directory):
    return directory["chicago-police"]


def test_new_request_form_offers_the_new_fields(staff_client):
    page = staff_client.get(reverse("foia:request_create")).content.decode()
    for code, label in [
        ("subject_race", "Race of the person"),
        ("officer_sex", "Responding officers&#x27; sex / gender"),
        ("priority", "Call priority"),
        ("admission_date", "Admission date"),
        ("bond", "Bond type and amount"),
    ]:
        assert f'value="{code}"' in page
        assert label in page


def test_letter_lists_the_new_fields_by_label(staff_client, staff_user, police, stages):
    staff_client.post(
        reverse("foia:request_create"),
        {
            "title": "Arrests with race and age",
            "agency": police.id,
            "records_requested": "Every arrest in 2011.",
            "stages": [stages["arrest"].id],
            "period_start": "2011-01-01",
            "period_end": "2011-12-31",
            "fields_wanted": ASKED,
            "detail_level_wanted": "Individual record",
            "format_wanted": "csv_or_excel",
        },
    )
    request = FoiaRequest.objects.get(title="Arrests with race and age")
    assert request.fields_wanted == ASKED
    letter = render_letter(request=request, kind="initial", author=staff_user)
    for label in ("Race of the person", "Age of the person", "Sex / gender of the person"):
        assert f"  - {label}" in letter


def test_asked_vs_received_finds_the_demographics(staff_client, police, make_request, ingest):
    request = make_request(police, stages=("arrest",), fields_wanted=[*ASKED, "officer_race"])
    ingest("arrests.csv", arrests_csv(), request=request, stage="arrest")
    response = staff_client.get(reverse("pipeline:asked_vs_received_csv", args=[request.id]))
    text = b"".join(response.streaming_content).decode()
    assert "field,Race of the person,delivered,100.0" in text
    assert "field,Age of the person,delivered,100.0" in text
    assert "field,Sex / gender of the person,delivered,100.0" in text
    assert "field,Responding officers' race,missing" in text


def test_availability_tiers_for_the_new_fields_per_stage(client, directory, make_request, ingest):
    police = directory["chicago-police"]
    request = make_request(police, stages=("arrest",), fields_wanted=ASKED)
    ingest("arrests.csv", arrests_csv(), request=request, stage="arrest")
    idoc = directory["illinois-doc"]
    prison = make_request(idoc, stages=("prison",), fields_wanted=["admission_date"])
    Exemption.objects.create(
        request=prison, section="5 ILCS 140/7(1)(b)", text="Privacy.", fields=["admission_date"]
    )
    prison.fields_not_held = ["parole_date"]
    prison.save(update_fields=["fields_not_held"])
    payload = client.get(reverse("pipeline:availability_download", args=["json"])).json()
    tier = {(row["stage"], row["field"]): row for row in payload["rows"]}
    assert tier["arrest", "subject_race"]["tier"] == "obtained"
    assert tier["arrest", "subject_race"]["filled_pct"] == 100.0
    assert tier["arrest", "officer_race"]["tier"] == "unknown"
    assert tier["prison", "admission_date"]["tier"] == "withheld"
    assert tier["prison", "parole_date"]["tier"] == "not_collected"
    assert tier["prison", "projected_release_date"]["tier"] == "unknown"
    page = client.get(reverse("pipeline:availability")).content.decode()
    assert "Race of the person" in page and "Admission date" in page


def test_pdap_export_names_the_delivered_fields(client, directory, make_request, ingest):
    police = directory["chicago-police"]
    request = make_request(police, stages=("arrest",), fields_wanted=ASKED, is_public=True)
    ingest("arrests.csv", arrests_csv(), request=request, stage="arrest")
    response = client.get(reverse("pipeline:catalogue_download", args=["json"]))
    text = (
        response.content.decode()
        if not response.streaming
        else b"".join(response.streaming_content).decode()
    )
    entries = json.loads(text)
    entries = entries if isinstance(entries, list) else entries.get("data_sources", entries)
    description = next(e["description"] for e in entries if e["record_type"] == "Arrest Records")
    assert "Race of the person" in description and "Age of the person" in description
    assert "Responding officers' race" not in description


def test_follow_up_asks_for_the_demographics_that_did_not_come_back(
    staff_user, police, make_request, ingest, stages
):
    request = make_request(police, stages=("arrest",), fields_wanted=ASKED)
    table = ingest(
        "arrests.csv", arrests_csv(without_demographics=True), request=request, stage="arrest"
    )
    staff = Client()
    staff.force_login(staff_user)
    response = staff.post(reverse("pipeline:followup_create", args=[table.id]))
    assert response.status_code in (302, 303)
    draft = FollowUpDraft.objects.get(table=table)
    assert (
        "You released arrest records without the arrestee's race and age; please provide them."
        in draft.text
    )
    assert "Race of the person" in draft.missing_fields
    assert "Sex / gender of the person" not in draft.missing_fields  # Gender came back
    assert Client().post(reverse("pipeline:followup_create", args=[table.id])).status_code in (
        302,
        403,
    )
    assert FollowUpDraft.objects.filter(table=table).count() == 1


def test_availability_page_shows_each_stage_s_fields_by_tier(
    client, directory, make_request, ingest
):
    police = directory["chicago-police"]
    request = make_request(police, stages=("arrest",), fields_wanted=ASKED)
    ingest("arrests.csv", arrests_csv(without_demographics=True), request=request, stage="arrest")
    Exemption.objects.create(
        request=request, section="5 ILCS 140/7(1)(c)", text="Privacy.", fields=["subject_race"]
    )
    url = reverse(
        "pipeline:availability_jurisdiction_download", args=["chicago", "by-stage", "json"]
    )
    rows = client.get(url).json()["rows"]
    arrest = next(row for row in rows if row["stage_label"] == "Arrest")
    assert "Sex / gender of the person" in arrest["obtainable"]  # Gender came back
    assert "Race of the person" in arrest["withheld"]
    assert "Age of the person" not in arrest["obtainable"]
    assert arrest["released"] == "—"
    page = client.get(reverse("pipeline:availability_jurisdiction", args=["chicago"]))
    assert page.status_code == 200 and "Fields by stage" in page.content.decode()
