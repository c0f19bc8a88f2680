"""The DuckDB macros that put identifiers, place codes and blocks into one spelling."""

import pytest

from foiatrack.audit import link_sql

SAME_RD_NUMBER = ["HT123456", "ht123456", "HT-123456", " HT123456 ", "RD# HT123456", "HT0123456"]
MISSING = ["", None, "N/A", "-", "NULL", "REDACTED", "XXXX", "0000", "none"]


@pytest.fixture(scope="module")
def connection():
    connection = link_sql.connect()
    yield connection
    connection.close()


def _one(connection, macro: str, value):
    return connection.execute(f"SELECT {macro}(?)", [value]).fetchone()[0]


def test_spellings_of_one_rd_number_normalise_to_one_key(connection):
    keys = {_one(connection, "link_key", spelling) for spelling in SAME_RD_NUMBER}

    assert len(keys) == 1
    assert None not in keys


def test_missing_tokens_normalise_to_no_key(connection):
    assert {_one(connection, "link_key", value) for value in MISSING} == {None}


@pytest.mark.parametrize(
    "value", [*SAME_RD_NUMBER, *MISSING, "00123", "123", "CB 12345", "CB12345", "RD123", "X1", 7]
)
def test_fast_path_and_full_respelling_agree(connection, value):
    assert _one(connection, "link_key", value) == _one(connection, "link_key_respelled", value)


def test_block_and_address_of_one_hundred_block_agree(connection):
    block = _one(connection, "link_block", "012XX W MADISON ST")

    assert _one(connection, "link_block", "1234 W. Madison St") == block
    assert _one(connection, "link_block", "1299 w madison st") == block
    assert _one(connection, "link_block", "1300 W MADISON ST") != block


def test_place_codes_ignore_leading_zeros_and_labels(connection):
    codes = {_one(connection, "link_code", value) for value in ["0111", "111", "Beat 0111"]}

    assert codes == {"111"}


@pytest.mark.parametrize("value", ["0111", "111", "District 1", "N/A", "0", " 12 ", None, "000"])
def test_place_code_fast_path_and_full_respelling_agree(connection, value):
    assert _one(connection, "link_code", value) == _one(connection, "link_code_respelled", value)


@pytest.mark.parametrize(
    "value", ["012XX W MADISON ST", "1234 W. Madison St", "n a", "XXX", "NAME", "unknown", None]
)
def test_words_fast_path_and_full_respelling_agree(connection, value):
    assert _one(connection, "link_words", value) == _one(connection, "link_words_respelled", value)
