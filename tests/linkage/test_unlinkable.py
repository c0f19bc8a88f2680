"""When nothing can be linked the result says so, and why, instead of reporting zero links."""

import pandas as pd
import pytest

from foiatrack.audit.linkage import LinkSide, link_tables


def test_tables_without_key_time_or_place_cannot_be_linked():
    aggregates = pd.DataFrame({"District": ["1", "2"], "Calls": [120, 98]})
    reports = pd.DataFrame({"Case Number": ["HT1", "HT2"], "Block": ["001XX W A ST", "002XX"]})

    result = link_tables(
        LinkSide(aggregates, places={"district": "District"}),
        LinkSide(reports, keys={"report_number": "Case Number"}, places={"block": "Block"}),
    )

    assert result.method == "none"
    assert "no shared key" in result.reason
    assert "time" in result.reason
    assert (result.left_rows, result.right_rows) == (2, 2)
    assert result.to_dict()["reason"] == result.reason


def test_times_without_a_shared_place_cannot_be_linked():
    calls = pd.DataFrame({"Date": ["2023-01-01 10:00:00"], "District": ["1"]})
    reports = pd.DataFrame({"Date": ["2023-01-01 10:05:00"], "Block": ["001XX W A ST"]})

    result = link_tables(
        LinkSide(calls, timestamp="Date", places={"district": "District"}),
        LinkSide(reports, timestamp="Date", places={"block": "Block"}),
    )

    assert result.method == "none"
    assert "place" in result.reason


def test_forcing_deterministic_without_a_shared_key_links_nothing_and_says_why():
    calls = pd.DataFrame({"Event#": ["E1"]})
    reports = pd.DataFrame({"Case Number": ["HT1"]})

    result = link_tables(
        LinkSide(calls, keys={"event_number": "Event#"}),
        LinkSide(reports, keys={"report_number": "Case Number"}),
        method="deterministic",
    )

    assert result.method == "none"
    assert result.reason == "no key kind is shared by the two tables"


def test_a_column_the_table_lacks_is_named_in_a_key_error():
    calls = pd.DataFrame({"RD #": ["HT1"]})
    reports = pd.DataFrame({"Case Number": ["HT1"]})

    with pytest.raises(KeyError, match="'Case No'"):
        link_tables(
            LinkSide(calls, keys={"report_number": "RD #"}),
            LinkSide(reports, keys={"report_number": "Case No"}, name="reports"),
        )


def test_a_time_column_with_no_readable_time_cannot_serve_as_fallback():
    calls = pd.DataFrame({"Date": ["2023-01-01 10:00:00"], "District": ["1"]})
    reports = pd.DataFrame({"Date": ["unknown", "see notes"], "District": ["1", "1"]})

    result = link_tables(
        LinkSide(calls, timestamp="Date", places={"district": "District"}),
        LinkSide(reports, timestamp="Date", places={"district": "District"}),
    )

    assert result.method == "none"
    assert result.reason.endswith("the right table has no readable time in 'Date'")
    assert (result.left_rows, result.right_rows) == (1, 2)
