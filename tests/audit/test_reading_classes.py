"""One test per way of laying out a file (tests/corpus/reading/, synthetic, each imitating
a published layout named in its README). Expectations come from plain pandas/csv on the
same bytes with explicit formats, or from how the generator built the file; never from
the audit code."""

import csv
import io
from pathlib import Path

import pandas as pd
import pytest

from foiatrack.audit import audit_path

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "reading"


def _audit(name: str, **kwargs) -> dict:
    audits = audit_path(str(CORPUS / name), **kwargs)
    return {a.name.split(" › ")[-1]: a.to_dict() for a in audits}


def _one(name: str) -> dict:
    tables = _audit(name)
    assert len(tables) == 1
    return next(iter(tables.values()))


def _frame(name: str, **kwargs) -> pd.DataFrame:
    text = (CORPUS / name).read_bytes().decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, **kwargs)


def _range(values: pd.Series, fmt: str, *, unit: str | None = None) -> tuple[str, str]:
    parsed = (
        pd.to_datetime(values, format=fmt) if unit is None else pd.to_datetime(values, unit=unit)
    )
    return str(parsed.min().date()), str(parsed.max().date())


def _column(table: dict, name: str) -> dict:
    return next(c for c in table["columns"] if c["name"] == name)


@pytest.mark.parametrize(
    ("name", "column", "fmt", "resolution"),
    [
        ("iso_fractional_z.csv", "date", "%Y-%m-%dT%H:%M:%S.%fZ", "timestamp"),
        ("slash_ymd_utc_offset.csv", "ArrestDateTime", "%Y/%m/%d %H:%M:%S+00", "timestamp"),
        ("us_ampm_minutes.csv", "Event Clearance Date", "%m/%d/%Y %I:%M %p", "timestamp"),
        ("day_first_dates.csv", "Date Reported", "%d/%m/%Y", "date"),
        ("title_lines.csv", "Call Date", "%m/%d/%Y %H:%M", "timestamp"),
    ],
)
def test_time_formats_are_read_with_their_period_and_resolution(name, column, fmt, resolution):
    skip = 3 if name == "title_lines.csv" else 0
    frame = _frame(name, skiprows=skip)
    table = _one(name)
    assert table["rows"] == len(frame)
    assert (table["period"]["start"], table["period"]["end"]) == _range(frame[column], fmt)
    assert table["time_resolution"] == resolution
    assert _column(table, column)["inferred_type"] in ("date", "timestamp")


def test_day_and_month_order_is_decided_from_the_values_and_said():
    day_first = _frame("day_first_dates.csv")["Date Reported"].str.split("/")
    assert day_first.str[0].astype(int).max() > 12  # so the file itself settles the order
    notes = " ".join(_one("day_first_dates.csv")["reading_notes"])
    assert "day first" in notes and "first position" in notes
    us = _frame("us_ampm_minutes.csv")["Event Clearance Date"].str.split("/")
    assert us.str[1].astype(int).max() > 12
    assert "month first" in " ".join(_one("us_ampm_minutes.csv")["reading_notes"])


def test_a_date_column_and_a_time_column_are_one_timestamp():
    frame = _frame("date_and_time_columns.csv")
    table = _one("date_and_time_columns.csv")
    assert table["time_resolution"] == "timestamp"
    start, end = _range(frame["DATE OCC"], "%m/%d/%Y %I:%M:%S %p")
    assert (table["period"]["start"], table["period"]["end"]) == (start, end)
    assert _column(table, "TIME OCC")["role"] == "time"
    assert any("DATE OCC + TIME OCC" in n and "minute" in n for n in table["reading_notes"])


def test_excel_serial_days_under_a_date_header_are_dates():
    frame = _frame("excel_serial_dates.csv")
    table = _one("excel_serial_dates.csv")
    serials = frame["Report Date"].astype(int)
    zeros = int((serials == 0).sum())
    assert zeros  # Excel's empty date (day 0) is in the file: a placeholder, not 1899-12-30
    assert _column(table, "Report Date")["placeholder_count"] == zeros
    days = pd.to_datetime("1899-12-30") + pd.to_timedelta(serials[serials > 0], "D")
    assert (table["period"]["start"], table["period"]["end"]) == (
        str(days.min().date()),
        str(days.max().date()),
    )
    assert table["time_resolution"] == "date"
    # The integer case number beside it is not turned into a date.
    assert _column(table, "Case No")["inferred_type"] == "integer"


def test_epoch_milliseconds_under_a_date_header_are_timestamps():
    frame = _frame("epoch_milliseconds.csv")
    table = _one("epoch_milliseconds.csv")
    assert (table["period"]["start"], table["period"]["end"]) == _range(
        frame["CreationDate"].astype("int64"), "", unit="ms"
    )
    assert table["time_resolution"] == "timestamp"
    assert _column(table, "OBJECTID")["inferred_type"] == "integer"


def test_month_names_weeks_and_quarters_give_their_periods():
    months = _one("month_names.csv")
    first = pd.to_datetime(_frame("month_names.csv")["Month"], format="%b %Y")
    assert months["period"] == {
        "start": str(first.min().date()),
        "end": str((first.max() + pd.offsets.MonthEnd(0)).date()),
    }
    assert months["time_resolution"] == "month"
    weeks = _one("iso_weeks.csv")
    raw = _frame("iso_weeks.csv")["Week"]
    mondays = pd.to_datetime(raw + "-1", format="%G-W%V-%u")
    assert weeks["period"] == {
        "start": str(mondays.min().date()),
        "end": str((mondays.max() + pd.Timedelta(days=6)).date()),
    }
    assert weeks["time_resolution"] == "month"  # never finer than the data: no day
    quarters = _one("quarters.csv")
    raw = _frame("quarters.csv")["Quarter"]
    starts = pd.PeriodIndex(raw.str.replace(" ", ""), freq="Q")
    assert quarters["period"] == {
        "start": str(starts.min().start_time.date()),
        "end": str(starts.max().end_time.date()),
    }
    assert quarters["missing_periods"] == []
    assert quarters["time_resolution"] == "year"


def test_a_headerless_file_is_named_by_position_and_its_times_are_combined():
    rows = list(csv.reader(io.StringIO((CORPUS / "headerless_compact_cad.csv").read_text())))
    rows = [row for row in rows if any(row)]
    table = _one("headerless_compact_cad.csv")
    names = [c["name"] for c in table["columns"]]
    assert names == [f"column_{i}" for i in range(1, len(rows[0]) + 1)]
    assert not set(names) & set(rows[0])
    assert table["rows"] == len(rows)
    dates = pd.to_datetime(pd.Series([r[2] for r in rows]), format="%m%d%Y")
    assert (table["period"]["start"], table["period"]["end"]) == (
        str(dates.min().date()),
        str(dates.max().date()),
    )
    assert table["time_resolution"] == "timestamp"


def test_title_lines_above_the_header_are_skipped():
    table = _one("title_lines.csv")
    header = (CORPUS / "title_lines.csv").read_text().splitlines()[3].split(",")
    assert [c["name"] for c in table["columns"]] == header
    assert table["header_row"] == 3


def test_a_two_row_header_is_combined():
    lines = (CORPUS / "two_row_header.csv").read_text().splitlines()
    top, bottom = lines[0].split(","), lines[1].split(",")
    table = _one("two_row_header.csv")
    names = [c["name"] for c in table["columns"]]
    assert names[:2] == bottom[:2]
    assert names[2:] == [f"{top[2]} {bottom[2]}", f"{top[2]} {bottom[3]}"] + [
        f"{top[4]} {bottom[4]}",
        f"{top[4]} {bottom[5]}",
    ]
    assert table["rows"] == len(lines) - 2
    assert table["granularity"] == "aggregate"
    assert table["period"] == {"start": f"{top[2]}-01-01", "end": f"{top[4]}-12-31"}


def test_year_headers_with_cr_line_ends_and_thousands_separators():
    frame = _frame("year_headers_cr.csv")
    years = [c for c in frame.columns if c.isdigit()]
    table = _one("year_headers_cr.csv")
    assert table["granularity"] == "aggregate"
    assert table["time_resolution"] == "year"
    assert table["rows"] == len(frame)
    assert table["total_by_year"] == {
        y: int(frame[y].str.replace(",", "").astype(int).sum()) for y in years
    }
    assert table["aggregate_dimensions"] == [c for c in frame.columns if c not in years]


def test_cy_ytd_and_sum_of_headers_are_periods():
    frame = _frame("cy_ytd_headers.csv")
    table = _one("cy_ytd_headers.csv")
    assert table["granularity"] == "aggregate"
    assert table["period"] == {"start": "2015-01-01", "end": "2017-12-31"}  # CY2015 … 2017 YTD
    assert table["total_by_year"] == {
        "2015": int(frame["CY2015"].astype(int).sum()),
        "2016": int(frame["CY2016"].astype(int).sum()),
        "2017": int(frame["2017 YTD"].astype(int).sum()),
    }
    assert any("year to date" in note for note in table["reading_notes"])
    pivot = _frame("sum_of_pivot_export.csv")
    body = pivot[pivot["Row Labels"] != "Grand Total"]
    table = _one("sum_of_pivot_export.csv")
    assert table["rows"] == len(body)
    assert table["dropped_rows"] == {"total": 1}
    assert table["total_by_year"] == {
        "2015": int(body["Sum of 2015"].astype(int).sum()),
        "2016": int(body["Sum of 2016"].astype(int).sum()),
    }


def test_month_columns_take_their_year_from_the_year_column():
    frame = _frame("month_columns.csv")
    months = frame.columns[2:]
    table = _one("month_columns.csv")
    assert table["time_resolution"] == "month"
    year = frame["Year"].iloc[0]
    assert table["period"] == {"start": f"{year}-01-01", "end": f"{year}-12-31"}
    assert table["total_by_year"] == {year: int(frame[months].astype(int).to_numpy().sum())}


def test_totals_and_blank_key_subtotals_are_left_out_and_counted():
    frame = _frame("totals_variants.csv")
    labels = frame["District"] + " " + frame["Offense"]
    is_total = labels.str.contains("Total", case=False)
    is_subtotal = (frame["District"] == "") & (frame["Offense"] == "")
    body = frame[~is_total & ~is_subtotal]
    table = _one("totals_variants.csv")
    assert table["rows"] == len(body)
    assert table["dropped_rows"] == {
        "total": int(is_total.sum()),
        "subtotal": int(is_subtotal.sum()),
    }
    assert table["total_by_year"] == {y: int(body[y].astype(int).sum()) for y in ("2019", "2020")}


def test_placeholders_are_missing_and_counted_apart():
    frame = _frame("placeholders.csv")
    table = _one("placeholders.csv")
    when = frame["ArrestDateTime"]
    fake = when.str.startswith(("1899-12-30", "1900-01-01", "9999-12-31"))
    column = _column(table, "ArrestDateTime")
    assert column["placeholder_count"] == int(fake.sum())
    assert column["null_count"] == int(fake.sum())
    real = pd.to_datetime(when[~fake], format="%Y-%m-%d %H:%M:%S")
    assert table["period"] == {"start": str(real.min().date()), "end": str(real.max().date())}
    where = _column(table, "ArrestLocation")
    assert where["placeholder_count"] == int((frame["ArrestLocation"] == "UNKNOWN").sum())
    point = _column(table, "GeoLocation")
    assert point["placeholder_count"] == int(frame["GeoLocation"].isin(["(,)", "0,0"]).sum())
    race = _column(table, "Race")
    assert race["redacted_count"] == int((frame["Race"] == "XX").sum())


def test_a_workbook_keeps_notes_leaves_out_its_pivot_and_hides_its_hidden_sheet():
    from openpyxl import load_workbook

    book = load_workbook(CORPUS / "workbook_data_pivot_notes_hidden.xlsx")
    hidden = [s.title for s in book.worksheets if s.sheet_state == "hidden"]
    tables = _audit("workbook_data_pivot_notes_hidden.xlsx")
    assert hidden and not set(hidden) & set(tables)  # not audited unless asked
    assert tables["Data"]["rows"] == book["Data"].max_row - 1
    assert tables["Notes"]["table_kind"] == "notes" and tables["Notes"]["flags"] == []
    assert tables["Summary"]["table_kind"] == "pivot" and tables["Summary"]["rows"] == 0
    with_hidden = _audit("workbook_data_pivot_notes_hidden.xlsx", include_hidden=True)
    assert all(with_hidden[name]["hidden"] for name in hidden)
    assert not with_hidden["Data"]["hidden"]


def test_labels_carried_down_a_block_count_as_filled():
    from openpyxl import load_workbook

    sheet = load_workbook(CORPUS / "merged_county_labels.xlsx")["Dispositions"]
    assert sheet.merged_cells.ranges  # the county is written once per block
    table = _one("merged_county_labels.xlsx")
    assert _column(table, "County")["null_count"] == 0
    assert table["rows"] == sheet.max_row - 1
    frame = _frame("carried_down_labels.csv")
    assert (frame["County"] == "").sum() > 0
    table = _one("carried_down_labels.csv")
    assert _column(table, "County")["null_count"] == 0
    assert table["total_by_year"] == {y: int(frame[y].astype(int).sum()) for y in ("2011", "2012")}


def test_the_upload_listing_leaves_hidden_sheets_out_unless_asked():
    """The web app lists tables with list_tables: a hidden sheet must not reach it."""
    from foiatrack.audit import list_tables

    path = str(CORPUS / "workbook_data_pivot_notes_hidden.xlsx")
    default = {s.sheet for s in list_tables(path)}
    asked = {s.sheet: s.hidden for s in list_tables(path, include_hidden=True)}
    assert "Working" not in default and asked["Working"] is True
    assert default == {name for name, hidden in asked.items() if not hidden}


def test_a_pivot_alone_in_its_workbook_is_audited_as_the_table(tmp_path):
    """Synthetic: an agency sent only the pivot sheet (no data sheet to prefer)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Pivot"
    rows = [["Row Labels", "Sum of 2015"], ["THEFT", 50], ["ROBBERY", 60], ["Grand Total", 110]]
    for row in rows:
        sheet.append(row)
    path = tmp_path / "pivot_only.xlsx"
    book.save(path)
    (table,) = audit_path(str(path))
    assert table.table_kind == "table"
    assert table.rows == len(rows) - 2  # header and the Grand Total row
    assert table.total_by_year == {"2015": 50 + 60}


def test_numbers_beside_dates_are_not_taken_for_times_or_dates(tmp_path):
    """Synthetic, Reno-like headerless rows: a 4-digit ID before a compact date and an age
    after it are numbers, not clock times; 8-digit IDs that are not dates stay integers."""
    rows = [
        f"{1001 + i},{(i % 9) + 1:02d}{(i % 27) + 1:02d}2012,{20 + i},{21168254 + i}"
        for i in range(40)
    ]
    path = tmp_path / "ids_and_ages.csv"
    path.write_text("\n".join(rows) + "\n")
    (table,) = audit_path(str(path))
    kinds = {c.name: (c.role, c.inferred_type) for c in table.columns}
    assert table.time_resolution == "date"
    assert kinds["column_1"][0] != "time" and kinds["column_3"][0] != "time"
    assert kinds["column_4"][1] == "integer"
    assert kinds["column_2"][1] == "date"
