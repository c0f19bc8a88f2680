"""Make the synthetic "meaning" corpus (issue 13b): every file is SYNTHETIC, written by this
script with a fixed seed, and follows a real published layout named in README.md.

Run: .venv/bin/python tests/corpus/meaning/make_meaning_corpus.py
"""

import csv
import random
from datetime import datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
STREETS = ["MAIN ST", "PARK AVE", "LIBERTY HEIGHTS AVE", "N CENTER ST", "KIETZKE LN", "E 4TH ST"]
OFFENSES = ["COMMON ASSAULT", "BURGLARY", "LARCENY", "ROBBERY - STREET", "AUTO THEFT"]
DISTRICTS = ["Central", "Eastern", "Northern", "Southern", "Western"]
LAST = ["SMITH", "JOHNSON", "WILLIAMS", "BROWN", "JONES", "GARCIA", "MILLER", "DAVIS"]
FIRST = ["JAMES", "MARY", "ROBERT", "PATRICIA", "JOHN", "JENNIFER", "MICHAEL", "LINDA"]


def _write(name: str, header: list[str] | None, rows: list[list]) -> None:
    with open(HERE / name, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        if header:
            writer.writerow(header)
        writer.writerows(rows)


def _time(rng: random.Random, start: datetime, days: int) -> datetime:
    return start + timedelta(seconds=rng.randrange(days * 86400))


def camelcase_arrests(rng: random.Random) -> None:
    """Open Baltimore "BPD Arrests" export: CamelCase headers, RowID, ArrestNumber."""
    header = [
        "RowID",
        "ArrestNumber",
        "Age",
        "Gender",
        "Race",
        "ArrestDateTime",
        "ArrestLocation",
        "IncidentOffence",
        "IncidentLocation",
        "ChargeDescription",
        "District",
        "Post",
        "Neighborhood",
        "Latitude",
        "Longitude",
    ]
    rows = []
    for i in range(300):
        when = _time(rng, datetime(2021, 6, 1), 180)
        place = f"{rng.randint(1, 49)}00 {rng.choice(STREETS)}"
        rows.append(
            [
                i + 1,
                21100000 + rng.randrange(10**5) * 10 + i % 10,
                rng.randint(18, 70),
                rng.choice("MF"),
                rng.choice("BWA"),
                when.strftime("%Y-%m-%d %H:%M:%S"),
                place,
                rng.choice(OFFENSES),
                place,
                rng.choice(OFFENSES),
                rng.choice(DISTRICTS),
                rng.randint(111, 999),
                "Mount Vernon",
                round(39.29 + rng.random() / 10, 4),
                round(-76.61 - rng.random() / 10, 4),
            ]
        )
    _write("camelcase_arrests.csv", header, rows)


def socrata_crimes(rng: random.Random, name: str = "socrata_crimes.csv", strays: int = 0) -> None:
    """Chicago "Crimes - 2001 to Present" through the Socrata API: lower snake case."""
    header = [
        "date",
        "block",
        "case_number",
        "primary_type",
        "location_description",
        "beat",
        "district",
        "arrest",
    ]
    rows = []
    for i in range(1000):
        when = _time(rng, datetime(2012, 1, 1), 45)
        rows.append(
            [
                when.strftime("%Y-%m-%d %H:%M:%S"),
                f"0{rng.randint(10, 99)}XX W MADISON ST",
                f"HY{100000 + i}",
                rng.choice(["BATTERY", "THEFT", "ROBBERY"]),
                rng.choice(["RESIDENCE", "STREET", "SIDEWALK"]),
                f"0{rng.randint(111, 999)}",
                rng.randint(1, 25),
                rng.choice(["true", "false"]),
            ]
        )
    for year in [1901, 2099, 1901][:strays]:
        rows.append(
            [
                f"{year}-01-01 00:00:00",
                "001XX W RANDOLPH ST",
                f"HZ{rng.randrange(10**6)}",
                "THEFT",
                "STREET",
                "0111",
                1,
                "false",
            ]
        )
    _write(name, header, rows)


def seattle_style_calls(rng: random.Random) -> None:
    """Seattle Police "911 Incident Response": prefixes and suffixes in header names."""
    header = [
        "CAD CDW ID",
        "CAD Event Number",
        "General Offense Number",
        "Event Clearance Description",
        "Event Clearance Date",
        "Hundred Block Location",
        "District/Sector",
        "Zone/Beat",
        "Initial Type Description",
    ]
    rows = []
    for i in range(200):
        when = _time(rng, datetime(2016, 3, 1), 3)
        rows.append(
            [
                1680000 + i,
                16000070000 + i * 3,
                201670000 + i * 3,
                "ASSAULTS, OTHER",
                when.strftime("%m/%d/%Y %I:%M:%S %p"),
                f"{rng.randint(1, 99)}XX BLOCK OF 5 AV",
                rng.choice("KQNB"),
                rng.choice("KQNB") + str(rng.randint(1, 3)),
                "PROPERTY - DAMAGE",
            ]
        )
    _write("seattle_style_calls.csv", header, rows)


def hash_headers(rng: random.Random) -> None:
    """Chicago Police FOIA arrest extracts: `CB_NO`, `RD #`, `Event#` style headers."""
    header = ["CB_NO", "RD #", "Event#", "ARREST DATE", "BEAT", "CHARGE DESCRIPTION"]
    rows = [
        [
            18000000 + i,
            f"JA{300000 + i}",
            1800000000 + i * 7,
            (_time(rng, datetime(2018, 1, 1), 300)).strftime("%m/%d/%Y"),
            rng.randint(111, 2535),
            rng.choice(OFFENSES),
        ]
        for i in range(200)
    ]
    _write("hash_headers.csv", header, rows)


def reno_pair(rng: random.Random) -> None:
    """Reno police CAD snapshot and RMS report index (hack4reno 2011): no header line; call
    number, call code, MMDDYYYY, HHMMSS, agency, address, city, state, report number."""
    cities = ["RENO"] * 8 + ["SPARKS", "SUN VALLEY"]
    calls, reports = [], []
    for i in range(120):
        when = _time(rng, datetime(2011, 10, 5), 2)
        number = 112780000 + i * 11
        report = 110019000 + i if i % 3 == 0 else ""
        address = f"{rng.randint(100, 9999)} {rng.choice(STREETS)}"
        calls.append(
            [
                number,
                rng.choice(["ACCP", "BURGV", "DUI"]),
                when.strftime("%m%d%Y"),
                when.strftime("%H%M%S"),
                "RP",
                address,
                rng.choice(cities),
                "NV",
                report,
            ]
        )
        if report:
            earlier = when - timedelta(minutes=rng.randint(1, 300))
            reports.append(
                [
                    number,
                    "BURGV",
                    earlier.strftime("%m%d%Y"),
                    earlier.strftime("%H%M%S"),
                    "RP",
                    address,
                    rng.choice(cities),
                    "NV",
                    report,
                ]
            )
    for i in range(60):  # reports of calls outside the snapshot
        when = _time(rng, datetime(2011, 9, 26), 9)
        reports.append(
            [
                112700000 + i * 13,
                "RUNAWAY",
                when.strftime("%m%d%Y"),
                when.strftime("%H%M%S"),
                "WC",
                f"{rng.randint(100, 9999)} OSAGE CT",
                "RENO",
                "NV",
                110007000 + i,
            ]
        )
    rng.shuffle(reports)
    _write("headerless_cad.csv", None, calls)
    _write("headerless_rms.csv", None, reports)


def placeholder_location(rng: random.Random) -> None:
    """Open Baltimore arrests where most locations were withheld (masked `XXXX`) or blank."""
    header = ["RowID", "ArrestNumber", "ArrestDateTime", "ArrestLocation", "ChargeDescription"]
    rows = []
    for i in range(400):
        roll = rng.random()
        place = "XXXX" if roll < 0.75 else "" if roll < 0.92 else f"400 {rng.choice(STREETS)}"
        when = _time(rng, datetime(2021, 7, 1), 90).strftime("%Y-%m-%d %H:%M:%S")
        rows.append([i + 1, 21200000 + i * 7, when, place, rng.choice(OFFENSES)])
    _write("placeholder_location.csv", header, rows)


def district_year_hole(rng: random.Random) -> None:
    """Milwaukee WIBR crime data (one row per offence, `ReportedDateTime`, police district
    1-7, here headed `Police District`): district 4 has no rows in 2014."""
    header = ["IncidentNum", "ReportedDateTime", "Police District", "Offense"]
    rows, i = [], 0
    for year in range(2012, 2017):
        for _ in range(700):
            district = rng.randint(1, 7)
            if year == 2014 and district == 4:
                continue
            when = _time(rng, datetime(year, 1, 1), 364)
            rows.append(
                [
                    f"{year % 100}{i:07d}",
                    when.strftime("%Y-%m-%d %H:%M:%S"),
                    district,
                    rng.choice(OFFENSES),
                ]
            )
            i += 1
    _write("district_year_hole.csv", header, rows)


def names_dob_unlabelled(rng: random.Random) -> None:
    """A county clerk's case export with generic headers (FIELD1..FIELD6): case number,
    filing date, defendant "LAST, FIRST", date of birth, charge, disposition."""
    header = [f"FIELD{n}" for n in range(1, 7)]
    rows = []
    for i in range(150):
        filed = _time(rng, datetime(2015, 1, 1), 365)
        born = filed - timedelta(days=rng.randint(18 * 365, 70 * 365))
        rows.append(
            [
                f"2015CF{i:06d}",
                filed.strftime("%Y-%m-%d"),
                f"{rng.choice(LAST)}, {rng.choice(FIRST)}",
                born.strftime("%Y-%m-%d"),
                rng.choice(OFFENSES),
                rng.choice(["GUILTY", "DISMISSED", "NOLLE PROS"]),
            ]
        )
    _write("names_dob_unlabelled.csv", header, rows)


def _calls_and_reports(rng, calls_name, reports_name, *, shift_days: int, shared: bool) -> None:
    """Calls (Seattle-like CAD: `Event Number`, time, beat, type) and reports (Chicago-like:
    `case_number`, date, beat, primary_type)."""
    calls, reports = [], []
    for i in range(150):
        when = _time(rng, datetime(2012, 3, 1), 20)
        beat, kind = str(rng.randint(111, 140)), rng.choice(["BATTERY", "THEFT", "ROBBERY"])
        calls.append([f"HY{200000 + i}", when.strftime("%Y-%m-%d %H:%M:%S"), beat, kind])
        key = f"HY{200000 + i}" if shared else f"JB{700000 + i}"
        report_time = when + timedelta(days=shift_days, minutes=rng.randint(5, 50))
        reports.append([key, report_time.strftime("%Y-%m-%d %H:%M:%S"), beat, kind])
    _write(calls_name, ["case_number", "call_datetime", "beat", "call_type"], calls)
    _write(reports_name, ["case_number", "date", "beat", "primary_type"], reports)


def main() -> None:
    camelcase_arrests(random.Random(1))
    socrata_crimes(random.Random(2))
    seattle_style_calls(random.Random(3))
    hash_headers(random.Random(4))
    reno_pair(random.Random(5))
    socrata_crimes(random.Random(6), "outlier_dates.csv", strays=3)
    placeholder_location(random.Random(7))
    district_year_hole(random.Random(8))
    names_dob_unlabelled(random.Random(9))
    _calls_and_reports(
        random.Random(10), "disjoint_calls.csv", "disjoint_reports.csv", shift_days=0, shared=False
    )
    _calls_and_reports(
        random.Random(11), "far_calls.csv", "far_reports.csv", shift_days=-365, shared=True
    )


if __name__ == "__main__":
    main()
