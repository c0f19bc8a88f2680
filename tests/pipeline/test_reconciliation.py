"""Reconciliations and delivery comparisons of stored tables: the tasks (in-process and on
a real worker), the flags they raise, the follow-up letter, the gap page, the API and the
downloads, with their permissions and small-cell suppression. Files are SYNTHETIC and follow
the CJP aggregate and OEMC CAD layouts (tests/audit/reconcile_samples.py)."""

import json

import pandas as pd
import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from foiatrack.pipeline import reconciliation as service
from foiatrack.pipeline.models import DeliveryComparison, Reconciliation
from foiatrack.pipeline.reconciliation_public import public_reconciliation
from foiatrack.pipeline.services import followup_draft_create
from foiatrack.received.models import GapFlag, Table
from tests.audit import reconcile_samples as samples
from tests.conftest import wait_until
from tests.pipeline.pages import csv_rows

WITHHELD = "<10"


def _csv(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False).encode()


@pytest.fixture
def frames():
    aggregate = samples.cjp_aggregate()
    calls = samples.cad_calls(aggregate)
    return aggregate, calls, samples.degraded_delivery(calls)


@pytest.fixture
def tables(directory, ingest, make_request, recompute, frames):
    """A public request answered with the CJP-shaped counts and a CAD extract, then answered
    again, worse; and a private request's copy of the extract."""
    aggregate, calls, degraded = frames
    oemc = directory["chicago-oemc"]
    public = make_request(oemc, stages=["call"], is_public=True)
    private = make_request(oemc, stages=["call"])
    found = {
        "aggregate": ingest("cjp.csv", _csv(aggregate), agency=oemc, stage="call", request=public),
        "records": ingest("calls.csv", _csv(calls), agency=oemc, stage="call", request=public),
        "again": ingest(
            "calls_again.csv", _csv(degraded), agency=oemc, stage="call", request=public
        ),
        "private": ingest(
            "calls_private.csv", _csv(calls.iloc[:-1]), agency=oemc, stage="call", request=private
        ),
    }
    for table in found.values():
        table.refresh_from_db()
        assert table.status == Table.Status.DONE, table.error_message
    recompute()
    return found


def _reconcile(aggregate, records, capture, **kwargs) -> Reconciliation:
    with capture(execute=True):
        row = service.reconciliation_create(
            aggregate_table=aggregate, records_table=records, **kwargs
        )
    row.refresh_from_db()
    return row


def _compare(old, new, capture) -> DeliveryComparison:
    with capture(execute=True):
        row = service.comparison_create(old_table=old, new_table=new)
    row.refresh_from_db()
    return row


def _expected_2011(aggregate: pd.DataFrame, calls: pd.DataFrame) -> tuple[int, int]:
    """Stated calls in 2011, and calls received that fall in a stated cell (pandas)."""
    stated = aggregate[aggregate["Year"] == "2011"]
    norm = calls["Type"].str.upper().str.replace(r"[^0-9A-Z]+", " ", regex=True).str.strip()
    counted = set(zip(stated["District"], stated["Event Type"], strict=True))
    matched = sum((d, t) in counted for d, t in zip(calls["District"], norm, strict=True))
    return int(stated["Calls"].sum()), matched


def test_a_request_answered_again_is_compared_and_reconciled_after_each_audit(tables):
    """No admin asked: the second delivery to the same request was compared with the first,
    and each record table reconciled with the request's counts, by the after-audit task."""
    comparison = DeliveryComparison.objects.get(new_table=tables["again"])
    assert comparison.old_table == tables["records"]
    assert comparison.status == DeliveryComparison.Status.DONE, comparison.error_message
    reconciled = set(
        Reconciliation.objects.filter(aggregate_table=tables["aggregate"]).values_list(
            "records_table", "status"
        )
    )
    assert reconciled == {(tables["records"].id, "done"), (tables["again"].id, "done")}
    # The private request's copy answers another request: nothing was paired with it.
    assert not Reconciliation.objects.filter(records_table=tables["private"]).exists()
    assert not DeliveryComparison.objects.filter(new_table=tables["private"]).exists()


def test_a_reconciliation_task_saves_the_figures_and_flags_the_shortfall(
    tables, frames, django_capture_on_commit_callbacks
):
    aggregate, calls, _degraded = frames
    row = _reconcile(tables["aggregate"], tables["records"], django_capture_on_commit_callbacks)
    stated, received = _expected_2011(aggregate, calls)
    assert row.status == Reconciliation.Status.DONE, row.error_message
    assert (row.result["stated_total"], row.result["received_total"]) == (stated, received)
    flag = GapFlag.objects.get(table=tables["records"], code="RECORDS_SHORTFALL")
    assert flag.evidence["missing_total"] == stated - received
    assert service.reconciliation_run(reconciliation_id=row.id) == "skipped"  # claimed once


def test_the_follow_up_letter_asks_for_the_missing_records_per_period(
    tables, frames, django_capture_on_commit_callbacks
):
    aggregate, calls, _degraded = frames
    _reconcile(tables["aggregate"], tables["records"], django_capture_on_commit_callbacks)
    stated, received = _expected_2011(aggregate, calls)
    letter = followup_draft_create(table=tables["records"]).text
    assert (
        f"Your count for 2011 is {stated:,}; you sent {received:,} records; please explain "
        f"or release the remaining {stated - received:,}." in letter
    )


def test_a_worse_delivery_raises_degraded_delivery_with_its_evidence(
    tables, django_capture_on_commit_callbacks
):
    row = _compare(tables["records"], tables["again"], django_capture_on_commit_callbacks)
    assert row.status == DeliveryComparison.Status.DONE, row.error_message
    flag = GapFlag.objects.get(table=tables["again"], code="DEGRADED_DELIVERY")
    kinds = {d["kind"] for d in flag.evidence["degradations"]}
    assert {"column_dropped", "newly_redacted", "periods_lost", "areas_lost"} <= kinds
    assert flag.evidence["previous_table_id"] == tables["records"].id
    letter = followup_draft_create(table=tables["again"]).text
    assert "less complete than your previous answer" in letter and "Beat" in letter


def test_a_pair_with_no_shared_dimension_is_a_recorded_failure(
    directory, ingest, django_capture_on_commit_callbacks
):
    oemc = directory["chicago-oemc"]
    counts = ingest("counts.csv", b"Category,Calls\nA,10\nB,20\n", agency=oemc, stage="call")
    notes = ingest("notes.csv", b"Note,Value\nx,1\ny,2\n", agency=oemc, stage="call")
    row = _reconcile(counts, notes, django_capture_on_commit_callbacks)
    assert row.status == Reconciliation.Status.FAILED
    assert "share no period, area or type" in row.error_message


# --- Page, API, downloads ----------------------------------------------------------


@pytest.fixture
def done(tables, django_capture_on_commit_callbacks):
    _reconcile(tables["aggregate"], tables["records"], django_capture_on_commit_callbacks)
    _reconcile(tables["aggregate"], tables["private"], django_capture_on_commit_callbacks)
    _compare(tables["records"], tables["again"], django_capture_on_commit_callbacks)
    return tables


def _api(user=None) -> APIClient:
    client = APIClient()
    if user:
        client.force_authenticate(user)
    return client


def test_the_gap_report_shows_the_reconciliation_and_the_change(client, done):
    page = client.get(reverse("pipeline:dataset", args=[done["records"].id])).content.decode()
    assert "Counts against records" in page and '<svg class="reconciliation-svg"' in page
    again = client.get(reverse("pipeline:dataset", args=[done["again"].id])).content.decode()
    assert "Since the previous delivery" in again and "Beat" in again


def test_a_private_requests_dataset_is_invisible_to_the_public(client, done, staff_user):
    table_id = done["private"].id
    urls = [
        reverse("pipeline:dataset", args=[table_id]),
        reverse("pipeline:dataset_reconciliation_download", args=[table_id, "csv"]),
        reverse("pipeline:dataset_reconciliation_download", args=[table_id, "json"]),
        f"/api/v1/datasets/{table_id}/reconciliation/",
        f"/api/v1/datasets/{table_id}/changes/",
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    client.force_login(staff_user)
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_a_data_admin_sees_the_public_figures_on_a_dataset_and_its_run_whole(done, data_admin):
    url = f"/api/v1/datasets/{done['records'].id}/reconciliation/"
    answer = _api(data_admin).get(url).json()
    assert answer["reconciliation"]["cells"] == []  # small cells: the public view
    assert (
        _api(data_admin).get(f"/api/v1/datasets/{done['private'].id}/changes/").status_code == 404
    )
    run = _api(data_admin).get(f"/api/v1/reconciliations/{answer['reconciliation_id']}/").json()
    assert all(isinstance(c["stated"], int) for c in run["result"]["cells"])


def test_a_public_aggregate_never_shows_its_reconciliation_with_private_records(done):
    """The aggregate was last reconciled with the private request's copy of the records:
    the public sees the earlier reconciliation with the public records instead."""
    runs = Reconciliation.objects.filter(aggregate_table=done["aggregate"])
    public_run = runs.exclude(records_table=done["private"]).latest("finished_at", "id")
    private_run = runs.get(records_table=done["private"])
    assert private_run.finished_at >= public_run.finished_at
    url = f"/api/v1/datasets/{done['aggregate'].id}/reconciliation/"
    assert _api().get(url).json()["reconciliation_id"] == public_run.id


@pytest.mark.parametrize("who", ["anonymous", "plain_user", "staff_user", "data_admin"])
def test_only_data_admins_start_and_read_runs(who, request, done):
    user = None if who == "anonymous" else request.getfixturevalue(who)
    body = {"aggregate_table": done["aggregate"].id, "records_table": done["records"].id}
    answer = _api(user).post("/api/v1/reconciliations/", body, format="json")
    listing = _api(user).get("/api/v1/delivery-comparisons/")
    expected = {"anonymous": 401, "plain_user": 403, "staff_user": 403, "data_admin": 201}[who]
    assert answer.status_code == expected
    assert listing.status_code == (200 if expected == 201 else expected)


def test_a_data_admin_gets_409_for_the_same_table_twice(done, data_admin):
    body = {"old_table": done["records"].id, "new_table": done["records"].id}
    answer = _api(data_admin).post("/api/v1/delivery-comparisons/", body, format="json")
    assert answer.status_code == 409


def test_staff_see_every_figure_the_public_sees_small_ones_withheld(done, staff_user):
    url = f"/api/v1/datasets/{done['records'].id}/reconciliation/"
    public = _api().get(url).json()["reconciliation"]
    full = _api(staff_user).get(url).json()["reconciliation"]
    small = [c for c in full["cells"] if any(0 < abs(c[k]) < 10 for k in COUNTS)]
    assert small, "the sample should have small cells"
    assert all(isinstance(c["stated"], int) for c in full["cells"])
    assert public["cells"] == [] and public["cells_withheld"] == len(full["cells"])
    # The 2011 total is large: the public sees it exactly, as staff do.
    assert [p["stated"] for p in public["periods"]] == [p["stated"] for p in full["periods"]]


COUNTS = ("stated", "received", "missing")


def _relations(public: dict) -> list[tuple]:
    """(total, parts) pairs the published figures satisfy: the grand total is the sum of
    the period totals and of the area totals; each period and area total is the sum of its
    cells."""
    grand = {k: public[f"{k}_total"] for k in COUNTS}
    found = [(grand, public["periods"]), (grand, public["areas"])]
    for kind in ("period", "area"):
        for row in public[f"{kind}s"]:
            found.append((row, [c for c in public["cells"] if c[kind] == row[kind]]))
    return found


def _assert_nothing_recoverable(public: dict) -> None:
    """No figure from 1 to 9 is shown, and no withheld figure is the one unknown term of a
    sum whose other terms are all shown (so subtraction cannot give it back)."""
    shown = [public[f"{k}_total"] for k in COUNTS]
    for row in public["cells"] + public["periods"] + public["areas"]:
        shown += [row[k] for k in COUNTS]
    assert not [v for v in shown if isinstance(v, int) and 0 < abs(v) < 10]
    for total, parts in _relations(public):
        if not parts:
            continue
        for key in COUNTS:
            terms = [total[key]] + [p[key] for p in parts]
            assert sum(t == WITHHELD for t in terms) != 1, (key, total, parts)


def test_no_withheld_figure_can_be_derived_from_a_public_total(client, done):
    table_id = done["records"].id
    api = _api().get(f"/api/v1/datasets/{table_id}/reconciliation/").json()["reconciliation"]
    _assert_nothing_recoverable(api)
    download = client.get(
        reverse("pipeline:dataset_reconciliation_download", args=[table_id, "json"])
    )
    _assert_nothing_recoverable(json.loads(download.content)["reconciliation"])
    rows = csv_rows(
        client.get(reverse("pipeline:dataset_reconciliation_download", args=[table_id, "csv"]))
    )
    assert rows[0] == ["period", "area", "type", "stated", "received", "missing", "missing_share"]
    for row in rows[1:]:
        assert all(not (v.isdigit() and 0 < int(v) < 10) for v in row[3:6]), row


def test_suppression_withholds_the_totals_that_would_give_a_small_period_back():
    """Two periods, one with a received count of 4: its row is withheld, and with it the
    grand total and every area total, each of which would give it back."""
    cells = [
        {"period": "2010", "area": "1", "type": "X", "stated": 40, "received": 36, "missing": 4},
        {"period": "2011", "area": "1", "type": "X", "stated": 50, "received": 20, "missing": 30},
    ]
    result = {
        "cells": cells,
        "periods": [{"period": c["period"], **{k: c[k] for k in COUNTS}} for c in cells],
        "areas": [{"area": "1", "stated": 90, "received": 56, "missing": 34}],
        "stated_total": 90,
        "received_total": 56,
        "missing_total": 34,
        "unmatched": {"records_without_cell": 0},
    }
    public = public_reconciliation(result)
    _assert_nothing_recoverable(public)
    assert public["cells"] == []
    assert public["periods"][0]["missing"] == WITHHELD and public["periods"][1]["stated"] == 50
    assert public["areas"][0]["stated"] == WITHHELD and public["stated_total"] == WITHHELD


@pytest.mark.services
def test_a_reconciliation_on_a_real_worker_is_saved(
    celery_worker, stages, directory, ingest, frames
):
    aggregate, calls, _degraded = frames
    oemc = directory["chicago-oemc"]
    counts = ingest("cjp.csv", _csv(aggregate), agency=oemc, stage="call")
    records = ingest("calls.csv", _csv(calls), agency=oemc, stage="call")
    wait_until(
        lambda: Table.objects.filter(status="done").count() == 2,
        message="audits on the worker\n" + celery_worker.log(),
    )
    counts.refresh_from_db()
    records.refresh_from_db()
    row = service.reconciliation_create(aggregate_table=counts, records_table=records)
    wait_until(
        lambda: Reconciliation.objects.get(id=row.id).status == "done",
        message="reconciliation on the worker\n" + celery_worker.log(),
    )
    stated, received = _expected_2011(aggregate, calls)
    result = Reconciliation.objects.get(id=row.id).result
    assert (result["stated_total"], result["received_total"]) == (stated, received)
