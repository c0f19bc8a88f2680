"""The coverage heatmap and a dataset's month strip. Files are synthetic, shaped like
Seattle Fire "Real Time 911" (tests/pipeline/conftest.py) with months left out."""

import io

import pandas as pd
import pytest
from django.urls import reverse

from foiatrack.pipeline.month_strip import month_strip
from tests.pipeline.conftest import cjp_calls_aggregate_csv, seattle_fire_csv


def test_the_strip_has_a_bar_per_month_and_marks_the_missing_ones():
    strip = month_strip("2019-01-03", "2019-12-20", ["2019-10", "2019-11"])

    assert [bar["label"] for bar in strip["bars"]][:2] == ["2019-01", "2019-02"]
    assert len(strip["bars"]) == 12
    assert strip["missing_labels"] == ["2019-10", "2019-11"]


def test_a_missing_year_marks_its_months_and_a_long_period_is_drawn_by_year():
    assert len(month_strip("2010-01-01", "2011-12-31", ["2011"])["missing_labels"]) == 12
    long = month_strip("1990-01-01", "2019-12-31", ["2001"])
    assert long["unit"] == "year" and len(long["bars"]) == 30
    assert long["missing_labels"] == ["2001"]


def test_an_unknown_or_backwards_period_draws_nothing():
    assert month_strip(None, "2019-01-01", [])["bars"] == []
    assert month_strip("2019-05-01", "2019-01-01", [])["bars"] == []
    assert month_strip("not a date", "2019-01-01", [])["bars"] == []


@pytest.mark.django_db
def test_the_dataset_page_draws_its_months_with_the_gaps_the_audit_found(
    client, directory, ingest, recompute
):
    # seattle_fire_csv dates rows January–September 2019; March and April are dropped.
    lines = seattle_fire_csv(60).decode().splitlines()
    kept = [lines[0]] + [
        line for line in lines[1:] if ",2019-03-" not in line and ",2019-04-" not in line
    ]
    content = ("\n".join(kept) + "\n").encode()
    table = ingest("fire.csv", content, agency=directory["seattle-fire"], stage="call")
    recompute()
    table.refresh_from_db()
    dates = pd.to_datetime(pd.read_csv(io.BytesIO(content))["Datetime"])
    present = set(dates.dt.strftime("%Y-%m"))
    every = pd.period_range(dates.min(), dates.max(), freq="M").strftime("%Y-%m")
    expected_missing = [month for month in every if month not in present]
    assert expected_missing == ["2019-03", "2019-04"]

    page = client.get(reverse("pipeline:dataset", args=[table.id])).content.decode()

    assert '<svg class="month-strip-svg"' in page
    months = (table.period_end.year - table.period_start.year) * 12 + (
        table.period_end.month - table.period_start.month + 1
    )
    assert page.count('class="strip-present"') + page.count('class="strip-missing"') == months
    assert page.count('class="strip-missing"') == len(expected_missing)
    assert "Missing months: 2019-03, 2019-04" in page
    assert " style=" not in page


@pytest.mark.django_db
def test_the_matrix_is_a_heatmap_table_with_a_legend(client, directory, ingest, recompute):
    ingest("calls.csv", cjp_calls_aggregate_csv(), agency=directory["chicago-oemc"], stage="call")
    recompute()

    page = client.get(reverse("pipeline:matrix")).content.decode()

    assert '<table class="matrix heatmap">' in page
    assert 'class="cell state-aggregate"' in page
    assert '<span class="visually-hidden">Aggregated only</span>' in page
    assert 'class="legend"' in page
