"""Roles from header names and values; an admin's overrides win."""

import pytest

from foiatrack.audit import audit_table, list_tables
from foiatrack.audit.roles import role_from_name

from .conftest import DATASETS, column, flag_codes


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("Case Number", "case_number"),
        ("RD #", "report_number"),
        ("RD_NO", "report_number"),
        ("CB_NO", "arrest_number"),
        ("Incident Number", "event_number"),
        ("Event#", "event_number"),
        ("CASE_ID", "case_number"),
        ("Booking Number", "booking_number"),
        ("Date", "date"),
        ("ARREST DATE", "date"),
        ("Datetime", "timestamp"),
        ("Block", "block"),
        ("Address", "address"),
        ("Latitude", "latitude"),
        ("Longitude", "longitude"),
        ("X Coordinate", "x_coordinate"),
        ("Beat", "beat"),
        ("District", "district"),
        ("Ward", "ward"),
        ("Community Area", "community_area"),
        ("Type", "event_type"),
        ("Primary Type", "offense_type"),
        ("IUCR", "offense_type"),
        ("Count", "count"),
        ("Calls", "count"),
        ("Total", "count"),
        ("Last Name", "person_name"),
        ("DOB", "date_of_birth"),
        ("Date of Birth", "date_of_birth"),
        ("Year", "year"),
        ("Day of Week", "weekday"),
    ],
)
def test_header_names_suggest_roles(header, role):
    assert role_from_name(header) == role


def test_an_unnamed_unique_code_column_is_taken_for_a_record_id(write_file):
    rows = "".join(f"C{i:03d}-{i * 7:04d},THEFT\n" for i in range(50))
    path = write_file("ids.csv", "Ref,Kind\n" + rows)
    audit = audit_table(path, list_tables(path)[0])
    assert column(audit, "Ref").role == "record_id"


def test_an_unnamed_column_of_rd_numbers_is_taken_for_report_numbers(write_file):
    rows = "".join(f"HT{100000 + i * 7},THEFT\n" for i in range(50))
    path = write_file("rds.csv", "Ref,Kind\n" + rows)
    audit = audit_table(path, list_tables(path)[0])
    assert column(audit, "Ref").role == "report_number"


def test_a_count_header_over_words_is_not_a_count(write_file):
    path = write_file("words.csv", "Event#,Total\n1,many\n2,few\n")
    audit = audit_table(path, list_tables(path)[0])
    assert column(audit, "Total").role == "other"


def test_role_overrides_win_and_are_marked_as_corrections():
    path = str(DATASETS / "chicago_calls_cad_2011.csv")
    source = list_tables(path)[0]
    audit = audit_table(path, source, role_overrides={"RD #": "other", "Beat": "district"})
    assert column(audit, "RD #").role == "other"
    assert column(audit, "RD #").role_was_corrected is True
    assert column(audit, "Event#").role_was_corrected is False
    assert "HIGH_NULL_KEY" not in flag_codes(audit)


def test_overriding_with_an_unknown_role_is_refused():
    path = str(DATASETS / "seattle_fire_911_2019.csv")
    with pytest.raises(ValueError, match="Unknown role"):
        audit_table(path, list_tables(path)[0], role_overrides={"Type": "flavour"})


def test_an_unnamed_id_column_past_the_exact_bound_is_still_taken_for_an_id(
    write_file, monkeypatch
):
    from foiatrack.audit import api

    monkeypatch.setattr(api, "EXACT_LIMIT", 1_000)  # "Ref" is not an ID name: small bound
    rows = "".join(f"C{i:06d}-X,THEFT\n" for i in range(20_000))
    path = write_file("ids.csv", "Ref,Kind\n" + rows)
    audit = audit_table(path, list_tables(path)[0])
    ref = column(audit, "Ref")
    assert ref.distinct_is_exact is False
    assert ref.role == "record_id"
