"""Write the synthetic reading corpus (committed): one small file per way agencies lay out
times, headers, count tables, totals and workbooks. Every file is SYNTHETIC (made-up
values, no real person or place beyond city-scale street names) and imitates a real
published layout named in README.md. Rows are deterministic (no randomness), so the tests
know what each file holds.

Run: .venv/bin/python tests/corpus/reading/make_reading_corpus.py
"""

import datetime as dt
import io
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
from datasets.make_samples import deterministic_xlsx  # noqa: E402

HERE = Path(__file__).resolve().parent
START = dt.datetime(2012, 1, 1, 0, 0, 0)
N = 60  # rows in each record-level file
OFFENCES = ["THEFT", "BATTERY", "BURGLARY", "ROBBERY", "ASSAULT"]
STREETS = ["N STATE ST", "W MADISON ST", "S HALSTED ST", "E 63RD ST", "N CLARK ST"]


def moment(i: int) -> dt.datetime:
    """Row i's event time: 37 hours 13 minutes apart, so days pass 12 and months change."""
    return START + dt.timedelta(hours=37 * i, minutes=13 * i)


def _write(name: str, text: str, newline: str = "\n") -> None:
    (HERE / name).write_bytes(text.replace("\n", newline).encode("utf-8"))


def _csv(header: list[str] | None, rows: list[list]) -> str:
    def cell(value) -> str:
        text = str(value)
        return f'"{text}"' if ("," in text or '"' in text) else text

    lines = [",".join(header)] if header else []
    lines += [",".join(cell(v) for v in row) for row in rows]
    return "\n".join(lines) + "\n"


def times_files() -> None:
    """One file per way of writing a time."""
    rows = range(N)
    _write(  # Socrata API (Chicago "Crimes - 2001 to present"): ISO, T, .000, Z
        "iso_fractional_z.csv",
        _csv(
            ["case_number", "date", "primary_type"],
            [
                [f"JC{100000 + i}", moment(i).strftime("%Y-%m-%dT%H:%M:%S.000Z"), OFFENCES[i % 5]]
                for i in rows
            ],
        ),
    )
    _write(  # Open Baltimore arrests: YYYY/MM/DD hh:mm:ss+00
        "slash_ymd_utc_offset.csv",
        _csv(
            ["ArrestNumber", "ArrestDateTime", "ChargeDescription"],
            [
                [21000000 + i, moment(i).strftime("%Y/%m/%d %H:%M:%S+00"), OFFENCES[i % 5]]
                for i in rows
            ],
        ),
    )
    _write(  # Seattle / Dallas CAD exports: M/D/YYYY h:mm AM, not zero-padded
        "us_ampm_minutes.csv",
        _csv(
            ["Event Number", "Event Clearance Date", "Event Type"],
            [[16000000 + i, _us_ampm(moment(i)), OFFENCES[i % 5]] for i in rows],
        ),
    )
    _write(  # UK/Australian agency spreadsheets: DD/MM/YYYY
        "day_first_dates.csv",
        _csv(
            ["Crime Reference", "Date Reported", "Offence"],
            [[f"CR{5000 + i}", moment(i).strftime("%d/%m/%Y"), OFFENCES[i % 5]] for i in rows],
        ),
    )
    _write(  # LAPD "Crime Data from 2020": DATE OCC at midnight + TIME OCC as HHMM
        "date_and_time_columns.csv",
        _csv(
            ["DR_NO", "DATE OCC", "TIME OCC", "Crm Cd Desc"],
            [
                [
                    200100000 + i,
                    moment(i).strftime("%m/%d/%Y 12:00:00 AM"),
                    moment(i).strftime("%H%M"),
                    OFFENCES[i % 5],
                ]
                for i in rows
            ],
        ),
    )
    _write(  # Excel sheet saved as CSV with dates left as serial numbers
        "excel_serial_dates.csv",
        _csv(
            ["Case No", "Report Date", "Offense"],
            [[f"{7000 + i}", _serial(i), OFFENCES[i % 5]] for i in rows],
        ),
    )
    _write(  # ArcGIS Hub feature-layer CSV: dates as epoch milliseconds
        "epoch_milliseconds.csv",
        _csv(
            ["OBJECTID", "CreationDate", "CallType"],
            [
                [i + 1, int(moment(i).replace(tzinfo=dt.UTC).timestamp() * 1000), OFFENCES[i % 5]]
                for i in rows
            ],
        ),
    )
    months = [dt.date(2012 + m // 12, m % 12 + 1, 1) for m in range(24)]
    _write(  # monthly crime statistics (CompStat-style): "Jan 2012"
        "month_names.csv",
        _csv(
            ["Month", "Offense", "Count"],
            [[m.strftime("%b %Y"), "THEFT", 100 + k] for k, m in enumerate(months)],
        ),
    )
    _write(  # weekly surveillance tables (state weekly reports): ISO weeks
        "iso_weeks.csv",
        _csv(["Week", "Incidents"], [[f"2018-W{w:02d}", 40 + w] for w in range(1, 53)]),
    )
    _write(  # UCR quarterly releases: "2017 Q1"
        "quarters.csv",
        _csv(
            ["Quarter", "Offense", "Count"],
            [[f"{2015 + q // 4} Q{q % 4 + 1}", "ROBBERY", 30 + q] for q in range(12)],
        ),
    )


def _serial(i: int) -> int:
    """Excel's day number of row i's date; every 20th row holds 0, Excel's empty date."""
    return 0 if i % 20 == 7 else (moment(i).date() - dt.date(1899, 12, 30)).days


def _us_ampm(value: dt.datetime) -> str:
    hour = value.hour % 12 or 12
    return (
        f"{value.month}/{value.day}/{value.year} {hour}:{value.minute:02d} {value.strftime('%p')}"
    )


def header_files() -> None:
    """Headerless, title lines, two-row headers."""
    rows = [
        [
            112780000 + i,
            OFFENCES[i % 5],
            moment(i).strftime("%m%d%Y"),
            moment(i).strftime("%H%M%S"),
            "WC",
            f"{100 + i} {STREETS[i % 5]}",
            "RENO",
            "NV",
            "" if i % 3 else 110000000 + i,
        ]
        for i in range(N)
    ]
    _write("headerless_compact_cad.csv", _csv(None, rows), newline="\r\n")  # Reno CAD snapshot
    body = [
        [f"{1000 + i}", moment(i).strftime("%m/%d/%Y %H:%M"), OFFENCES[i % 5], f"{i % 25 + 1}"]
        for i in range(N)
    ]
    title = "Calls for Service - All Districts\nRun date: 03/04/2013 08:15\n\n"
    _write("title_lines.csv", title + _csv(["Event#", "Call Date", "Call Type", "District"], body))
    counties = ["Alachua", "Baker", "Bay", "Bradford", "Brevard", "Broward"]
    two_rows = ",,2011,,2012,\nCircuit,County,Filed,Disposed,Filed,Disposed\n" + "".join(
        f"{k + 1},{c},{100 + k},{90 + k},{110 + k},{95 + k}\n" for k, c in enumerate(counties)
    )
    _write("two_row_header.csv", two_rows)  # state court annual report table


def count_files() -> None:
    """Wide count tables: one column per period."""
    counties = ["Escambia", "Okaloosa", "Santa Rosa", "Walton", "Leon", "Gadsden"]
    kinds = ["Capital Murder", "Robbery", "Burglary"]
    years = list(range(1986, 1996))
    lines = ["Circuit,County,Type of Case," + ",".join(map(str, years))]
    for k, county in enumerate(counties):
        for j, kind in enumerate(kinds):
            values = [(k + 1) * 997 + j * 13 + (y - 1986) * 7 for y in years]
            lines.append(f"{k // 2 + 1},{county},{kind}," + ",".join(f'"{v:,}"' for v in values))
    _write("year_headers_cr.csv", "\n".join(lines), newline="\r")  # Florida dispositions
    header = ["Offense", "CY2015", "CY2016", "2017 YTD"]
    _write(  # police annual report comparing calendar years with the year to date
        "cy_ytd_headers.csv",
        _csv(header, [[o, 1200 + k, 1100 + k, 600 + k] for k, o in enumerate(OFFENCES)]),
    )
    _write(  # an Excel pivot saved as CSV: Row Labels, Sum of <year>, Grand Total row
        "sum_of_pivot_export.csv",
        _csv(
            ["Row Labels", "Sum of 2015", "Sum of 2016"],
            [[o, 50 + k, 60 + k] for k, o in enumerate(OFFENCES)] + [["Grand Total", 260, 310]],
        ),
    )
    month_header = ["Year", "District"] + [dt.date(2000, m, 1).strftime("%b") for m in range(1, 13)]
    _write(  # monthly counts by district, months as columns (police monthly reports)
        "month_columns.csv",
        _csv(
            month_header,
            [[2019, f"District {d}"] + [d * 10 + m for m in range(1, 13)] for d in range(1, 6)],
        ),
    )


def totals_files() -> None:
    """Totals of every kind, where agencies put them."""
    lines = ["District,Offense,2019,2020"]
    for d in range(1, 4):
        first, second = sum(d * 100 + k for k in range(3)), sum(d * 90 + k for k in range(3))
        for k, o in enumerate(OFFENCES[:3]):
            lines.append(f"District {d},{o},{d * 100 + k},{d * 90 + k}")
        lines.append(f",,{first},{second}")  # a subtotal with a blank key
        lines.append(f"District {d},Total(all offenses),{first},{second}")
    lines.append("Citywide Total,,1809,1629")
    lines.append("Grand Total,,1809,1629")
    _write("totals_variants.csv", "\n".join(lines) + "\n")  # district x offence annual table


def placeholder_files() -> None:
    """Placeholders standing in for unknown values (Baltimore arrests, Excel exports)."""
    lines = ["RowID,ArrestDateTime,ArrestLocation,GeoLocation,Race"]
    for i in range(N):
        when = moment(i).strftime("%Y-%m-%d %H:%M:%S")
        if i % 10 == 3:
            when = "1899-12-30 00:00:00"
        elif i % 10 == 6:
            when = "1900-01-01 00:00:00"
        elif i % 10 == 9:
            when = "9999-12-31 00:00:00"
        where = "UNKNOWN" if i % 4 == 0 else f"{100 + i} {STREETS[i % 5]}"
        point = (
            '"(,)"'
            if i % 5 == 0
            else ('"0,0"' if i % 5 == 1 else f'"(39.{2900 + i},-76.{6100 + i})"')
        )
        race = "XX" if i % 6 == 0 else "B"
        lines.append(f"{i + 1},{when},{where},{point},{race}")
    _write("placeholders.csv", "\n".join(lines) + "\n")


def workbook_files() -> None:
    """Workbooks: notes and pivot sheets next to the data, hidden sheets, merged cells."""
    from openpyxl import Workbook

    book = Workbook()
    data = book.active
    data.title = "Data"
    data.append(["Report Number", "Report Date", "Offense", "District"])
    for i in range(N):
        data.append([f"R{9000 + i}", moment(i).strftime("%Y-%m-%d"), OFFENCES[i % 5], i % 7 + 1])
    pivot = book.create_sheet("Summary")
    pivot.append(["Row Labels", "Count of Report Number"])
    for offence in OFFENCES:
        pivot.append([offence, 12])
    pivot.append(["Grand Total", 60])
    notes = book.create_sheet("Notes")
    for line in [
        "This workbook lists reports taken by the department in 2012.",
        "Report Date is the date the report was written, not the date of the incident.",
        "District numbers follow the 2012 district boundaries of the department.",
        "Questions about this release go to the public records unit of the department.",
    ]:
        notes.append([line])
    hidden = book.create_sheet("Working")
    hidden.append(["Report Number", "Analyst comment"])
    for i in range(5):
        hidden.append([f"R{9000 + i}", f"checked by analyst {i}"])
    hidden.sheet_state = "hidden"
    _save(book, "workbook_data_pivot_notes_hidden.xlsx")

    book = Workbook()
    sheet = book.active
    sheet.title = "Dispositions"
    sheet.append(["County", "Type of Case", "2011", "2012"])
    for k, county in enumerate(["Alachua", "Baker", "Bay"]):
        top = sheet.max_row + 1
        for j, kind in enumerate(["Robbery", "Burglary", "Theft"]):
            sheet.append([county if j == 0 else None, kind, 10 * (k + 1) + j, 11 * (k + 1) + j])
        sheet.merge_cells(start_row=top, start_column=1, end_row=top + 2, end_column=1)
    _save(book, "merged_county_labels.xlsx")  # court statistics workbook, merged county cells

    lines = ["County,Type of Case,2011,2012"]
    for k, county in enumerate(["Alachua", "Baker", "Bay"]):
        for j, kind in enumerate(["Robbery", "Burglary", "Theft"]):
            lines.append(f"{county if j == 0 else ''},{kind},{10 * (k + 1) + j},{11 * (k + 1) + j}")
    _write("carried_down_labels.csv", "\n".join(lines) + "\n")  # the same, saved as CSV


def _save(book, name: str) -> None:
    buffer = io.BytesIO()
    book.save(buffer)
    (HERE / name).write_bytes(deterministic_xlsx(buffer.getvalue()))


def main() -> None:
    times_files()
    header_files()
    count_files()
    totals_files()
    placeholder_files()
    workbook_files()


if __name__ == "__main__":
    main()
