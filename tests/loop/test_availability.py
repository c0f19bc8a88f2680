"""Availability tiers, stage-pair linkability and the PDAP catalogue on the public pages
and in their JSON downloads; no raw value from a file ever appears there."""

import csv
import io

from django.urls import reverse

from foiatrack.foia.models import AccessRoute, Exemption
from foiatrack.loop.catalogue import PDAP_FIELDS, catalogue_problems
from foiatrack.pipeline.models import LinkRun
from tests.loop.samples import cad_calls_csv, court_cases_csv


def tiers(payload: dict, stage: str = "call") -> dict[str, str]:
    return {row["field"]: row["tier"] for row in payload["rows"] if row["stage"] == stage}


def test_each_field_gets_its_tier_in_the_json_download(
    client, oemc, make_request, ingest, settings
):
    settings.FOIATRACK_MIN_FILL_RATE = 0.2
    request = make_request(oemc, fields_not_held=["disposition"])
    ingest("calls.csv", cad_calls_csv(rd_every=10, address="REDACTED"), request=request)
    Exemption.objects.create(
        request=request, section="5 ILCS 140/7(1)(c)", text="Privacy.", fields=["address"]
    )

    payload = client.get(reverse("pipeline:availability_download", args=["json"])).json()

    found = tiers(payload)
    assert found["event_number"] == "obtained"
    assert found["address"] == "withheld"
    assert found["report_number"] == "unusable"
    assert found["disposition"] == "not_collected"
    assert found["event_type"] == "obtained"
    row = next(r for r in payload["rows"] if r["field"] == "address")
    assert row["exemption"] == "5 ILCS 140/7(1)(c)"


def test_open_data_route_makes_a_field_published(client, directory, ingest, stages):
    police = directory["chicago-police"]
    AccessRoute.objects.create(agency=police, stage=stages["report"], route="open_data")
    ingest("crimes.csv", cad_calls_csv(), agency=police, stage="report")

    payload = client.get(reverse("pipeline:availability_download", args=["json"])).json()

    assert tiers(payload, "report")["report_number"] == "published"


def test_threshold_is_a_setting(client, oemc, make_request, ingest, settings):
    ingest("calls.csv", cad_calls_csv(rd_every=10), request=make_request(oemc))

    settings.FOIATRACK_MIN_FILL_RATE = 0.05
    payload = client.get(reverse("pipeline:availability_download", args=["json"])).json()

    assert tiers(payload)["report_number"] == "obtained"


def test_availability_page_and_jurisdiction_page_show_tiers(client, oemc, make_request, ingest):
    ingest("calls.csv", cad_calls_csv(), request=make_request(oemc))

    overview = client.get(reverse("pipeline:availability")).content.decode()
    place = client.get(
        reverse("pipeline:availability_jurisdiction", args=["chicago"])
    ).content.decode()

    for page in (overview, place):
        assert "Obtained by request" in page
        assert "Event / CAD number" in page
    csv_text = b"".join(
        client.get(
            reverse(
                "pipeline:availability_jurisdiction_download",
                args=["chicago", "availability", "csv"],
            )
        ).streaming_content
    ).decode()
    assert "Event / CAD number" in csv_text


def test_stage_pair_linkability_uses_the_measured_run(client, directory, ingest):
    calls = ingest("calls.csv", cad_calls_csv(), agency=directory["chicago-oemc"], stage="call")
    reports = ingest(
        "reports.csv",
        cad_calls_csv(drop=("Event#",)),
        agency=directory["chicago-police"],
        stage="report",
    )
    LinkRun.objects.create(
        left_table=calls,
        right_table=reports,
        status=LinkRun.Status.DONE,
        linkability_level="L2",
        keys=[{"kind": "report_number"}],
        left_rows=48,
        linked_left=36,
        link_rate=0.75,
        method="deterministic",
    )

    payload = client.get(reverse("pipeline:stage_links_download", args=["json"])).json()

    row = next(r for r in payload["rows"] if (r["from_stage"], r["to_stage"]) == ("call", "report"))
    assert row["level"] == "L2"
    assert row["keys"] == "report_number"
    assert row["link_rate_pct"] == 75.0
    assert row["measured"] == "yes"
    assert (
        "Linkability between stages"
        in client.get(reverse("pipeline:availability")).content.decode()
    )


def test_unmeasured_adjacent_stages_show_the_level_their_keys_promise(client, directory, ingest):
    ingest("calls.csv", cad_calls_csv(), agency=directory["chicago-oemc"], stage="call")
    # Different bytes: the same file uploaded twice is stored once.
    reports = cad_calls_csv(per_month=3)
    ingest("reports.csv", reports, agency=directory["chicago-police"], stage="report")

    payload = client.get(reverse("pipeline:stage_links_download", args=["json"])).json()

    row = payload["rows"][0]
    assert (row["from_stage"], row["to_stage"], row["measured"]) == ("call", "report", "no")
    assert row["level"] == "L2"
    assert row["link_rate_pct"] is None


def test_public_pages_never_show_values_from_files(client, oemc, make_request, ingest):
    ingest("calls.csv", cad_calls_csv(), request=make_request(oemc))

    pages = [
        client.get(reverse("pipeline:availability")).content.decode(),
        client.get(reverse("pipeline:catalogue")).content.decode(),
        client.get(reverse("pipeline:availability_download", args=["json"])).content.decode(),
        client.get(reverse("pipeline:catalogue_download", args=["json"])).content.decode(),
    ]
    for page in pages:
        assert "N CLARK ST" not in page
        assert "HT300000" not in page
        assert "11000000" not in page
        assert "CAD calls 2011" not in page  # a private request's title


def test_pdap_catalogue_validates_against_fields_and_allowed_values(
    client, directory, oemc, make_request, ingest
):
    # A public request: the catalogue leaves out files of private ones.
    ingest("calls.csv", cad_calls_csv(), request=make_request(oemc, is_public=True))
    ingest(
        "cases.csv", court_cases_csv(), agency=directory["cook-county-circuit-clerk"], stage="court"
    )

    payload = client.get(reverse("pipeline:catalogue_download", args=["json"])).json()

    assert payload["fields"] == PDAP_FIELDS
    entries = payload["data_sources"]
    assert len(entries) == 2
    for entry in entries:
        assert catalogue_problems(entry) == []
    by_type = {entry["record_type"]: entry for entry in entries}
    assert by_type["Calls for Service"]["detail_level"] == "Individual record"
    assert by_type["Calls for Service"]["record_formats"] == ["CSV"]
    assert by_type["Calls for Service"]["coverage_start"].startswith("2011-01")
    assert "5 ILCS 140" in by_type["Calls for Service"]["access_notes"]
    assert "court rules" in by_type["Court Cases"]["access_notes"]
    rows = list(
        csv.reader(
            io.StringIO(
                b"".join(
                    client.get(
                        reverse("pipeline:catalogue_download", args=["csv"])
                    ).streaming_content
                ).decode()
            )
        )
    )
    assert rows[0] == PDAP_FIELDS
    assert len(rows) == 3


def test_catalogue_problems_catch_a_wrong_value():
    entry = dict.fromkeys(PDAP_FIELDS)
    entry.update(record_type="911 calls", detail_level="Row", agency_supplied=True)

    problems = catalogue_problems(entry)

    assert any("record_type" in problem for problem in problems)
    assert any("detail_level" in problem for problem in problems)


def test_a_stage_nobody_answered_lists_its_fields_as_unknown(client, directory, make_request):
    sheriff = directory["cook-county-sheriff"]
    request = make_request(sheriff, stages=("jail",), fields_wanted=["booking_number"])
    Exemption.objects.create(
        request=request,
        section="5 ILCS 140/7(1)(d)",
        text="Law enforcement.",
        fields=["case_number"],
    )

    payload = client.get(reverse("pipeline:availability_download", args=["json"])).json()

    found = tiers(payload, "jail")
    assert found["case_number"] == "withheld"
    # Blank is never read as zero: no answer is "unknown", not "not collected".
    assert found["booking_number"] == "unknown"
