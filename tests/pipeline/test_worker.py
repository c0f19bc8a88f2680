"""Link runs and the coverage rebuild on a real Celery worker (PostgreSQL + Redis)."""

import pytest

from foiatrack.pipeline.models import DatasetCoverage, LinkRun
from foiatrack.pipeline.services import link_run_create
from foiatrack.received.models import Table
from foiatrack.stages import STAGES
from tests.conftest import wait_until
from tests.pipeline.conftest import chicago_arrests_csv, chicago_reports_csv


@pytest.mark.services
def test_a_link_run_on_a_real_worker_stores_its_counts_and_rebuilds_coverage(
    celery_worker, stages, directory, ingest
):
    cases = [f"HT{100000 + n}" for n in range(30)]
    reports = ingest(
        "reports.csv",
        chicago_reports_csv(cases),
        agency=directory["chicago-police"],
        stage="report",
    )
    arrests = ingest(
        "arrests.csv",
        chicago_arrests_csv(cases[:18] + [f"JA{500000 + n}" for n in range(6)]),
        agency=directory["chicago-police"],
        stage="arrest",
    )
    wait_until(
        lambda: Table.objects.filter(status="done").count() == 2,
        message="audits on the worker\n" + celery_worker.log(),
    )
    reports.refresh_from_db()
    arrests.refresh_from_db()

    run = link_run_create(left_table=reports, right_table=arrests)

    wait_until(
        lambda: LinkRun.objects.get(id=run.id).status == "done",
        message="link run on the worker\n" + celery_worker.log(),
    )
    run.refresh_from_db()
    assert (run.linked_left, run.linked_right) == (18, 18)
    wait_until(
        lambda: DatasetCoverage.objects.filter(table=reports, linkability_level="L2").exists(),
        message="coverage rebuilt after the link run\n" + celery_worker.log(),
    )


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_rebuilds_at_once_take_turns_and_leave_one_matrix(stages, directory, ingest):
    import threading

    from django.db import connection

    from foiatrack.pipeline.models import CoverageCell
    from foiatrack.pipeline.services import coverage_recompute
    from tests.conftest import require
    from tests.pipeline.conftest import seattle_fire_csv

    require(connection.vendor == "postgresql", "row locks need PostgreSQL")
    ingest("fire.csv", seattle_fire_csv(), agency=directory["seattle-fire"], stage="call")
    errors = []

    def rebuild():
        try:
            coverage_recompute()
        except Exception as error:  # collected: an exception in a thread is otherwise lost
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=rebuild) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert CoverageCell.objects.count() == len(STAGES) * 6
