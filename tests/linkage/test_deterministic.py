"""Deterministic linkage on shared keys: known-truth tables built in each test."""

import pandas as pd
import pyarrow as pa
import pytest

from foiatrack.audit.linkage import LinkSide, link_tables

from .known_truth import calls_and_reports


def _reports_side(frame, column="Case Number"):
    return LinkSide(frame, keys={"report_number": column})


def _calls_side(frame, column="RD #"):
    return LinkSide(frame, keys={"report_number": column})


def _pairs(result) -> set[tuple[int, int]]:
    lefts, rights = result.pairs["left_row"].to_pylist(), result.pairs["right_row"].to_pylist()
    return set(zip(lefts, rights, strict=True))


def test_shared_key_finds_every_true_link_whatever_the_spelling():
    truth = calls_and_reports(calls=400, reports=120)
    spellings = [
        lambda key: key,
        lambda key: key.lower(),
        lambda key: key[:2] + "-" + key[2:],
        lambda key: f" {key} ",
        lambda key: f"RD# {key}",
        lambda key: key[:2].lower() + "-" + key[2:],
    ]
    truth.calls["RD #"] = [
        None if key is None else spellings[row % len(spellings)](key)
        for row, key in enumerate(truth.calls["RD #"])
    ]

    result = link_tables(_calls_side(truth.calls), _reports_side(truth.reports), keep_pairs=True)

    assert result.method == "deterministic"
    assert _pairs(result) == truth.true_pairs
    assert result.linked_left == len(truth.true_pairs)
    assert result.linked_right == len(truth.reports)


def test_partly_shared_keys_give_exact_counts_on_both_sides():
    calls = pd.DataFrame({"RD #": ["HT1", "HT2", "HT3", "HT4", None, "", "HT9", "HT10"]})
    reports = pd.DataFrame({"Case Number": ["HT2", "HT3", "HT5", "HT6", "ht-10"]})
    linked_calls = {"HT2", "HT3", "HT10"}
    linked_reports = {"HT2", "HT3", "ht-10"}

    result = link_tables(_calls_side(calls), _reports_side(reports))

    assert (result.left_rows, result.right_rows) == (len(calls), len(reports))
    assert result.linked_left == len(linked_calls)
    assert result.linked_right == len(linked_reports)
    assert result.link_rate == pytest.approx(len(linked_calls) / len(calls))
    assert result.right_link_rate == pytest.approx(len(linked_reports) / len(reports))
    assert result.to_dict()["unlinked_left"] == len(calls) - len(linked_calls)


def test_empty_and_missing_keys_never_link_to_each_other():
    missing = ["", None, "N/A", "-", "REDACTED", "XXXX", "0000", "null", "  "]
    calls = pd.DataFrame({"RD #": missing})
    reports = pd.DataFrame({"Case Number": list(reversed(missing))})

    result = link_tables(_calls_side(calls), _reports_side(reports))

    assert (result.linked_left, result.linked_right) == (0, 0)
    per_key = result.details["per_key"][0]
    assert (per_key["empty_left"], per_key["empty_right"]) == (len(missing), len(missing))


def test_repeated_keys_are_counted_per_row_and_per_pair():
    calls = pd.DataFrame({"RD #": ["HT7", "ht7", "HT8"]})
    reports = pd.DataFrame({"Case Number": ["HT7", "HT-7", "HT7", "HT9"]})

    result = link_tables(_calls_side(calls), _reports_side(reports), keep_pairs=True)

    assert (result.linked_left, result.linked_right) == (2, 3)
    per_key = result.details["per_key"][0]
    assert per_key["repeated_keys_left"] == 1
    assert per_key["repeated_keys_right"] == 1
    assert per_key["matched_keys"] == 1
    assert per_key["matched_pairs"] == 2 * 3 == result.pairs.num_rows


def test_leading_zeros_and_number_labels_do_not_split_a_key():
    arrests = pd.DataFrame({"CB_NO": ["00012345", "CB# 22222", "CB 33333", "4444"]})
    charges = pd.DataFrame({"CB Number": [12345.0, 22222.0, 33333.0, None]})  # pandas floats

    result = link_tables(
        LinkSide(arrests, keys={"arrest_number": "CB_NO"}),
        LinkSide(charges, keys={"arrest_number": "CB Number"}),
    )

    assert (result.linked_left, result.linked_right) == (3, 3)


def test_a_row_linked_through_two_key_kinds_counts_once():
    calls = pd.DataFrame({"Event#": ["E1", "E2", "E3"], "RD #": ["HT1", "HT2", None]})
    reports = pd.DataFrame({"Event": ["E1", None, "E3"], "Case Number": ["HT1", "HT2", None]})
    kinds = ("event_number", "report_number")

    result = link_tables(
        LinkSide(calls, keys=dict(zip(kinds, ["Event#", "RD #"], strict=True))),
        LinkSide(reports, keys=dict(zip(kinds, ["Event", "Case Number"], strict=True))),
    )

    assert (result.linked_left, result.linked_right) == (3, 3)
    assert [key["kind"] for key in result.keys] == list(kinds)


def test_arrow_tables_and_csv_files_link_like_data_frames(tmp_path):
    truth = calls_and_reports(calls=200, reports=50)
    calls_csv, reports_csv = tmp_path / "calls.csv", tmp_path / "reports.csv"
    truth.calls.to_csv(calls_csv, index=False)
    truth.reports.to_csv(reports_csv, index=False)

    from_frames = link_tables(_calls_side(truth.calls), _reports_side(truth.reports))
    from_arrow = link_tables(
        _calls_side(pa.Table.from_pandas(truth.calls)),
        _reports_side(pa.Table.from_pandas(truth.reports)),
    )
    from_files = link_tables(_calls_side(calls_csv), _reports_side(reports_csv))

    expected = (len(truth.calls), len(truth.reports), len(truth.true_pairs), len(truth.reports))
    for result in (from_frames, from_arrow, from_files):
        counts = (result.left_rows, result.right_rows, result.linked_left, result.linked_right)
        assert counts == expected


def test_link_rate_of_an_empty_left_table_is_unknown_not_zero():
    calls = pd.DataFrame({"RD #": pd.Series([], dtype="string")})
    reports = pd.DataFrame({"Case Number": ["HT1"]})

    result = link_tables(_calls_side(calls), _reports_side(reports))

    assert result.left_rows == 0
    assert result.link_rate is None
    assert result.to_dict()["link_rate"] is None


def test_a_file_the_audit_listed_is_read_with_its_cleaning(tmp_path):
    """An agency export with a title line, a repeated header and a total row (synthetic)."""
    from foiatrack.audit import list_tables

    export = tmp_path / "reports.csv"
    export.write_text(
        "Incident reports, 2023\n"
        "Case Number,Block\n"
        "HT1,001XX W A ST\nHT2,002XX W A ST\n"
        "Case Number,Block\n"
        "HT3,003XX W A ST\nTotal,3\n"
    )
    calls = pd.DataFrame({"RD #": ["ht-1", "HT3", "HT4"]})
    source = list_tables(str(export))[0]

    result = link_tables(
        _calls_side(calls),
        LinkSide(str(export), keys={"report_number": "Case Number"}, source=source),
    )

    assert (result.right_rows, result.linked_left, result.linked_right) == (3, 2, 2)
