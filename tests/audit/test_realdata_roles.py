"""Roles, IDs and fill rates of the real agency files (../shared/realdata/files) against
facts computed here with plain pandas. Periods that depend on time parsing (13a) are not
asserted here; the roles of those columns are."""

import json
import re
from io import StringIO

import pandas as pd
import pytest
from django.core.management import call_command

from tests.conftest import REPO_ROOT, require

REAL = REPO_ROOT.parent / "shared" / "realdata" / "files"
KEY_WORDS = re.compile(r"(arrest|report|case|event|offen[cs]e)\W*_?(number|no|num|#)", re.I)


def real(name: str):
    path = REAL / name
    require(path.exists(), f"real file {name} not present")
    return path


def audit(path) -> dict:
    out = StringIO()
    call_command("audit_file", str(path), "--json", stdout=out)
    data = json.loads(out.getvalue())
    return (data if isinstance(data, list) else data.get("tables", [data]))[0]


def split_words(name: str) -> str:
    return re.sub(r"([a-z])([A-Z])", r"\1 \2", name)


@pytest.mark.parametrize(
    "name",
    ["baltimore_arrests_2021.csv", "chicago_crimes_2012_api.csv", "seattle_911_calls_2016-03.csv"],
)
def test_columns_whose_words_say_a_number_of_another_stage_are_link_keys(name):
    path = real(name)
    frame = pd.read_csv(path, dtype=str, encoding="utf-8-sig")
    keys = [c for c in frame.columns if KEY_WORDS.search(split_words(c).replace("_", " "))]
    table = audit(path)
    roles = {column["name"]: column["role"] for column in table["columns"]}
    assert keys
    for column in keys:
        assert roles[column] in {"event_number", "report_number", "arrest_number", "case_number"}
    assert not any(f["code"] == "NO_INCIDENT_LINK" for f in table["flags"])


def test_baltimore_roles_ids_and_fill_rates():
    path = real("baltimore_arrests_2021.csv")
    frame = pd.read_csv(path, dtype=str, encoding="utf-8-sig")
    table = audit(path)
    columns = {column["name"]: column for column in table["columns"]}
    assert frame["RowID"].is_unique and columns["RowID"]["role"] == "record_id"
    expected = {
        "ArrestDateTime": "timestamp",
        "ArrestLocation": "address",
        "Post": "beat",
        "Neighborhood": "neighborhood",
        "Age": "age",
        "Gender": "sex",
        "Race": "race",
        "District": "district",
        "IncidentLocation": "address",
    }
    assert {name: columns[name]["role"] for name in expected} == expected
    for name in ("ArrestNumber", "ArrestLocation", "District", "Latitude"):
        assert columns[name]["null_rate"] == pytest.approx(frame[name].isna().mean(), abs=1e-4)
    # Locations are filled in well under half the rows: flagged with their shares.
    share = frame["ArrestLocation"].notna().mean()
    sparse = next(f for f in table["flags"] if f["code"] == "SPARSE_LOCATION")
    assert sparse["evidence"]["columns"]["ArrestLocation"] == pytest.approx(share, abs=1e-4)


def test_chicago_socrata_lower_case_roles():
    path = real("chicago_crimes_2012_api.csv")
    frame = pd.read_csv(path, dtype=str)
    roles = {column["name"]: column["role"] for column in audit(path)["columns"]}
    assert roles["location_description"] == "premise_type"
    assert roles["primary_type"] == "offense_type" and roles["block"] == "block"
    assert set(frame["arrest"].dropna().str.lower()) <= {"true", "false"}
    # A yes/no column: whether an arrest was made (issue 22), not an arrest number.
    assert roles["arrest"] == "arrest_made"


def test_seattle_prefixed_headers_and_unique_ids():
    path = real("seattle_911_calls_2016-03.csv")
    frame = pd.read_csv(path, dtype=str)
    table = audit(path)
    roles = {column["name"]: column["role"] for column in table["columns"]}
    assert frame["CAD CDW ID"].is_unique and roles["CAD CDW ID"] == "record_id"
    assert roles["CAD Event Number"] == "event_number"
    assert roles["General Offense Number"] == "report_number"
    assert roles["Hundred Block Location"] == "block"
    assert roles["District/Sector"] == "district" and roles["Zone/Beat"] == "beat"


@pytest.mark.parametrize(
    "name", ["reno_cad_calls_2011-10-06.csv", "reno_rms_reports_2011-10-06.csv"]
)
def test_reno_headerless_roles_come_from_values(name):
    path = real(name)
    frame = pd.read_csv(path, header=None, dtype=str)
    roles = [column["role"] for column in audit(path)["columns"]]
    assert frame[0].nunique() >= 0.9 * len(frame)  # call numbers, nearly unique
    assert roles[0] == "reference_number" and roles[8] == "reference_number"
    # A date column beside a clock column is one event time: the date takes "timestamp".
    assert frame[2].str.fullmatch(r"\d{8}").all() and roles[2] == "timestamp"
    assert frame[3].str.fullmatch(r"\d{6}").all() and roles[3] == "time"
    assert set(frame[7]) == {"NV"} and roles[7] == "state"
    assert roles[6] == "city" and roles[5] == "address"


def test_baltimore_districts_per_month_match_the_area_period_holes():
    """Districts × months counted here; a zero is a hole only where the district's expected
    rows (its share × the month's rows) reach 5. Southeast has no arrest in June 2021 (a
    partial month: expected 3.6), so no hole is called. The month comes from ArrestDateTime,
    which 13a's time parsing reads; until then the audit counts no months and finds none."""
    path = real("baltimore_arrests_2021.csv")
    frame = pd.read_csv(path, dtype=str, encoding="utf-8-sig").dropna(subset=["District"])
    month = frame["ArrestDateTime"].str[:7]
    counts = frame.groupby(["District", month]).size().unstack(fill_value=0)
    total = counts.values.sum()
    expected_holes = [
        {
            "area": district,
            "periods": [
                m.replace("/", "-")
                for m in counts.columns
                if counts.at[district, m] == 0
                and counts.loc[district].sum() * counts[m].sum() / total >= 5
            ],
        }
        for district in counts.index
    ]
    expected_holes = [hole for hole in expected_holes if hole["periods"]]
    assert (counts == 0).any().any()  # there is a zero cell, and it is not a hole
    holes = next((f for f in audit(path)["flags"] if f["code"] == "AREA_PERIOD_HOLES"), None)
    assert (holes["evidence"]["holes"] if holes else []) == expected_holes
