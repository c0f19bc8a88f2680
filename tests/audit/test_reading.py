"""Reading and cleaning: encodings, layout, missing tokens, dropped rows, read_frame."""

import pandas as pd
import pytest

from foiatrack.audit import audit_table, list_tables, read_frame

from .conftest import DATASETS, column


def _only_table(path: str):
    (source,) = list_tables(path)
    return source


def test_utf8_file_with_a_late_cp1252_byte_is_read_whole(write_file):
    body = "".join(f"{i},THEFT,100 N STATE ST\n" for i in range(5000))
    path = write_file(
        "late.csv", b"Event#,Type,Address\n" + body.encode() + b"9999,THEFT,CAF\xc9 CT\n"
    )
    audit = audit_table(path, _only_table(path))
    assert audit.rows == 5001
    assert audit.encoding == "cp1252"
    assert "CAFÉ CT" in read_frame(path, _only_table(path))["Address"].tolist()


def test_missing_tokens_are_null_and_redaction_markers_are_counted_separately(write_file):
    tokens = ["", "N/A", "NA", "NULL", "null", "-", "--", "none", "REDACTED", "XXXX"]
    tokens += ["[redacted]", "withheld", "***", "Exempt"]
    rows = "".join(f"{i},{token}\n" for i, token in enumerate(tokens))
    path = write_file("tokens.csv", "Event#,Address\n" + rows)
    audit = audit_table(path, _only_table(path))
    address = column(audit, "Address")
    assert address.null_count == len(tokens)
    assert address.redacted_count == 6
    assert address.null_rate == 1.0


def test_title_lines_are_skipped_and_the_header_line_reported(write_file):
    path = write_file("titled.csv", "Report of calls\nRun 2012\n\nEvent#,Type\n1,THEFT\n2,THEFT\n")
    audit = audit_table(path, _only_table(path))
    assert audit.header_row == 3
    assert [c.name for c in audit.columns] == ["Event#", "Type"]
    assert audit.rows == 2


def test_repeated_headers_totals_and_footer_notes_are_dropped_and_counted(write_file):
    text = (
        "Event#,Type,Calls\n1,THEFT,3\nEvent#,Type,Calls\n2,THEFT,4\n"
        "Total,,7\nGrand Total,,7\nPrepared by the records unit\n"
    )
    path = write_file("footers.csv", text)
    audit = audit_table(path, _only_table(path))
    assert audit.rows == 2
    assert audit.dropped_rows == {"repeated_header": 1, "total": 2, "footer": 1}
    assert column(audit, "Calls").inferred_type == "integer"


def test_us_dates_with_am_pm_parse_with_an_explicit_format(write_file):
    path = write_file("dates.csv", "Date,Type\n1/1/2021 1:04 AM,X\n12/31/2021 11:59 PM,Y\n")
    audit = audit_table(path, _only_table(path))
    date = column(audit, "Date")
    assert (date.inferred_type, date.role) == ("timestamp", "timestamp")
    assert (date.minimum, date.maximum) == ("2021-01-01 01:04:00", "2021-12-31 23:59:00")


def test_read_frame_gives_cleaned_text_with_missing_as_na():
    path = str(DATASETS / "messy_agency_export_cp1252.csv")
    frame = read_frame(path, _only_table(path), columns=["Incident #", "Location"])
    assert list(frame.columns) == ["Incident #", "Location"]
    assert len(frame) == 1200
    assert frame["Location"].isna().sum() == 54
    assert not frame["Incident #"].isin(["Incident #", "Total"]).any()
    assert isinstance(frame["Location"].dtype, pd.StringDtype)


def test_read_frame_refuses_an_unknown_column():
    path = str(DATASETS / "seattle_fire_911_2019.csv")
    with pytest.raises(KeyError, match="No such column"):
        read_frame(path, _only_table(path), columns=["Nope"])


def test_progress_is_reported_up_to_the_whole_file(write_file):
    path = write_file("calls.csv", "Event#,Type\n" + "".join(f"{i},X\n" for i in range(100)))
    calls = []
    audit_table(path, _only_table(path), progress=lambda rows, done: calls.append((rows, done)))
    assert calls[-1] == (100, 1.0)


def test_a_renamed_workbook_is_read_as_a_workbook():
    data = (DATASETS / "oemc_calls_by_month_2010_2011.xlsx").read_bytes()
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".csv") as handle:
        handle.write(data)
        handle.flush()
        sources = list_tables(handle.name, original_name="calls.csv")
    assert [(s.format, s.sheet) for s in sources] == [("xlsx", "2010"), ("xlsx", "2011")]


def test_workbook_sheet_with_title_rows_midnight_times_and_a_total(tmp_path):
    import datetime

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Calls"
    sheet.append(["Calls for service export"])
    sheet.append([])
    sheet.append(["Event#", "Date", "District"])
    start = datetime.datetime(2011, 1, 1)
    for i in range(300):
        sheet.append([1000 + i, start + datetime.timedelta(hours=7 * i), i % 25 + 1])
    sheet.append(["Total", None, 300])
    path = tmp_path / "calls.xlsx"
    book.save(path)
    (source,) = list_tables(str(path))
    audit = audit_table(str(path), source, jurisdiction="chicago")
    assert (audit.rows, audit.header_row, audit.dropped_rows) == (300, 2, {"total": 1})
    date = column(audit, "Date")
    assert (date.inferred_type, date.minimum) == ("timestamp", "2011-01-01 00:00:00")
    assert column(audit, "District").inferred_type == "integer"


def test_an_error_raised_by_the_progress_callback_stops_the_read(write_file, monkeypatch):
    import threading

    from foiatrack.audit import readers

    monkeypatch.setattr(readers, "BLOCK_SIZE", 64 * 1024)  # many batches from a small file
    path = write_file("calls.csv", "Event#,Type\n" + "".join(f"{i},X\n" for i in range(100_000)))

    def stop_at_once(rows: int, done: float) -> None:
        raise RuntimeError("claim lost")

    with pytest.raises(RuntimeError, match="claim lost"):
        audit_table(path, _only_table(path), progress=stop_at_once)
    assert not any(t.name == "audit-read-ahead" for t in threading.enumerate())
