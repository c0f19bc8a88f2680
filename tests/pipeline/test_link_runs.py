"""Link runs through the service and its (in-process) task, on data with a known answer."""

import pytest
from django.core.files.storage import default_storage

from foiatrack.pipeline.models import DatasetCoverage, LinkRun
from foiatrack.pipeline.services import LinkRunError, link_run_create, link_run_execute
from tests.pipeline.conftest import (
    calls_and_reports_without_keys,
    chicago_arrests_csv,
    chicago_reports_csv,
)


@pytest.fixture
def run_link(django_capture_on_commit_callbacks):
    """Create a link run and let its task (and the rebuild it queues) run as on commit."""

    def run(left, right, user=None) -> LinkRun:
        with django_capture_on_commit_callbacks(execute=True):
            created = link_run_create(left_table=left, right_table=right, user=user)
        return LinkRun.objects.get(id=created.id)

    return run


@pytest.mark.django_db
def test_calls_and_crimes_sharing_report_numbers_link_exactly_the_900_known_pairs(
    directory, ingest_sample, run_link
):
    # datasets/README.md: 900 calls carry the RD number of one crime; 45 of those are
    # spelled differently in the crimes file, so only normalised keys find all 900.
    calls = ingest_sample(
        "chicago_calls_cad_2011.csv", agency=directory["chicago-oemc"], stage="call"
    )
    crimes = ingest_sample(
        "chicago_crimes_2011.csv", agency=directory["chicago-police"], stage="report"
    )

    run = run_link(calls, crimes)

    assert run.status == LinkRun.Status.DONE
    assert (run.left_rows, run.right_rows) == (4000, 3000)
    assert (run.linked_left, run.linked_right) == (900, 900)
    assert run.link_rate == pytest.approx(900 / 4000)
    assert run.method == "deterministic"
    assert [key["kind"] for key in run.keys] == ["report_number"]
    assert run.linkability_level == "L2"
    assert run.result["unlinked_left"] == 3100


@pytest.mark.django_db
def test_tables_sharing_every_key_link_every_row(directory, ingest, run_link):
    cases = [f"HT{100000 + n}" for n in range(25)]
    reports = ingest("reports.csv", chicago_reports_csv(cases), stage="report")
    # The arrest file spells the same numbers in lower case with a dash: normalised away.
    arrests = ingest(
        "arrests.csv",
        chicago_arrests_csv([f"ht-{case[2:]}" for case in cases]),
        stage="arrest",
    )

    run = run_link(reports, arrests)

    assert (run.linked_left, run.linked_right) == (25, 25)
    assert run.link_rate == 1.0


@pytest.mark.django_db
def test_tables_sharing_part_of_their_keys_link_only_the_shared_part(directory, ingest, run_link):
    reports = ingest(
        "reports.csv",
        chicago_reports_csv([f"HT{100000 + n}" for n in range(40)]),
        stage="report",
    )
    # 15 of the 30 arrests point at a report in the file; the others at reports not sent.
    arrests = ingest(
        "arrests.csv",
        chicago_arrests_csv(
            [f"HT{100000 + n}" for n in range(15)] + [f"JA{500000 + n}" for n in range(15)]
        ),
        stage="arrest",
    )

    run = run_link(reports, arrests)

    assert (run.linked_left, run.linked_right) == (15, 15)
    assert run.link_rate == pytest.approx(15 / 40)


@pytest.mark.django_db
def test_tables_with_no_shared_key_and_no_place_link_nothing_and_say_why(
    directory, ingest_sample, run_link
):
    crimes = ingest_sample(
        "chicago_crimes_2011.csv", agency=directory["chicago-police"], stage="report"
    )
    court = ingest_sample(
        "ccsao_dispositions_sentencing_2011.csv",
        agency=directory["cook-county-states-attorney"],
        stage="court",
    )

    run = run_link(crimes, court)

    assert run.status == LinkRun.Status.DONE
    assert run.method == "none"
    assert (run.linked_left, run.linked_right) == (0, 0)
    assert "no shared key" in run.reason


@pytest.mark.django_db
def test_a_finished_link_run_is_recomputed_into_the_datasets_linkability(
    directory, ingest, run_link
):
    cases = [f"HT{100000 + n}" for n in range(20)]
    reports = ingest("reports.csv", chicago_reports_csv(cases), stage="report")
    arrests = ingest("arrests.csv", chicago_arrests_csv(cases), stage="arrest")

    run_link(reports, arrests)

    coverage = DatasetCoverage.objects.get(table=reports)
    assert coverage.linkability_level == "L2"
    assert coverage.best_link_rate == 1.0


@pytest.mark.django_db
def test_running_a_link_run_twice_does_the_work_once(directory, ingest, run_link):
    cases = [f"HT{100000 + n}" for n in range(12)]
    reports = ingest("reports.csv", chicago_reports_csv(cases), stage="report")
    arrests = ingest("arrests.csv", chicago_arrests_csv(cases), stage="arrest")
    run = run_link(reports, arrests)
    finished_at = run.finished_at

    assert link_run_execute(run_id=run.id, claim_token="another-job") == LinkRun.Status.DONE

    run.refresh_from_db()
    assert run.finished_at == finished_at
    assert run.claim_token != "another-job"


@pytest.mark.django_db
def test_a_link_run_needs_two_different_audited_tables(directory, ingest):
    cases = [f"HT{100000 + n}" for n in range(12)]
    reports = ingest("reports.csv", chicago_reports_csv(cases), stage="report")
    arrests = ingest("arrests.csv", chicago_arrests_csv(cases), stage="arrest")
    arrests.status = "queued"
    arrests.save()

    with pytest.raises(LinkRunError, match="different"):
        link_run_create(left_table=reports, right_table=reports)
    with pytest.raises(LinkRunError, match="not been audited"):
        link_run_create(left_table=reports, right_table=arrests)
    assert not LinkRun.objects.exists()


@pytest.mark.django_db
def test_a_link_run_whose_file_vanished_fails_with_a_message(directory, ingest, run_link):
    cases = [f"HT{100000 + n}" for n in range(12)]
    reports = ingest("reports.csv", chicago_reports_csv(cases), stage="report")
    arrests = ingest("arrests.csv", chicago_arrests_csv(cases), stage="arrest")
    # Both the upload and the audit's columnar copy are gone (the copy alone suffices:
    # tests/received/test_columnar_copy.py).
    arrests.refresh_from_db()
    default_storage.delete(arrests.columnar_name)
    arrests.received_file.stored_file.delete(save=False)

    run = run_link(reports, arrests)

    assert run.status == LinkRun.Status.FAILED
    assert "missing" in run.error_message


@pytest.mark.django_db
def test_tables_without_a_shared_key_link_probabilistically_on_time_place_and_type(
    directory, ingest, run_link
):
    calls_file, reports_file = calls_and_reports_without_keys(calls=400)
    calls = ingest("calls.csv", calls_file, agency=directory["chicago-oemc"], stage="call")
    reports = ingest(
        "reports.csv", reports_file, agency=directory["chicago-police"], stage="report"
    )

    run = run_link(calls, reports)

    assert run.method == "probabilistic"
    assert (run.left_rows, run.right_rows) == (400, 200)
    # 200 true pairs; a probabilistic link may miss or invent a few, never many.
    assert 190 <= run.linked_right <= 200
    assert 190 <= run.linked_left <= 200
