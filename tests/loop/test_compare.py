"""The pure asked-vs-received comparison, on small files audited by the real audit."""

from datetime import date

import pytest

from foiatrack.audit import audit_path
from foiatrack.audit.compare import Ask, Delivery, compare_ask
from foiatrack.audit.field_catalogue import FIELDS, STAGE_FIELDS, check_catalogue, fields_for_stages
from tests.loop.samples import cad_calls_csv, calls_by_district_csv

FULL_YEAR = {"period_start": date(2011, 1, 1), "period_end": date(2011, 12, 31)}
ASKED = ["event_number", "timestamp", "address", "report_number"]


def deliver(tmp_path, name: str, content: bytes) -> Delivery:
    path = tmp_path / name
    path.write_bytes(content)
    findings = audit_path(str(path))[0].to_dict()
    return Delivery(name=name, findings=findings, format=name.rsplit(".", 1)[-1])


def ask(**extra) -> Ask:
    values = {"fields": ASKED, "detail_level": "Individual record", "format": "csv", **FULL_YEAR}
    values.update(extra)
    return Ask(**values)


def verdicts(comparison) -> dict[str, str]:
    return {item.field: item.verdict for item in comparison.fields}


def test_catalogue_names_only_roles_the_audit_knows():
    check_catalogue()
    assert set(fields_for_stages(["call", "report"])) <= set(FIELDS)
    assert fields_for_stages(["call"]) == STAGE_FIELDS["call"]


def test_complete_delivery_is_fulfilled(tmp_path):
    comparison = compare_ask(ask(), [deliver(tmp_path, "calls.csv", cad_calls_csv())])

    assert set(verdicts(comparison).values()) == {"delivered"}
    assert comparison.period["verdict"] == "complete"
    assert comparison.detail["verdict"] == "as_asked"
    assert comparison.format["verdict"] == "as_asked"
    assert comparison.outcome == "fulfilled"
    assert comparison.suggested_status == "fulfilled"


def test_dropped_columns_are_missing_and_the_outcome_is_partial_with_items_ignored(tmp_path):
    content = cad_calls_csv(drop=("Event#", "RD #"))
    comparison = compare_ask(ask(), [deliver(tmp_path, "calls.csv", content)])

    assert verdicts(comparison) == {
        "event_number": "missing",
        "timestamp": "delivered",
        "address": "delivered",
        "report_number": "missing",
    }
    assert comparison.outcome == "partially_fulfilled_ignored"
    assert "Event / CAD number" in comparison.outcome_reason


def test_sparse_key_is_delivered_but_mostly_empty_with_its_fill_rate(tmp_path):
    # One row in ten carries an RD number: 10 % filled, under the 20 % threshold.
    comparison = compare_ask(ask(), [deliver(tmp_path, "calls.csv", cad_calls_csv(rd_every=10))])
    report = next(item for item in comparison.fields if item.field == "report_number")

    assert report.verdict == "delivered_mostly_empty"
    assert report.fill_rate == pytest.approx(5 / 48, abs=0.001)
    assert report.column == "RD #"


def test_threshold_is_a_parameter(tmp_path):
    delivery = deliver(tmp_path, "calls.csv", cad_calls_csv(rd_every=10))
    comparison = compare_ask(ask(), [delivery], min_fill_rate=0.05)

    assert verdicts(comparison)["report_number"] == "delivered"


def test_redacted_column_is_redacted_and_an_exemption_explains_it(tmp_path):
    delivery = deliver(tmp_path, "calls.csv", cad_calls_csv(address="REDACTED"))
    comparison = compare_ask(ask(), [delivery], exempt_fields={"address": "5 ILCS 140/7(1)(c)"})
    address = next(item for item in comparison.fields if item.field == "address")

    assert address.verdict == "redacted"
    assert address.explained_by == "exemption"
    assert comparison.outcome == "partially_fulfilled_exemption"
    assert comparison.suggested_status == "partially_fulfilled"
    assert "5 ILCS 140/7(1)(c)" in comparison.outcome_reason


def test_missing_months_are_listed(tmp_path):
    months = [1, 2, 3, 5, 6, 7, 8, 9, 10]  # April, November and December missing
    comparison = compare_ask(ask(), [deliver(tmp_path, "calls.csv", cad_calls_csv(months=months))])

    assert comparison.period["verdict"] == "partial"
    assert comparison.period["missing_months"] == ["2011-04", "2011-11", "2011-12"]
    assert comparison.period["delivered_start"].startswith("2011-01")
    assert comparison.outcome == "partially_fulfilled_ignored"


def test_two_files_together_cover_the_period(tmp_path):
    first = deliver(tmp_path, "h1.csv", cad_calls_csv(months=range(1, 7)))
    second = deliver(tmp_path, "h2.csv", cad_calls_csv(months=range(7, 13)))

    comparison = compare_ask(ask(), [first, second])

    assert comparison.period["verdict"] == "complete"
    assert comparison.outcome == "fulfilled"


def test_aggregate_answer_to_a_record_level_ask_is_coarser(tmp_path):
    delivery = deliver(tmp_path, "counts.csv", calls_by_district_csv(years=(2011,)))
    comparison = compare_ask(ask(fields=["event_number", "beat_district"]), [delivery])

    assert comparison.detail == {
        "asked": "Individual record",
        "delivered": "Aggregated records",
        "verdict": "coarser",
    }
    assert verdicts(comparison) == {"event_number": "missing", "beat_district": "delivered"}
    assert comparison.outcome == "partially_fulfilled_ignored"


def test_excel_asked_but_csv_sent_is_a_different_format(tmp_path):
    comparison = compare_ask(ask(format="excel"), [deliver(tmp_path, "calls.csv", cad_calls_csv())])

    assert comparison.format == {"asked": "excel", "delivered": ["csv"], "verdict": "different"}


def test_fields_not_kept_by_the_agency_are_explained_not_ignored(tmp_path):
    delivery = deliver(tmp_path, "calls.csv", cad_calls_csv(drop=("RD #",)))
    comparison = compare_ask(ask(), [delivery], not_held={"report_number"})

    assert comparison.outcome == "partially_fulfilled_not_held"


def test_empty_file_suggests_no_responsive_records(tmp_path):
    header_only = cad_calls_csv(months=[])
    delivery = Delivery("empty.csv", {"rows": 0, "columns": [], "period": {}}, "csv")
    assert header_only.count(b"\n") == 1

    comparison = compare_ask(ask(), [delivery])

    assert comparison.outcome == "no_records"
    assert comparison.suggested_status == "no_records"


def test_nothing_audited_yet_suggests_nothing():
    comparison = compare_ask(ask(), [])

    assert comparison.outcome is None
    assert set(verdicts(comparison).values()) == {"missing"}
