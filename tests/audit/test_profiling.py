"""Column profiles: distinct counts exact up to a bound, then a sketch with a stated error."""

import numpy as np
import pyarrow as pa
import pytest

from foiatrack.audit import api, audit_table, list_tables
from foiatrack.audit.distinct import HLL_RELATIVE_ERROR, DistinctCounter


def _feed(counter: DistinctCounter, values: list[str], batch: int = 5000) -> None:
    for start in range(0, len(values), batch):
        chunk = pa.array(values[start : start + batch])
        counter.add(chunk, np.ones(len(chunk), dtype=np.int64))


def test_distinct_count_is_exact_below_the_bound():
    counter = DistinctCounter(limit=100_000)
    _feed(counter, [f"HT{i % 30_000:06d}" for i in range(60_000)])
    assert counter.is_exact
    assert counter.count() == 30_000


def test_distinct_count_becomes_an_estimate_within_its_stated_error_beyond_the_bound():
    counter = DistinctCounter(limit=10_000)
    _feed(counter, [f"event-{i}" for i in range(200_000)])
    assert not counter.is_exact
    assert abs(counter.count() - 200_000) / 200_000 < 3 * HLL_RELATIVE_ERROR


def test_profile_says_when_its_distinct_count_is_approximate(write_file, monkeypatch):
    monkeypatch.setattr(api, "EXACT_LIMIT", 5_000)  # the bound, small enough for a test
    path = write_file("many.csv", "Type,Note\n" + "".join(f"T,n{i}\n" for i in range(30_000)))
    audit = audit_table(path, list_tables(path)[0])
    note = next(c for c in audit.columns if c.name == "Note")
    assert note.distinct_is_exact is False
    assert note.distinct_relative_error == pytest.approx(HLL_RELATIVE_ERROR, abs=1e-4)
    assert abs(note.distinct_count - 30_000) < 30_000 * 3 * HLL_RELATIVE_ERROR
    assert next(c for c in audit.columns if c.name == "Type").distinct_is_exact
