import hashlib

import pytest

from foiatrack.received import selectors
from foiatrack.received.models import ReceivedFile, Table

FINDINGS = {
    "rows": 2,
    "columns": [
        {
            "name": "Name",
            "role": "person_name",
            "inferred_type": "text",
            "minimum": "ADAMS, JO",
            "maximum": "ZHU, LI",
            "examples": ["DOE, JANE"],
            "null_rate": 0.0,
        },
        {
            "name": "Booked",
            "role": "date",
            "inferred_type": "date",
            "minimum": "2021-01-01",
            "maximum": "2021-12-31",
            "examples": ["2021-03-04"],
            "null_rate": 0.0,
        },
        {
            "name": "Charge",
            "role": "offense_type",
            "inferred_type": "text",
            "minimum": "ARSON",
            "maximum": "THEFT",
            "examples": ["BATTERY"],
            "null_rate": 0.1,
        },
    ],
    "flags": [],
}


def _table(status=Table.Status.DONE, number=1, **fields) -> Table:
    received = ReceivedFile.objects.create(
        original_name="jail.csv",
        stored_file=f"received/x/{number}.csv",
        size_bytes=1,
        sha256=hashlib.sha256(str(number).encode()).hexdigest(),
    )
    return Table.objects.create(received_file=received, name="jail.csv", status=status, **fields)


@pytest.mark.django_db
def test_public_findings_hold_no_sample_values_or_text_extremes():
    table = _table(findings=FINDINGS)

    public = selectors.table_public_findings(table)

    text = str(public)
    for secret in ("DOE, JANE", "ADAMS, JO", "ZHU, LI", "BATTERY", "ARSON"):
        assert secret not in text
    booked = public["columns"][1]
    assert (booked["minimum"], booked["maximum"]) == ("2021-01-01", "2021-12-31")
    assert table.findings["columns"][0]["examples"] == ["DOE, JANE"]


@pytest.mark.django_db
def test_public_findings_are_none_before_the_audit():
    assert selectors.table_public_findings(_table(status=Table.Status.QUEUED)) is None


@pytest.mark.django_db
def test_tables_done_lists_only_audited_tables_of_the_asked_stage(stages):
    done = _table(number=1)
    done.received_file.stage = stages["jail"]
    done.received_file.save()
    _table(number=2, status=Table.Status.FAILED)
    other_stage = _table(number=3)
    other_stage.received_file.stage = stages["call"]
    other_stage.received_file.save()

    assert list(selectors.tables_done(stage="jail")) == [done]
    assert set(selectors.tables_done()) == {done, other_stage}


@pytest.mark.django_db
def test_invalid_filter_values_are_refused():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        selectors.tables_list(filters={"status": "exploded"})


@pytest.mark.django_db
def test_file_status_summarises_its_tables():
    table = _table(status=Table.Status.FAILED)
    Table.objects.create(received_file=table.received_file, name="b", status=Table.Status.RUNNING)
    received = selectors.received_file_get(file_id=table.received_file_id)

    assert selectors.received_file_status(received) == Table.Status.RUNNING
