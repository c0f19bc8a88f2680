"""Small files shaped like real agency returns; each builder names the schema it imitates.
All values are synthetic. No Django import, so pure tests use them too."""

FULL_YEAR = tuple(range(1, 13))
CAD_HEADER = [
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
]


def cad_calls_csv(
    *,
    months=FULL_YEAR,
    per_month: int = 4,
    rd_every: int = 1,
    address: str | None = None,
    drop: tuple[str, ...] = (),
    year: int = 2011,
) -> bytes:
    """Calls shaped like an OEMC CAD extract as FIELD-NOTES describes it (`Event#, Date,
    Type, Pri, Address, District, Beat, RD #, Latitude, Longitude`). rd_every=n fills the
    RD number on every n-th row only (0: never); address replaces every address (e.g.
    "REDACTED"); drop removes columns."""
    header = [name for name in CAD_HEADER if name not in drop]
    lines = [",".join(header)]
    index = 0
    for month in months:
        for day in range(1, per_month + 1):
            rd = f"HT{300000 + index}" if rd_every and index % rd_every == 0 else ""
            row = {
                "Event#": str(11000000 + index),
                "Date": f"{month:02d}/{day:02d}/{year} 0{1 + index % 9}:15:00 AM",
                "Type": ("DISTURBANCE", "THEFT", "ASSAULT")[index % 3],
                "Pri": str(1 + index % 3),
                "Address": address or f"{1000 + index} N CLARK ST",
                "District": str(1 + index % 20),
                "Beat": f"0{1 + index % 9}1{index % 10}",
                "RD #": rd,
                "Latitude": f"41.8{index % 90:02d}",
                "Longitude": f"-87.6{index % 90:02d}",
            }
            lines.append(",".join(row[name] for name in header))
            index += 1
    return ("\n".join(lines) + "\n").encode()


def calls_by_district_csv(years=(2010, 2011)) -> bytes:
    """Counts by year × district × event type, shaped like the Chicago Justice Project's
    FOIA return from OEMC (`Year, District, Event Type, Calls`): no IDs."""
    lines = ["Year,District,Event Type,Calls"]
    for year in years:
        for district in range(1, 26):
            for event_type in ("DISTURBANCE", "THEFT"):
                lines.append(f"{year},{district},{event_type},{1000 + district * 7}")
    return ("\n".join(lines) + "\n").encode()


def court_cases_csv(rows: int = 40) -> bytes:
    """Rows shaped like the Cook County State's Attorney dispositions open data (a column
    subset: `CASE_ID, CASE_PARTICIPANT_ID, RECEIVED_DATE, OFFENSE_CATEGORY,
    CHARGE_DISPOSITION, SENTENCE_TYPE`)."""
    lines = [
        "CASE_ID,CASE_PARTICIPANT_ID,RECEIVED_DATE,OFFENSE_CATEGORY,CHARGE_DISPOSITION,SENTENCE_TYPE"
    ]
    for index in range(rows):
        lines.append(
            f"{149000000000 + index},{870000000000 + index},"
            f"{1 + index % 12:02d}/15/2011 12:00:00 AM,Retail Theft,Plea Of Guilty,Probation"
        )
    return ("\n".join(lines) + "\n").encode()
