"""The funnel on real published files: Reno's CAD snapshot and report index (they share
call numbers) plus Seattle's real 911 export filed as a second call dataset of the same
place, so the call stage holds two datasets as in the 900-of-5,200 bug. Expected facts are
computed here with pandas (datasets under ../shared/realdata/files/, README there)."""

import pandas as pd
import pytest
from django.core.files import File
from django.urls import reverse

from foiatrack.foia.models import Agency, Jurisdiction
from foiatrack.pipeline.models import LinkRun
from foiatrack.pipeline.services import link_run_create
from tests.conftest import REPO_ROOT, require
from tests.pipeline.pages import csv_rows

REAL = REPO_ROOT.parent / "shared" / "realdata" / "files"
CAD, RMS, SEATTLE = (
    REAL / "reno_cad_calls_2011-10-06.csv",
    REAL / "reno_rms_reports_2011-10-06.csv",
    REAL / "seattle_911_calls_2016-03.csv",
)


@pytest.mark.django_db
def test_a_step_counts_only_the_linked_files_and_hides_a_small_link_with_its_rate(
    client, stages, ingest, recompute, django_capture_on_commit_callbacks
):
    require(all(p.exists() for p in (CAD, RMS, SEATTLE)), "real files not present")
    reno = Jurisdiction.objects.create(name="City of Reno", slug="reno", level="city", law="x")
    police = Agency.objects.create(name="Reno Police Department", slug="reno-pd", jurisdiction=reno)

    def store(path, stage):
        with path.open("rb") as handle:
            return ingest(path.name, b"".join(File(handle).chunks()), agency=police, stage=stage)

    cad, rms = store(CAD, "call"), store(RMS, "report")
    store(SEATTLE, "call")
    recompute()
    with django_capture_on_commit_callbacks(execute=True):
        run = link_run_create(left_table=cad, right_table=rms)
    assert LinkRun.objects.get(id=run.id).status == LinkRun.Status.DONE

    cad_rows = pd.read_csv(CAD, header=None, dtype=str)
    rms_rows = pd.read_csv(RMS, header=None, dtype=str)
    shared = set(cad_rows[0].str.strip()) & set(rms_rows[0].str.strip())
    linked = int(cad_rows[0].str.strip().isin(shared).sum())
    rows = csv_rows(client.get(reverse("pipeline:funnel_download", args=["csv"])))
    step = next(dict(zip(rows[0], row, strict=True)) for row in rows[1:] if row[1] == "reno")

    assert int(step["Records received (from)"]) == len(cad_rows)  # not + Seattle's rows
    assert int(step["Records received (to)"]) == len(rms_rows)
    assert 0 < linked < 10
    assert step["Linked (from side)"] == "<10"
    assert step["Link rate (%)"] == ""  # rate × records would give the hidden count back
