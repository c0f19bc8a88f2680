"""Issue 22: the audit finds the roles of the catalogue's richer fields on real published
headers, profiles demographic columns and measures the minutes between a call's times.

Real files (Baltimore arrests, Seattle 911, Chicago crimes) are read from the shared corpus;
expected roles are written from the agencies' published headers, expected counts computed
here with plain pandas. Court, jail and prison files are SYNTHETIC, written here in the
published layouts they name.
"""

import csv
import random

import pandas as pd
import pytest

from foiatrack.audit.api import audit_path
from foiatrack.audit.roles import role_from_name
from tests.conftest import REPO_ROOT, require

REAL = REPO_ROOT.parent / "shared" / "realdata" / "files"


def real(name: str):
    path = REAL / name
    require(path.exists(), f"real file {name} not present")
    return path


def roles_of(table) -> dict[str, str]:
    return {column.name: column.role for column in table.columns}


def test_baltimore_arrest_demographics_and_charges():
    table = audit_path(str(real("baltimore_arrests_2021.csv")))[0]
    roles = roles_of(table)
    # Open Baltimore's published arrest headers.
    assert {name: roles[name] for name in ("Age", "Gender", "Race")} == {
        "Age": "age",
        "Gender": "sex",
        "Race": "race",
    }
    assert roles["ChargeDescription"] == "charge_description"
    assert roles["Charge"] == "charge_code"  # values like "1 1415": statute codes


def test_baltimore_demographic_profile_matches_pandas():
    path = real("baltimore_arrests_2021.csv")
    frame = pd.read_csv(path, dtype=str, encoding="utf-8-sig", keep_default_na=False)
    table = audit_path(str(path))[0]
    profiles = {entry["column"]: entry for entry in table.demographics}
    assert set(profiles) == {"Age", "Gender", "Race"}
    race = frame["Race"].str.strip()
    race = race[race != ""]
    assert profiles["Race"]["present"] == len(race)
    assert profiles["Race"]["filled_rate"] == pytest.approx(len(race) / len(frame), abs=1e-5)
    counted = {item["value"]: item["count"] for item in profiles["Race"]["categories"]}
    assert counted == race.value_counts().to_dict()
    ages = pd.to_numeric(frame["Age"], errors="coerce").dropna()
    bands = {item["value"]: item["count"] for item in profiles["Age"]["categories"]}
    assert bands["25-34"] == int(((ages >= 25) & (ages <= 34)).sum())
    assert bands["under 18"] == int((ages < 18).sum())
    assert sum(bands.values()) == profiles["Age"]["present"]


def test_seattle_911_call_times_and_minutes_on_scene():
    path = real("seattle_911_calls_2016-03.csv")
    table = audit_path(str(path))[0]
    roles = roles_of(table)
    assert roles["Event Clearance Date"] == "clear_time"
    assert roles["At Scene Time"] == "arrival_time"
    assert roles["Initial Type Group"] == "event_type"
    assert roles["Event Clearance Code"] == "clearance_code"
    frame = pd.read_csv(path, dtype=str)
    arrived = pd.to_datetime(frame["At Scene Time"], format="%m/%d/%Y %I:%M:%S %p", errors="coerce")
    cleared = pd.to_datetime(
        frame["Event Clearance Date"], format="%m/%d/%Y %I:%M:%S %p", errors="coerce"
    )
    minutes = (cleared - arrived).dt.total_seconds() / 60
    valid = minutes[minutes >= 0]
    found = {(i["from"], i["to"]): i for i in table.call_times}
    assert set(found) == {("arrived", "cleared")}  # no received or dispatch time published
    assert found["arrived", "cleared"]["pairs"] == len(valid)
    assert found["arrived", "cleared"]["median_minutes"] == pytest.approx(valid.median(), abs=0.06)


def test_chicago_crimes_report_fields():
    table = audit_path(str(real("chicago_crimes_2012_api.csv")))[0]
    roles = roles_of(table)
    expected = {
        "arrest": "arrest_made",
        "domestic": "domestic",
        "fbi_code": "fbi_code",
        "location_description": "premise_type",
        "ward": "ward",
    }
    assert {name: roles[name] for name in expected} == expected


def write_rows(path, header, rows) -> str:
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return str(path)


# SYNTHETIC, in the Cook County State's Attorney "Sentencing" open-data layout (upper snake
# case column names as published; values invented).
CCSAO_HEADER = [
    "CASE_ID",
    "CASE_PARTICIPANT_ID",
    "OFFENSE_CATEGORY",
    "CHARGE_COUNT",
    "DISPOSITION_CHARGED_CLASS",
    "CHARGE_DISPOSITION",
    "DISPOSITION_DATE",
    "SENTENCE_JUDGE",
    "SENTENCE_TYPE",
    "COMMITMENT_TERM",
    "AGE_AT_INCIDENT",
    "GENDER",
    "RACE",
    "ARRESTING_AGENCY",
    "UPDATED_OFFENSE_CATEGORY",
]
CCSAO_EXPECTED = {
    "CASE_ID": "case_number",
    "CHARGE_COUNT": "charge_sequence",
    "DISPOSITION_CHARGED_CLASS": "charge_class",
    "CHARGE_DISPOSITION": "disposition",
    "DISPOSITION_DATE": "disposition_date",
    "SENTENCE_JUDGE": "judge",
    "SENTENCE_TYPE": "sentence",
    "COMMITMENT_TERM": "sentence",
    "AGE_AT_INCIDENT": "age",
    "GENDER": "sex",
    "RACE": "race",
    "ARRESTING_AGENCY": "arresting_agency",
    "OFFENSE_CATEGORY": "offense_type",
    "UPDATED_OFFENSE_CATEGORY": "amended_charge",
}


def test_cook_county_sentencing_layout(tmp_path):
    rng = random.Random(22)
    rows = [
        [
            f"{149000000000 + i}",
            f"{870000000000 + i}",
            rng.choice(["Retail Theft", "Narcotics", "Burglary"]),
            rng.choice(["1", "2", "3"]),
            rng.choice(["1", "2", "3", "4", "A", "X"]),
            rng.choice(["Plea Of Guilty", "Finding Guilty", "Nolle Prosecution"]),
            f"0{rng.randint(1, 9)}/1{rng.randint(0, 9)}/2012 12:00:00 AM",
            rng.choice(["Judge A", "Judge B"]),
            rng.choice(["Prison", "Probation", "Jail"]),
            str(rng.randint(1, 10)),
            str(rng.randint(17, 70)),
            rng.choice(["Male", "Female"]),
            rng.choice(["Black", "White", "White [Hispanic or Latino]", "Asian"]),
            rng.choice(["CHICAGO POLICE DEPT", "COOK COUNTY SHERIFF"]),
            rng.choice(["Retail Theft", "Narcotics", "Burglary"]),
        ]
        for i in range(200)
    ]
    path = write_rows(tmp_path / "ccsao_sentencing_synthetic.csv", CCSAO_HEADER, rows)
    roles = roles_of(audit_path(path)[0])
    assert {name: roles[name] for name in CCSAO_EXPECTED} == CCSAO_EXPECTED


def test_jail_roster_layout(tmp_path):
    # SYNTHETIC, a Cook County jail roster with the fields the Smart Chicago inventory lists
    # for the Sheriff's jail records, in the Sheriff's upper snake case; values invented.
    header = [
        "BOOKING_NUMBER",
        "ARREST_DATE",
        "CUSTODY_STATUS",
        "PRISONER_TYPE",
        "HOUSING_DIVISION",
        "CUSTODY_LEVEL",
        "BOND_TYPE",
        "BOND_AMOUNT",
    ]
    rng = random.Random(7)
    rows = [
        [
            f"2023{i:07d}",
            f"2023-05-0{rng.randint(1, 9)}",
            rng.choice(["Pretrial", "Sentenced"]),
            rng.choice(["Felony", "Misdemeanor"]),
            f"Division {rng.randint(1, 11)}",
            rng.choice(["Minimum", "Medium", "Maximum"]),
            rng.choice(["D-Bond", "I-Bond", "No Bond"]),
            str(rng.randint(0, 50) * 1000),
        ]
        for i in range(100)
    ]
    roles = roles_of(audit_path(write_rows(tmp_path / "jail_synthetic.csv", header, rows))[0])
    assert roles["BOOKING_NUMBER"] == "booking_number"
    assert roles["CUSTODY_STATUS"] == "custody_status"
    assert roles["PRISONER_TYPE"] == "prisoner_type"
    assert roles["HOUSING_DIVISION"] == "housing"
    assert roles["CUSTODY_LEVEL"] == "custody_level"
    assert roles["BOND_TYPE"] == roles["BOND_AMOUNT"] == "bond"


def test_idoc_prison_population_layout(tmp_path):
    # SYNTHETIC, in the Illinois Department of Corrections' quarterly "prison population"
    # spreadsheet layout (its published column names); values invented.
    header = [
        "IDOC #",
        "Sex",
        "Race",
        "Current Admission Date",
        "Projected Mandatory Supervised Release (MSR) Date",
        "Projected Discharge Date",
        "Crime Class",
        "Holding Offense",
        "Sentencing County",
    ]
    rng = random.Random(9)
    rows = [
        [
            f"R{10000 + i}",
            rng.choice(["Male", "Female"]),
            rng.choice(["Black", "White", "Hispanic", "Asian"]),
            f"0{rng.randint(1, 9)}/1{rng.randint(0, 9)}/2019",
            f"0{rng.randint(1, 9)}/1{rng.randint(0, 9)}/2024",
            f"0{rng.randint(1, 9)}/1{rng.randint(0, 9)}/2026",
            rng.choice(["Class 1", "Class 2", "Class X"]),
            rng.choice(["ARMED ROBBERY", "POSS CONTROLLED SUBSTANCE"]),
            rng.choice(["Cook", "Will", "Lake"]),
        ]
        for i in range(100)
    ]
    roles = roles_of(audit_path(write_rows(tmp_path / "idoc_synthetic.csv", header, rows))[0])
    assert roles["IDOC #"] == "inmate_number"
    assert roles["Current Admission Date"] == "admission_date"
    assert roles["Projected Mandatory Supervised Release (MSR) Date"] == "release_date"
    assert roles["Projected Discharge Date"] == "discharge_date"
    assert roles["Crime Class"] == "charge_class"
    assert roles["Sentencing County"] == "county"
    assert (roles["Sex"], roles["Race"]) == ("sex", "race")


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("Victim Race", "victim_race"),
        ("Officer Gender", "officer_sex"),
        ("Complainant Age", "victim_age"),
        ("VICTIM_SEX", "victim_sex"),
        ("OfficerRace", "officer_race"),
        ("Age Range", "age_range"),
        ("Ethnicity", "ethnicity"),
        ("Priority", "priority"),
        ("Call Source", "call_source"),
        ("Dispatch Time", "dispatch_time"),
        ("TimeArrived", "arrival_time"),
        ("Time Received", "timestamp"),
        ("Response Time", "response_time"),
        ("Number of Victims", "victim_count"),
        ("Weapon Type", "weapon"),
        ("Injury", "injury"),
        ("Primary Unit", "unit"),
        ("Initial Charge", "initial_charge"),
        ("Amended Charge Class", "charge_class"),
        ("Amended Charge", "amended_charge"),
        ("Charge Sequence", "charge_sequence"),
        ("Bond Amount", "bond"),
        ("Judge", "judge"),
    ],
)
def test_header_words_for_catalogue_roles(header, role):
    assert role_from_name(header) == role


def test_unlabelled_demographic_columns_read_from_values(tmp_path):
    # SYNTHETIC: headerless-style columns named by position, values as agencies write them.
    rng = random.Random(3)
    rows = [
        [
            rng.choice(["M", "F"]),
            rng.choice(["BLACK", "WHITE", "WHITE HISPANIC", "ASIAN"]),
            rng.choice(["18-24", "25-34", "35-44", "65+"]),
        ]
        for _ in range(60)
    ]
    path = write_rows(tmp_path / "positional.csv", ["column_1", "column_2", "column_3"], rows)
    roles = roles_of(audit_path(path)[0])
    assert roles == {"column_1": "sex", "column_2": "race", "column_3": "age_range"}


def test_response_time_is_the_median_minutes_from_received_to_arrival(tmp_path):
    # SYNTHETIC CAD log: the call-time columns a dispatch export carries; times invented.
    rng = random.Random(5)
    start = pd.Timestamp("2016-03-01 00:00:00")
    rows = []
    for i in range(120):
        received = start + pd.Timedelta(minutes=37 * i)
        dispatched = received + pd.Timedelta(minutes=rng.randint(0, 10))
        arrived = dispatched + pd.Timedelta(minutes=rng.randint(1, 25))
        cleared = arrived + pd.Timedelta(minutes=rng.randint(5, 90))
        rows.append(
            [f"E{1000 + i}"]
            + [t.strftime("%Y-%m-%d %H:%M:%S") for t in (received, dispatched, arrived, cleared)]
        )
    header = ["Event Number", "Time Received", "Dispatch Time", "Time Arrived", "Time Cleared"]
    table = audit_path(write_rows(tmp_path / "cad_synthetic.csv", header, rows))[0]
    frame = pd.DataFrame(rows, columns=header)
    times = {name: pd.to_datetime(frame[name]) for name in header[1:]}
    expected = ((times["Time Arrived"] - times["Time Received"]).dt.total_seconds() / 60).median()
    response = next(i for i in table.call_times if i["is_response_time"])
    assert (response["from_column"], response["to_column"]) == ("Time Received", "Time Arrived")
    assert response["median_minutes"] == pytest.approx(expected, abs=0.06)
    assert response["pairs"] == 120
    assert len(table.call_times) == 5


def test_personal_columns_are_never_profiled_as_demographics():
    # datasets/jail_bookings_2011.csv: SYNTHETIC, a county jail booking extract (see its README).
    path = REPO_ROOT / "datasets" / "jail_bookings_2011.csv"
    table = audit_path(str(path))[0]
    roles = roles_of(table)
    personal = [name for name, role in roles.items() if role in ("person_name", "date_of_birth")]
    assert personal  # the file has names and dates of birth
    profiled = {entry["column"] for entry in table.demographics}
    assert not profiled & set(personal)
    assert roles["Housing Division"] == "housing"
