"""Generate the SYNTHETIC sample files in datasets/ (deterministic: same seed, same bytes).

Run: .venv/bin/python datasets/make_samples.py   (needs openpyxl, a dev dependency)
Every value is invented. Column names follow real published schemas; see README.md.
"""

import csv
import io
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
SEED = 20111231

CJP_YEAR_TOTALS = {2008: 6_942_318, 2009: 6_811_502, 2010: 6_703_877, 2011: 6_595_636}
CJP_EVENT_TYPES = [
    "911 HANG UP",
    "ALARM BURGLAR",
    "ALARM HOLD UP",
    "AMBULANCE",
    "ASSAULT",
    "AUTO ACCIDENT PD",
    "AUTO ACCIDENT PI",
    "BATTERY",
    "BURGLARY",
    "CHECK WELL BEING",
    "CRIMINAL DAMAGE",
    "DISTURBANCE",
    "DOMESTIC BATTERY",
    "DOMESTIC DISTURBANCE",
    "FIRE",
    "GANG DISTURBANCE",
    "INFORMATION",
    "MISSING PERSON",
    "NARCOTICS",
    "NOISE COMPLAINT",
    "PARKING VIOL",
    "PERSON DOWN",
    "PERSON WITH A GUN",
    "REMOVE PERSON",
    "ROBBERY",
    "SHOTS FIRED",
    "SUSPICIOUS AUTO",
    "SUSPICIOUS PERSON",
    "THEFT",
    "TRAFFIC STOP",
]
CHICAGO_OLD_DISTRICTS = list(range(1, 26))
CHICAGO_DISTRICTS = [*range(1, 13), *range(14, 21), 22, 24, 25]
STREETS = [
    "N STATE ST",
    "S HALSTED ST",
    "W MADISON ST",
    "W 63RD ST",
    "N CLARK ST",
    "S ASHLAND AVE",
    "W CHICAGO AVE",
    "N PULASKI RD",
    "S COTTAGE GROVE AVE",
    "W 79TH ST",
    "N MILWAUKEE AVE",
]
SEATTLE_STREETS = ["1st Ave", "Pine St", "Rainier Ave S", "Aurora Ave N", "NE 45th St"]
MILWAUKEE_STREETS = ["N 27TH ST", "W CAPITOL DR", "W NORTH AV", "S 16TH ST"]
CRIME_TYPES = [
    ("0486", "BATTERY", "DOMESTIC BATTERY SIMPLE", "08B"),
    ("0820", "THEFT", "$500 AND UNDER", "06"),
    ("1310", "CRIMINAL DAMAGE", "TO PROPERTY", "14"),
    ("0610", "BURGLARY", "FORCIBLE ENTRY", "05"),
    ("031A", "ROBBERY", "ARMED: HANDGUN", "03"),
    ("2027", "NARCOTICS", "POSS: CRACK", "18"),
    ("0560", "ASSAULT", "SIMPLE", "08A"),
]
CALL_TYPES = ["DISTURBANCE", "SUSPICIOUS PERSON", "BATTERY", "THEFT", "ROBBERY", "ASSAULT"]
# The CAD calls file shares report numbers with the crimes file for a known set of records.
CRIME_ROWS = 3000
CALL_ROWS = 4000
CALLS_WITH_RD = 1200
TRUE_LINKS = 900
VARIANT_SPELLINGS = 45  # of the true links, crimes-file case numbers spelled differently


def main() -> None:
    """Write every sample file."""
    rng = np.random.default_rng(SEED)
    write_cjp_aggregate(rng)
    write_seattle_fire(rng)
    write_milwaukee_calls(rng)
    rd_numbers = write_chicago_crimes_and_calls(rng)
    write_ccsao_dispositions(rng)
    write_jail_bookings(rng)
    write_workbook(rng)
    write_messy_export(rng)
    write_archive()
    print(f"wrote samples; {len(rd_numbers)} report numbers shared by crimes and calls")


def _write_csv(name: str, header: list[str], rows: list[list], encoding: str = "utf-8") -> None:
    with open(HERE / name, "w", newline="", encoding=encoding) as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def _timestamps(rng, count: int, start: datetime, days: int) -> list[datetime]:
    seconds = np.sort(rng.integers(0, days * 86400, count))
    return [start + timedelta(seconds=int(s)) for s in seconds]


def write_cjp_aggregate(rng) -> None:
    """Calls by year x district x event type; each year's counts sum exactly to its total."""
    rows = []
    cells = len(CHICAGO_OLD_DISTRICTS) * len(CJP_EVENT_TYPES)
    for year, total in CJP_YEAR_TOTALS.items():
        weights = rng.gamma(2.0, 1.0, cells)
        counts = rng.multinomial(total, weights / weights.sum())
        cell = 0
        for district in CHICAGO_OLD_DISTRICTS:
            for event_type in CJP_EVENT_TYPES:
                rows.append([year, district, event_type, int(counts[cell])])
                cell += 1
    _write_csv(
        "cjp_calls_by_district_2008_2011.csv", ["Year", "District", "Event Type", "Calls"], rows
    )


def write_seattle_fire(rng) -> None:
    """Seattle Fire 'Real Time 911'-style records: address, type, time, point, incident no."""
    types = [
        "Aid Response",
        "Medic Response",
        "Auto Fire Alarm",
        "Trans to AMR",
        "MVI - Motor Vehicle Incident",
        "Rubbish Fire",
    ]
    rows = []
    for i, when in enumerate(_timestamps(rng, 2500, datetime(2019, 1, 1), 365)):
        lat, lon = rng.uniform(47.50, 47.73), rng.uniform(-122.42, -122.25)
        rows.append(
            [
                f"{rng.integers(1, 99) * 100} {rng.choice(SEATTLE_STREETS)}",
                rng.choice(types),
                when.strftime("%m/%d/%Y %I:%M:%S %p"),
                f"{lat:.6f}",
                f"{lon:.6f}",
                f"POINT ({lon:.6f} {lat:.6f})",
                f"F19{i + 1:07d}",
            ]
        )
    _write_csv(
        "seattle_fire_911_2019.csv",
        [
            "Address",
            "Type",
            "Datetime",
            "Latitude",
            "Longitude",
            "Report Location",
            "Incident Number",
        ],
        rows,
    )


def write_milwaukee_calls(rng) -> None:
    """Milwaukee-police dispatch-log-style calls, Jan-Jun 2016 with April and district 6
    missing and a few calls listed twice (as scraped logs do)."""
    natures = [
        "TRAFFIC STOP",
        "SUBJ WANTED",
        "BUSINESS CHECK",
        "ACCIDENT",
        "TROUBLE W/SUBJ",
        "SHOTSPOTTER",
    ]
    statuses = ["Service in Progress", "Assignment Completed", "Advised", "Citation Issued"]
    rows = []
    times = [t for t in _timestamps(rng, 2400, datetime(2016, 1, 1), 182) if t.month != 4]
    for i, when in enumerate(times):
        rows.append(
            [
                f"16{i + 1:07d}",
                when.strftime("%m/%d/%Y %I:%M:%S %p"),
                f"{rng.integers(1, 99) * 100} {rng.choice(MILWAUKEE_STREETS)},MKE",
                int(rng.choice([1, 2, 3, 4, 5, 7])),
                rng.choice(natures),
                rng.choice(statuses),
            ]
        )
    rows += [list(rows[k]) for k in range(0, 300, 30)]  # 10 duplicated calls
    _write_csv(
        "milwaukee_police_calls_2016.csv",
        ["Call Number", "Date/Time", "Location", "Police District", "Nature of Call", "Status"],
        rows,
    )


def _spell(rd: str, k: int) -> str:
    return [rd.lower(), f"{rd[:2]}-{rd[2:]}", f" {rd} "][k % 3]


def write_chicago_crimes_and_calls(rng) -> list[str]:
    """A Chicago 'Crimes - 2001 to present'-style incident file and a CAD-style calls file whose
    `RD #` matches the crimes' `Case Number` for exactly TRUE_LINKS records."""
    numbers = rng.choice(np.arange(100000, 999999), CRIME_ROWS + CALLS_WITH_RD, replace=False)
    case_numbers = [f"HT{n}" for n in numbers[:CRIME_ROWS]]
    shared = case_numbers[:TRUE_LINKS]
    unmatched_rds = [f"HT{n}" for n in numbers[CRIME_ROWS:][: CALLS_WITH_RD - TRUE_LINKS]]
    crime_times = _timestamps(rng, CRIME_ROWS, datetime(2011, 1, 1), 365)
    crimes = []
    for i in range(CRIME_ROWS):
        iucr, primary, description, fbi = CRIME_TYPES[int(rng.integers(0, len(CRIME_TYPES)))]
        district = int(rng.choice(CHICAGO_OLD_DISTRICTS))
        lat, lon = rng.uniform(41.65, 42.02), rng.uniform(-87.93, -87.53)
        case = case_numbers[i]
        if i < VARIANT_SPELLINGS:
            case = _spell(case, i)
        crimes.append(
            [
                8_000_000 + i,
                case,
                crime_times[i].strftime("%m/%d/%Y %I:%M:%S %p"),
                f"{int(rng.integers(1, 120)):03d}XX {rng.choice(STREETS)}",
                iucr,
                primary,
                description,
                rng.choice(["STREET", "RESIDENCE", "APARTMENT", "SIDEWALK"]),
                rng.choice(["true", "false"]),
                rng.choice(["true", "false"]),
                f"{district:02d}{int(rng.integers(11, 35))}",
                district,
                int(rng.integers(1, 51)),
                int(rng.integers(1, 78)),
                fbi,
                int(rng.integers(1_100_000, 1_200_000)),
                int(rng.integers(1_820_000, 1_950_000)),
                2011,
                "02/10/2018 03:50:01 PM",
                f"{lat:.9f}",
                f"{lon:.9f}",
                f"({lat:.9f}, {lon:.9f})",
            ]
        )
    _write_csv(
        "chicago_crimes_2011.csv",
        [
            "ID",
            "Case Number",
            "Date",
            "Block",
            "IUCR",
            "Primary Type",
            "Description",
            "Location Description",
            "Arrest",
            "Domestic",
            "Beat",
            "District",
            "Ward",
            "Community Area",
            "FBI Code",
            "X Coordinate",
            "Y Coordinate",
            "Year",
            "Updated On",
            "Latitude",
            "Longitude",
            "Location",
        ],
        crimes,
    )
    rds = shared + unmatched_rds + [""] * (CALL_ROWS - CALLS_WITH_RD)
    order = rng.permutation(CALL_ROWS)
    call_times = _timestamps(rng, CALL_ROWS, datetime(2011, 1, 1), 365)
    calls = []
    for position, index in enumerate(order):
        district = int(rng.choice(CHICAGO_OLD_DISTRICTS))
        calls.append(
            [
                11_000_000 + position,
                call_times[position].strftime("%m/%d/%Y %I:%M:%S %p"),
                rng.choice(CALL_TYPES),
                int(rng.integers(1, 4)),
                f"{int(rng.integers(1, 120)) * 100} {rng.choice(STREETS)}",
                district,
                f"{district:02d}{int(rng.integers(11, 35))}",
                rds[index],
                f"{rng.uniform(41.65, 42.02):.6f}",
                f"{rng.uniform(-87.93, -87.53):.6f}",
            ]
        )
    _write_csv(
        "chicago_calls_cad_2011.csv",
        [
            "Event#",
            "Date",
            "Type",
            "Pri",
            "Address",
            "District",
            "Beat",
            "RD #",
            "Latitude",
            "Longitude",
        ],
        calls,
    )
    return shared


def write_ccsao_dispositions(rng) -> None:
    """Cook County State's Attorney-style dispositions with sentencing fields: one row per
    participant (primary charge), upper-case headers, no address."""
    categories = [
        "Narcotics",
        "Retail Theft",
        "Burglary",
        "Aggravated Battery",
        "UUW - Unlawful Use of Weapon",
    ]
    dispositions = [
        "Plea Of Guilty",
        "Finding Guilty",
        "Nolle Prosecution",
        "FNG",
        "Case Dismissed",
    ]
    rows = []
    midnight = "%m/%d/%Y 12:00:00 AM"
    for i in range(2000):
        received = datetime(2011, 1, 1) + timedelta(days=int(rng.integers(0, 365)))
        disposed = received + timedelta(days=int(rng.integers(30, 400)))
        category = rng.choice(categories)
        disposition = rng.choice(dispositions)
        guilty = disposition in ("Plea Of Guilty", "Finding Guilty")
        rows.append(
            [
                149_000_000_000 + i * 7,
                870_000_000_000 + i * 11,
                received.strftime(midnight),
                category,
                "true",
                650_000_000_000 + i * 13,
                category.upper(),
                disposed.strftime(midnight),
                disposition,
                int(rng.integers(18, 70)),
                rng.choice(["Black", "White", "HISPANIC", "Asian"]),
                rng.choice(["Male", "Female"]),
                (received - timedelta(days=2)).strftime(midnight),
                rng.choice(["CHICAGO POLICE DEPT", "COOK COUNTY SHERIFF"]),
                (received - timedelta(days=1)).strftime(midnight),
                disposed.strftime(midnight) if guilty else "",
                rng.choice(["Prison", "Probation", "Jail"]) if guilty else "",
                rng.choice(["Illinois Department of Corrections", "Cook County Boot Camp"])
                if guilty
                else "",
                int(rng.integers(1, 10)) if guilty else "",
                "Year(s)" if guilty else "",
            ]
        )
    _write_csv(
        "ccsao_dispositions_sentencing_2011.csv",
        [
            "CASE_ID",
            "CASE_PARTICIPANT_ID",
            "RECEIVED_DATE",
            "OFFENSE_CATEGORY",
            "PRIMARY_CHARGE_FLAG",
            "CHARGE_ID",
            "DISPOSITION_CHARGED_OFFENSE_TITLE",
            "DISPOSITION_DATE",
            "CHARGE_DISPOSITION",
            "AGE_AT_INCIDENT",
            "RACE",
            "GENDER",
            "INCIDENT_BEGIN_DATE",
            "LAW_ENFORCEMENT_AGENCY",
            "ARREST_DATE",
            "SENTENCE_DATE",
            "SENTENCE_TYPE",
            "COMMITMENT_TYPE",
            "COMMITMENT_TERM",
            "COMMITMENT_UNIT",
        ],
        rows,
    )


def write_jail_bookings(rng) -> None:
    """A county-jail booking extract with obviously fake names and dates of birth."""
    last = ["SAMPLE", "EXAMPLE", "TESTCASE", "PLACEHOLDER", "FICTION", "DUMMY"]
    first = ["ALPHA", "BRAVO", "CHARLIE", "DELTA", "ECHO", "FOXTROT"]
    charges = ["720 ILCS 5/12-3", "720 ILCS 5/16-25", "720 ILCS 570/402", "625 ILCS 5/6-303"]
    rows = []
    for i, when in enumerate(_timestamps(rng, 1500, datetime(2011, 1, 1), 365)):
        birth = datetime(1960, 1, 1) + timedelta(days=int(rng.integers(0, 14000)))
        rows.append(
            [
                f"2011{i + 1:07d}",
                when.strftime("%m/%d/%Y %H:%M"),
                f"11CR{int(rng.integers(1, 99999)):05d}",
                rng.choice(charges),
                rng.choice(last),
                rng.choice(first),
                birth.strftime("%m/%d/%Y"),
                rng.choice(["Division 1", "Division 5", "Division 9", "Cermak"]),
            ]
        )
    _write_csv(
        "jail_bookings_2011.csv",
        [
            "Booking Number",
            "Booking Date",
            "Case Number",
            "Charge",
            "Last Name",
            "First Name",
            "Date of Birth",
            "Housing Division",
        ],
        rows,
    )


def write_workbook(rng) -> None:
    """An Excel workbook: monthly calls by district, one sheet per year, and an empty sheet."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for year in (2010, 2011):
        sheet = book.create_sheet(str(year))
        sheet.append(["Month", "District", "Calls"])
        for month in range(1, 13):
            for district in CHICAGO_OLD_DISTRICTS:
                sheet.append([f"{year}-{month:02d}", district, int(rng.integers(15000, 30000))])
    book.create_sheet("Notes (empty)")
    buffer = io.BytesIO()
    book.save(buffer)
    (HERE / "oemc_calls_by_month_2010_2011.xlsx").write_bytes(deterministic_xlsx(buffer.getvalue()))


def write_messy_export(rng) -> None:
    """A cp1252 agency export: title lines, a repeated header mid-file, N/A and REDACTED cells,
    a Total row and a note at the end; the first accented byte sits far into the file."""
    header = [
        "Incident #",
        "Date Reported",
        "Nature of Call",
        "Location",
        "District",
        "Disposition",
    ]
    lines = ["Chicago Police Department - Calls for Service Extract", "Run date: 03/04/2012", ""]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for line in lines:
        out.write(line + "\r\n")
    writer.writerow(header)
    times = _timestamps(rng, 1200, datetime(2011, 1, 1), 365)
    for i, when in enumerate(times):
        if i == 600:
            writer.writerow(header)  # the export tool repeats the header every page
        location = f"{int(rng.integers(1, 120)) * 100} {rng.choice(STREETS)}"
        if i % 50 == 7:
            location = "REDACTED"
        elif i % 40 == 3:
            location = "N/A"
        elif i == 1100:
            location = "5700 N CAFÉ CT — O’HARE"  # cp1252 bytes deep in the file
        writer.writerow(
            [
                f"11{i + 1:06d}",
                when.strftime("%m/%d/%Y %H:%M"),
                rng.choice(CALL_TYPES),
                location,
                f"{int(rng.choice(CHICAGO_OLD_DISTRICTS)):03d}",
                rng.choice(["ARREST", "NO ACTION", "REPORT TAKEN", "NULL"]),
            ]
        )
    writer.writerow(["Total", "", "", "", "", "1200"])
    out.write("Source: OEMC CAD extract, synthetic sample\r\n")
    (HERE / "messy_agency_export_cp1252.csv").write_bytes(out.getvalue().encode("cp1252"))


def write_archive() -> None:
    """A ZIP holding two of the samples, as agencies send several tables at once."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in ("seattle_fire_911_2019.csv", "jail_bookings_2011.csv"):
            info = zipfile.ZipInfo(f"export/{name}", date_time=(2012, 3, 4, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, (HERE / name).read_bytes())
    (HERE / "agency_export_2011.zip").write_bytes(buffer.getvalue())


def deterministic_xlsx(data: bytes) -> bytes:
    """The workbook with openpyxl's current-time stamps fixed, so reruns give the same bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _fixed_core_properties(content)
            fixed = zipfile.ZipInfo(info.filename, date_time=(2012, 3, 4, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(fixed, content)
    return buffer.getvalue()


def _fixed_core_properties(content: bytes) -> bytes:
    import re

    return re.sub(rb"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", b"2012-03-04T00:00:00Z", content)


if __name__ == "__main__":
    main()
