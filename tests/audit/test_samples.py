"""Every sample in datasets/ is audited with the right granularity, roles, resolutions, flags."""

import pytest

from .conftest import audit_sample, column, flag_codes, roles_of


@pytest.fixture(scope="module")
def cjp():
    return audit_sample("cjp_calls_by_district_2008_2011.csv", jurisdiction="chicago")[0]


def test_cjp_aggregate_is_recognised_as_aggregate_by_year_district_and_type(cjp):
    assert cjp.granularity == "aggregate"
    assert cjp.aggregate_dimensions == ["Year", "District", "Event Type"]
    assert roles_of(cjp) == {
        "Year": "year",
        "District": "district",
        "Event Type": "event_type",
        "Calls": "count",
    }


def test_cjp_aggregate_reproduces_the_2011_total_exactly(cjp):
    assert cjp.total_by_year["2011"] == 6_595_636
    assert set(cjp.total_by_year) == {"2008", "2009", "2010", "2011"}


def test_cjp_aggregate_has_year_and_district_resolution_and_its_flags(cjp):
    assert (cjp.time_resolution, cjp.geo_resolution) == ("year", "district")
    assert (cjp.period_start, cjp.period_end) == ("2008-01-01", "2011-12-31")
    assert flag_codes(cjp) == {
        "AGGREGATED_ONLY",
        "NO_RECORD_ID",
        "NO_INCIDENT_LINK",
        "COARSE_LOCATION",
        "COARSE_TIME",
    }


def test_cjp_aggregate_covers_all_25_districts_that_existed_before_2012(cjp):
    assert cjp.areas_covered == [str(n) for n in range(1, 26)]
    assert cjp.missing_areas == []


def test_seattle_fire_file_is_record_level_with_points_and_no_flags():
    audit = audit_sample("seattle_fire_911_2019.csv")[0]
    assert (audit.granularity, audit.time_resolution, audit.geo_resolution) == (
        "record",
        "timestamp",
        "point",
    )
    assert roles_of(audit) == {
        "Address": "address",
        "Type": "event_type",
        "Datetime": "timestamp",
        "Latitude": "latitude",
        "Longitude": "longitude",
        "Report Location": "other",
        "Incident Number": "event_number",
    }
    assert audit.total_by_year is None
    assert audit.flags == []


def test_milwaukee_calls_show_missing_month_missing_district_and_duplicates():
    audit = audit_sample("milwaukee_police_calls_2016.csv", jurisdiction="milwaukee")[0]
    assert (audit.granularity, audit.time_resolution, audit.geo_resolution) == (
        "record",
        "timestamp",
        "address",
    )
    assert audit.missing_periods == ["2016-04"]
    assert audit.missing_areas == ["6"]
    assert flag_codes(audit) == {"MISSING_PERIODS", "MISSING_AREAS", "DUPLICATE_IDS"}
    duplicate = next(f for f in audit.flags if f.code == "DUPLICATE_IDS")
    assert duplicate.evidence["duplicate_rows"] == 10
    assert roles_of(audit)["Police District"] == "district"
    assert roles_of(audit)["Nature of Call"] == "event_type"


def test_chicago_crimes_case_number_is_read_as_a_report_number():
    audit = audit_sample("chicago_crimes_2011.csv", jurisdiction="chicago")[0]
    roles = roles_of(audit)
    assert roles["ID"] == "record_id"
    assert roles["Case Number"] == "report_number"
    assert roles["Block"] == "block"
    assert roles["Primary Type"] == "offense_type"
    assert roles["X Coordinate"] == "x_coordinate"
    assert roles["Community Area"] == "community_area"
    assert roles["Location"] == "other"
    assert (audit.granularity, audit.time_resolution, audit.geo_resolution) == (
        "record",
        "timestamp",
        "point",
    )
    assert audit.flags == []


def test_cad_calls_flag_the_mostly_empty_rd_number():
    audit = audit_sample("chicago_calls_cad_2011.csv", jurisdiction="chicago")[0]
    assert roles_of(audit)["RD #"] == "report_number"
    assert roles_of(audit)["Event#"] == "event_number"
    assert flag_codes(audit) == {"HIGH_NULL_KEY"}
    flag = audit.flags[0]
    assert flag.evidence["column"] == "RD #"
    assert flag.evidence["null_rate"] == pytest.approx(0.7)


def test_prosecutor_dispositions_have_case_ids_dates_and_no_location():
    audit = audit_sample("ccsao_dispositions_sentencing_2011.csv")[0]
    roles = roles_of(audit)
    assert roles["CASE_ID"] == "case_number"
    assert roles["CASE_PARTICIPANT_ID"] == "record_id"
    assert roles["RECEIVED_DATE"] == "date"
    assert roles["CHARGE_DISPOSITION"] == "disposition"
    assert roles["SENTENCE_TYPE"] == "sentence"
    assert column(audit, "RECEIVED_DATE").inferred_type == "date"
    assert (audit.granularity, audit.time_resolution, audit.geo_resolution) == (
        "record",
        "date",
        "none",
    )
    assert flag_codes(audit) == {"NO_LOCATION"}


def test_jail_bookings_flag_personal_data():
    audit = audit_sample("jail_bookings_2011.csv")[0]
    roles = roles_of(audit)
    assert roles["Booking Number"] == "booking_number"
    assert roles["Case Number"] == "case_number"
    assert roles["Last Name"] == roles["First Name"] == "person_name"
    assert roles["Date of Birth"] == "date_of_birth"
    assert flag_codes(audit) == {"NO_LOCATION", "PERSONAL_DATA"}
    personal = next(f for f in audit.flags if f.code == "PERSONAL_DATA")
    assert personal.evidence["columns"] == ["Last Name", "First Name", "Date of Birth"]


def test_workbook_gives_one_aggregate_table_per_non_empty_sheet():
    audits = audit_sample("oemc_calls_by_month_2010_2011.xlsx")
    assert [a.name for a in audits] == [
        "oemc_calls_by_month_2010_2011.xlsx › 2010",
        "oemc_calls_by_month_2010_2011.xlsx › 2011",
    ]
    for audit, year in zip(audits, ("2010", "2011"), strict=True):
        assert (audit.granularity, audit.time_resolution, audit.geo_resolution) == (
            "aggregate",
            "month",
            "district",
        )
        assert (audit.period_start, audit.period_end) == (f"{year}-01-01", f"{year}-12-31")
        assert list(audit.total_by_year) == [year]
        assert audit.rows == 300


def test_messy_export_is_decoded_as_cp1252_and_its_non_data_rows_dropped():
    audit = audit_sample("messy_agency_export_cp1252.csv")[0]
    assert audit.encoding == "cp1252"
    assert audit.header_row == 3
    assert audit.rows == 1200
    assert audit.dropped_rows == {"repeated_header": 1, "total": 1, "footer": 1}
    assert column(audit, "Incident #").inferred_type == "integer"
    location = column(audit, "Location")
    assert location.redacted_count == 24
    assert location.null_count == 24 + 30  # REDACTED plus N/A cells
    assert flag_codes(audit) == {"REDACTED_FIELDS"}


def test_archive_members_are_audited_as_separate_tables():
    audits = audit_sample("agency_export_2011.zip")
    assert [a.name for a in audits] == [
        "agency_export_2011.zip › export/seattle_fire_911_2019.csv",
        "agency_export_2011.zip › export/jail_bookings_2011.csv",
    ]
    assert [a.rows for a in audits] == [2500, 1500]
    assert "PERSONAL_DATA" in flag_codes(audits[1])
