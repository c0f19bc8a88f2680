"""Meaning classes of issue 13 (roles, stray dates, holes, personal data) on the synthetic
corpus in tests/corpus/meaning (see its README): expectations come from pandas on the same
bytes, never from the audit."""

import json
from io import StringIO
from pathlib import Path

import pandas as pd
import pytest
from django.core.management import call_command

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "meaning"


def audit(name: str) -> dict:
    out = StringIO()
    call_command("audit_file", str(CORPUS / name), "--json", stdout=out)
    data = json.loads(out.getvalue())
    return (data if isinstance(data, list) else data.get("tables", [data]))[0]


def roles(table: dict) -> dict[str, str]:
    return {column["name"]: column["role"] for column in table["columns"]}


def flag(table: dict, code: str) -> dict | None:
    return next((f for f in table["flags"] if f["code"] == code), None)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "camelcase_arrests.csv",
            {
                "RowID": "record_id",
                "ArrestNumber": "arrest_number",
                "Age": "age",
                "ArrestDateTime": "timestamp",
                "ArrestLocation": "address",
                "Post": "beat",
                "Neighborhood": "neighborhood",
                "ChargeDescription": "charge_description",
            },
        ),
        (
            "socrata_crimes.csv",
            {
                "case_number": "report_number",
                "primary_type": "offense_type",
                "location_description": "premise_type",
                "block": "block",
                "arrest": "arrest_made",  # yes/no, not an arrest number
            },
        ),
        (
            "seattle_style_calls.csv",
            {
                "CAD Event Number": "event_number",
                "General Offense Number": "report_number",
                "Hundred Block Location": "block",
                "District/Sector": "district",
                "Zone/Beat": "beat",
                "CAD CDW ID": "record_id",
            },
        ),
        (
            "hash_headers.csv",
            {"CB_NO": "arrest_number", "RD #": "report_number", "Event#": "event_number"},
        ),
    ],
)
def test_header_styles_give_roles_by_their_words(name, expected):
    got = roles(audit(name))
    assert {column: got[column] for column in expected} == expected


def test_an_agency_report_number_is_a_link_key_and_a_row_counter_a_record_id():
    frame = pd.read_csv(CORPUS / "camelcase_arrests.csv", dtype=str)
    row_ids = frame["RowID"].astype(int)
    assert row_ids.is_unique and row_ids.max() - row_ids.min() + 1 == len(frame)
    got = roles(audit("camelcase_arrests.csv"))
    assert got["RowID"] == "record_id" and got["ArrestNumber"] == "arrest_number"


def test_headerless_columns_get_roles_from_their_values():
    frame = pd.read_csv(CORPUS / "headerless_cad.csv", header=None, dtype=str)
    table = audit("headerless_cad.csv")
    by_position = [column["role"] for column in table["columns"]]
    assert frame[0].is_unique  # the call number
    assert by_position[0] == "reference_number"
    # A date column beside a clock column is one event time: the date takes "timestamp".
    assert by_position[2] == "timestamp" and by_position[3] == "time"
    assert by_position[5] == "address" and by_position[6] == "city"
    assert by_position[7] == "state" and set(frame[7]) == {"NV"}
    assert by_position[8] == "reference_number"


def test_a_few_stray_dates_are_suspect_and_do_not_stretch_the_period():
    frame = pd.read_csv(CORPUS / "outlier_dates.csv", dtype=str)
    dates = pd.to_datetime(frame["date"])
    core = dates[(dates.dt.year > 2000) & (dates.dt.year < 2050)]
    table = audit("outlier_dates.csv")
    assert table["period"] == {
        "start": str(core.min().date()),
        "end": str(core.max().date()),
    }
    suspect = flag(table, "SUSPECT_DATES")
    assert suspect["evidence"]["rows"] == len(dates) - len(core)
    assert suspect["evidence"]["range"] == [
        str(dates[~dates.isin(core)].min().date()),
        str(dates[~dates.isin(core)].max().date()),
    ]


def test_a_file_without_strays_has_no_suspect_dates():
    table = audit("socrata_crimes.csv")
    dates = pd.to_datetime(pd.read_csv(CORPUS / "socrata_crimes.csv", dtype=str)["date"])
    assert flag(table, "SUSPECT_DATES") is None
    assert table["period"]["start"] == str(dates.min().date())


def test_a_mostly_masked_location_gives_no_usable_location_with_its_share():
    frame = pd.read_csv(CORPUS / "placeholder_location.csv", dtype=str, keep_default_na=False)
    usable = ((frame["ArrestLocation"] != "") & (frame["ArrestLocation"] != "XXXX")).mean()
    table = audit("placeholder_location.csv")
    assert usable < 0.2
    assert table["geo_resolution"] == "none"
    shares = flag(table, "NO_LOCATION")["evidence"]["unusable_columns"]
    assert shares["ArrestLocation"] == pytest.approx(usable, abs=1e-4)


def test_a_district_absent_in_one_year_is_a_hole_for_that_year():
    frame = pd.read_csv(CORPUS / "district_year_hole.csv", dtype=str)
    year = pd.to_datetime(frame["ReportedDateTime"]).dt.year
    present = frame.groupby([frame["Police District"], year]).size().unstack(fill_value=0)
    expected = [
        {
            "area": district,
            "periods": [str(y) for y in present.columns if present.at[district, y] == 0],
        }
        for district in present.index
        if (present.loc[district] == 0).any()
    ]
    holes = flag(audit("district_year_hole.csv"), "AREA_PERIOD_HOLES")
    assert expected and holes["evidence"]["holes"] == expected
    assert holes["evidence"]["unit"] == "year"


def test_names_and_birth_dates_are_found_from_values_and_kept_from_the_public():
    frame = pd.read_csv(CORPUS / "names_dob_unlabelled.csv", dtype=str)
    assert frame["FIELD3"].str.fullmatch(r"[A-Z]+, [A-Z]+").all()
    age = (pd.to_datetime(frame["FIELD2"]) - pd.to_datetime(frame["FIELD4"])).dt.days / 365.25
    assert age.between(10, 100).all()
    table = audit("names_dob_unlabelled.csv")
    got = roles(table)
    assert got["FIELD3"] == "person_name" and got["FIELD4"] == "date_of_birth"
    positions = {f"column {frame.columns.get_loc(c) + 1}" for c in ("FIELD3", "FIELD4")}
    # Generic headers may be values: the flag names the columns by position.
    assert set(flag(table, "PERSONAL_DATA")["evidence"]["columns"]) == positions


def test_a_name_read_as_a_header_never_reaches_the_personal_data_flag(tmp_path):
    source = pd.read_csv(CORPUS / "names_dob_unlabelled.csv", dtype=str)
    path = tmp_path / "no_header.csv"
    source.to_csv(path, header=False, index=False)  # the same export without its header
    first_name = source.iloc[0]["FIELD3"]
    out = StringIO()
    call_command("audit_file", str(path), "--json", stdout=out)
    data = json.loads(out.getvalue())
    table = (data if isinstance(data, list) else data.get("tables", [data]))[0]
    personal = flag(table, "PERSONAL_DATA")
    assert personal is not None
    assert first_name not in json.dumps(personal)


def test_public_findings_hide_values_of_columns_found_personal_from_values():
    from foiatrack.received.selectors import _public_column

    table = audit("names_dob_unlabelled.csv")
    public = [_public_column(column) for column in table["columns"]]
    names = next(column for column in public if column["role"] == "person_name")
    assert "examples" not in names and names["minimum"] is None and names["maximum"] is None


def test_unlabelled_degree_columns_side_by_side_are_latitude_and_longitude(tmp_path):
    """SYNTHETIC: Open Baltimore's address, Latitude, Longitude written with no header."""
    rows = [f"{100 + i} PARK AVE,{39.2 + i / 1000:.6f},{-76.6 - i / 1000:.6f}" for i in range(40)]
    path = tmp_path / "points.csv"
    path.write_text("\n".join(rows) + "\n")
    frame = pd.read_csv(path, header=None)
    assert frame[1].between(-90, 90).all() and (frame[1] > 0).all() and (frame[2] < 0).all()
    table = audit_path_json(path)
    assert [c["role"] for c in table["columns"]][1:] == ["latitude", "longitude"]
    assert table["geo_resolution"] == "point"


def audit_path_json(path) -> dict:
    out = StringIO()
    call_command("audit_file", str(path), "--json", stdout=out)
    data = json.loads(out.getvalue())
    return (data if isinstance(data, list) else data.get("tables", [data]))[0]
