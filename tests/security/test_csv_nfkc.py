"""CSV cells whose first character is a compatibility form of a formula character.

Spreadsheets (Excel's and LibreOffice's import of full-width input among them) fold
full-width and small forms to their ASCII base, so `＝1+1` can run as `=1+1`.
"""

import unicodedata

import pytest

from foiatrack.core.csv_export import escape_cell

# Every formula start, in its ASCII form.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Each character in Unicode whose NFKC form starts a formula, found here by NFKC itself
# over the whole Basic Multilingual Plane (so the test does not trust a hand list).
COMPATIBILITY_FORMS = [
    chr(code)
    for code in range(0x80, 0x10000)
    if not 0xD800 <= code <= 0xDFFF
    and unicodedata.normalize("NFKC", chr(code)).startswith(FORMULA_STARTS)
]


def test_it_found_the_full_width_forms_the_red_team_used():
    assert {"＝", "＋", "－", "＠"} <= set(COMPATIBILITY_FORMS)


@pytest.mark.parametrize("first", ["＝", "＋", "－", "＠"])
def test_it_neutralises_full_width_formula_starts(first):
    assert escape_cell(f'{first}HYPERLINK("http://x")') == f'\'{first}HYPERLINK("http://x")'


@pytest.mark.parametrize("first", COMPATIBILITY_FORMS, ids=lambda c: f"U+{ord(c):04X}")
def test_it_neutralises_every_compatibility_form(first):
    assert escape_cell(first + "1+1").startswith("'")


@pytest.mark.parametrize("text", ["Chicago Police", "９１１ calls", "ｃａｌｌｓ", "", "1-2"])
def test_it_leaves_other_text_alone(text):
    assert escape_cell(text) == text
