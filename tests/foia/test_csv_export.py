"""The shared CSV helper (foiatrack.core.csv_export) neutralises spreadsheet formulas."""

import pytest

from foiatrack.core.csv_export import escape_cell, escape_row


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@A1", "\tTAB", "\rCR"])
def test_formula_starts_get_a_quote(value):
    assert escape_cell(value) == "'" + value


@pytest.mark.parametrize(("value", "expected"), [("plain", "plain"), (None, ""), (12, "12")])
def test_other_values_pass_unchanged(value, expected):
    assert escape_cell(value) == expected


def test_escape_row_escapes_each_cell():
    assert escape_row(["a", "=b", None]) == ["a", "'=b", ""]
