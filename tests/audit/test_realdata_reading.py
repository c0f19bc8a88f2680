"""The six real agency files in ../shared/realdata/files/ are READ right: rows, columns,
period, time resolution, record-level or aggregate, totals by year, and no data value as a
column name. Every expected fact is computed here with plain csv/pandas and an explicit
date format, never with the audit code. Skipped where the folder is absent (failing under
CI=true)."""

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest
from django.core.management import call_command

from tests.conftest import require

REPO_ROOT = Path(__file__).resolve().parents[2]
FILES = REPO_ROOT.parent / "shared" / "realdata" / "files"


def _path(name: str) -> Path:
    path = FILES / name
    require(path.exists(), f"real file {path} is not available")
    return path


def _audit(path: Path) -> dict:
    out = io.StringIO()
    call_command("audit_file", str(path), "--json", stdout=out)
    tables = json.loads(out.getvalue())["tables"]
    assert len(tables) == 1
    return tables[0]


def _frame(path: Path, header: bool = True) -> pd.DataFrame:
    """The file as text cells; old Mac line ends (CR only) read as line ends."""
    text = path.read_bytes().decode("utf-8-sig")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return pd.read_csv(
        io.StringIO(text), dtype=str, keep_default_na=False, header=0 if header else None
    )


def _period(values: pd.Series, fmt: str) -> tuple[str, str]:
    parsed = pd.to_datetime(values, format=fmt)
    return str(parsed.min().date()), str(parsed.max().date())


def test_baltimore_timestamps_with_utc_offset_are_read():
    path = _path("baltimore_arrests_2021.csv")
    frame = _frame(path)
    audit = _audit(path)
    assert audit["rows"] == len(frame)
    assert len(audit["columns"]) == frame.shape[1]
    stamps = frame["ArrestDateTime"].str.replace(r"\+00$", "", regex=True)
    assert (audit["period"]["start"], audit["period"]["end"]) == _period(
        stamps, "%Y/%m/%d %H:%M:%S"
    )
    assert audit["time_resolution"] == "timestamp"
    assert audit["granularity"] == "record"
    geo = next(c for c in audit["columns"] if c["name"] == "GeoLocation")
    placeholders = int(frame["GeoLocation"].str.strip().isin(["(,)", "", "0,0"]).sum())
    assert geo["null_count"] == placeholders
    assert geo["placeholder_count"] == int((frame["GeoLocation"].str.strip() == "(,)").sum())


def test_chicago_socrata_iso_with_milliseconds_is_a_timestamp():
    path = _path("chicago_crimes_2012_api.csv")
    frame = _frame(path)
    audit = _audit(path)
    assert audit["rows"] == len(frame)
    assert len(audit["columns"]) == frame.shape[1]
    assert (audit["period"]["start"], audit["period"]["end"]) == _period(
        frame["date"], "%Y-%m-%dT%H:%M:%S.%f"
    )
    assert audit["time_resolution"] == "timestamp"
    date = next(c for c in audit["columns"] if c["name"] == "date")
    assert date["inferred_type"] == "timestamp"


def test_seattle_us_am_pm_times_and_the_day_month_note():
    path = _path("seattle_911_calls_2016-03.csv")
    frame = _frame(path)
    audit = _audit(path)
    assert audit["rows"] == len(frame)
    assert (audit["period"]["start"], audit["period"]["end"]) == _period(
        frame["Event Clearance Date"], "%m/%d/%Y %I:%M:%S %p"
    )
    assert audit["time_resolution"] == "timestamp"
    # No day above 12 in this file: the audit must say the order was not decided by values.
    firsts = frame["Event Clearance Date"].str.split("/").str[0].astype(int)
    seconds = frame["Event Clearance Date"].str.split("/").str[1].astype(int)
    assert firsts.max() <= 12 and seconds.max() <= 12
    assert any("undecided" in note for note in audit["reading_notes"])


@pytest.mark.parametrize(
    "name", ["reno_cad_calls_2011-10-06.csv", "reno_rms_reports_2011-10-06.csv"]
)
def test_reno_headerless_files_keep_data_out_of_column_names(name):
    path = _path(name)
    rows = [row for row in csv.reader(io.StringIO(path.read_text())) if any(row)]
    audit = _audit(path)
    names = [c["name"] for c in audit["columns"]]
    assert audit["rows"] == len(rows)  # the first line is data too
    assert audit["header_rows"] == 0
    assert len(names) == max(len(row) for row in rows)
    assert not set(names) & {cell for row in rows for cell in row}
    dates = pd.Series([row[2] for row in rows])
    assert (audit["period"]["start"], audit["period"]["end"]) == _period(dates, "%m%d%Y")
    # Compact MMDDYYYY + HHMMSS columns are one event time, to the second.
    assert audit["time_resolution"] == "timestamp"
    assert any("combined" in note and "second" in note for note in audit["reading_notes"])
    assert audit["granularity"] == "record"


def test_florida_wide_count_table_is_an_aggregate_with_totals_from_the_headers():
    path = _path("florida_court_dispositions_1986_2013.csv")
    frame = _frame(path)
    audit = _audit(path)
    years = [c for c in frame.columns if c.isdigit()]
    total_rows = frame.iloc[:, :4].apply(
        lambda row: any(cell.strip().lower().startswith("total") for cell in row), axis=1
    )
    body = frame[~total_rows]
    assert audit["rows"] == len(body)
    assert len(audit["columns"]) == frame.shape[1]
    assert audit["granularity"] == "aggregate"
    assert audit["time_resolution"] == "year"
    assert audit["period"] == {"start": f"{min(years)}-01-01", "end": f"{max(years)}-12-31"}
    expected = {
        year: int(pd.to_numeric(body[year].str.replace(",", ""), errors="coerce").sum())
        for year in years
    }
    assert audit["total_by_year"] == expected
    assert int(total_rows.sum()) == audit["dropped_rows"].get("total", 0)
    assert body["1986"].str.contains(",").any()  # thousands separators were in the cells
