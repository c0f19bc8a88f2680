"""A funnel step adds up: its counts come from the same datasets on both sides, its rate is
recomputable from its own download, and a new link run shows at once.

Uses the synthetic samples in datasets/ (README there: a CAD extract and Chicago "Crimes"
sharing 900 RD numbers) plus a second synthetic call file shaped like Seattle Fire's
"Real Time 911", which made the old funnel show 900 of 5,200 calls as 22.5 %.
"""

import pandas as pd
import pytest
from django.urls import reverse

from foiatrack.foia.models import Status
from foiatrack.pipeline.models import LinkRun
from foiatrack.pipeline.selectors import public_version
from foiatrack.pipeline.services import link_run_create
from tests.pipeline.conftest import DATASETS, seattle_fire_csv
from tests.pipeline.pages import csv_rows


@pytest.fixture
def chicago_calls_and_crimes(directory, ingest, ingest_sample, recompute):
    calls = ingest_sample(
        "chicago_calls_cad_2011.csv", agency=directory["chicago-oemc"], stage="call"
    )
    ingest("more-calls.csv", seattle_fire_csv(40), agency=directory["chicago-oemc"], stage="call")
    crimes = ingest_sample(
        "chicago_crimes_2011.csv", agency=directory["chicago-police"], stage="report"
    )
    recompute()
    return calls, crimes


def _link(left, right, capture) -> LinkRun:
    with capture(execute=True):
        created = link_run_create(left_table=left, right_table=right)
    return LinkRun.objects.get(id=created.id)


def _chicago_calls_step(client) -> dict:
    rows = csv_rows(client.get(reverse("pipeline:funnel_download", args=["csv"])))
    header = rows[0]
    found = [dict(zip(header, row, strict=True)) for row in rows[1:]]
    return next(
        r for r in found if r["Jurisdiction slug"] == "chicago" and r["From"].startswith("Call")
    )


@pytest.mark.django_db
def test_a_measured_step_counts_the_linked_tables_and_its_rate_is_recomputable(
    client, chicago_calls_and_crimes, django_capture_on_commit_callbacks
):
    calls, crimes = chicago_calls_and_crimes
    _link(calls, crimes, django_capture_on_commit_callbacks)
    # Expected facts from the files themselves, with pandas.
    call_rows = len(pd.read_csv(DATASETS / "chicago_calls_cad_2011.csv", dtype=str))
    crime_rows = len(pd.read_csv(DATASETS / "chicago_crimes_2011.csv", dtype=str))

    step = _chicago_calls_step(client)

    assert int(step["Records received (from)"]) == call_rows  # not calls + the other file
    assert int(step["Records received (to)"]) == crime_rows
    linked = int(step["Linked (from side)"])
    assert linked == 900  # datasets/README.md: 900 calls carry a crime's RD number
    assert float(step["Link rate (%)"]) == round(100 * linked / call_rows, 1)
    assert step["Period (from)"] == "2011"


@pytest.mark.django_db
def test_a_new_link_run_shows_at_once_on_the_cached_page(
    client, chicago_calls_and_crimes, django_capture_on_commit_callbacks
):
    calls, crimes = chicago_calls_and_crimes
    before_version = public_version()
    before = client.get(reverse("pipeline:funnel")).content.decode()  # now cached
    assert "Cannot be linked, because not measured yet" in before

    _link(calls, crimes, django_capture_on_commit_callbacks)

    assert public_version() != before_version
    after = client.get(reverse("pipeline:funnel")).content.decode()
    assert "22.5 % of 911 calls received link to police reports" in after


@pytest.mark.django_db
def test_the_newest_finished_run_decides_not_the_best_rate(
    client, chicago_calls_and_crimes, django_capture_on_commit_callbacks, recompute
):
    calls, crimes = chicago_calls_and_crimes
    first = _link(calls, crimes, django_capture_on_commit_callbacks)
    # A later run of the same pair that linked nothing (say, after a re-upload).
    LinkRun.objects.create(
        left_table=calls,
        right_table=crimes,
        status=LinkRun.Status.DONE,
        method="none",
        linked_left=0,
        left_rows=first.left_rows,
        reason="no report number matched in the data received",
        finished_at=first.finished_at + pd.Timedelta(minutes=5),
    )
    recompute()

    step = _chicago_calls_step(client)

    assert step["Link rate (%)"] == ""
    assert "no report number matched" in step["Explanation"]


@pytest.mark.django_db
def test_an_embargoed_requests_rows_count_in_no_funnel_total(
    client, directory, ingest, make_request, recompute
):
    sheriff = directory["cook-county-sheriff"]
    ingest("public-jail.csv", seattle_fire_csv(30), agency=sheriff, stage="jail")
    secret = make_request(sheriff, stages=["jail"], status=Status.FULFILLED, is_public=False)
    ingest("secret-jail.csv", seattle_fire_csv(12), agency=sheriff, stage="jail", request=secret)
    recompute()

    rows = csv_rows(client.get(reverse("pipeline:funnel_download", args=["csv"])))
    header = rows[0]
    jail = [
        dict(zip(header, row, strict=True))
        for row in rows[1:]
        if row[header.index("To")].startswith("Jail")
    ]

    assert jail
    assert {row["Records received (to)"] for row in jail} == {"30"}


@pytest.mark.django_db
def test_the_funnel_page_draws_each_step_as_an_svg_with_a_text_alternative(
    client, chicago_calls_and_crimes, django_capture_on_commit_callbacks
):
    calls, crimes = chicago_calls_and_crimes
    _link(calls, crimes, django_capture_on_commit_callbacks)

    page = client.get(reverse("pipeline:funnel")).content.decode()

    assert page.count('<svg class="funnel-svg"') == 3  # Chicago's three steps
    assert "<desc " in page and "<title " in page
    assert 'class="funnel-band"' in page  # the measured calls → reports step
    assert "Cannot be linked, because" in page  # reports → court: no court data
    assert " style=" not in page  # the CSP allows no inline styles


@pytest.mark.django_db
def test_a_request_made_private_leaves_the_funnel_at_once(
    client, directory, ingest, make_request, recompute, django_capture_on_commit_callbacks
):
    sheriff = directory["cook-county-sheriff"]
    shared = make_request(sheriff, stages=["jail"], status=Status.FULFILLED, is_public=True)
    ingest("jail.csv", seattle_fire_csv(30), agency=sheriff, stage="jail", request=shared)
    recompute()
    before = client.get(reverse("pipeline:funnel")).content.decode()  # cached now
    assert "Jail booking</strong>: 30 records" in before

    shared.is_public = False
    with django_capture_on_commit_callbacks(execute=True):
        shared.save()

    after = client.get(reverse("pipeline:funnel")).content.decode()
    assert "Jail booking</strong>: 30 records" not in after


@pytest.mark.django_db
def test_a_dataset_shown_as_under_ten_is_not_in_a_stage_total(client, directory, ingest, recompute):
    # Synthetic Seattle-Fire-shaped call files: 40 rows and 5 rows for the same city.
    ingest("calls-a.csv", seattle_fire_csv(40), agency=directory["chicago-oemc"], stage="call")
    ingest("calls-b.csv", seattle_fire_csv(5), agency=directory["chicago-oemc"], stage="call")
    recompute()

    step = _chicago_calls_step(client)

    # 40 + 5 would give the "<10" dataset back as total − 40; only 40 is published.
    assert step["Records received (from)"] == "40"
    datasets = csv_rows(client.get(reverse("pipeline:dataset_list_download", args=["csv"])))
    header = datasets[0]
    shown = sorted(dict(zip(header, row, strict=True))["Rows"] for row in datasets[1:])
    assert shown == ["40", "<10"]
