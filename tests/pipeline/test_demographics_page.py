"""Issue 22: demographic columns on the public gap report, small cells suppressed.

The real Baltimore arrests file (Open Baltimore) is stored through the upload path and
audited; the expected counts and shares are computed here with plain pandas. A SYNTHETIC
file in the same Baltimore layout (`RowID, ArrestNumber, Age, Gender, Race, ...`) checks
the suppression rules with counts chosen to hit them.
"""

import json
from pathlib import Path

import pandas as pd
import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import REPO_ROOT, require
from tests.pipeline.pages import body

BALTIMORE = REPO_ROOT.parent / "shared" / "realdata" / "files" / "baltimore_arrests_2021.csv"


def categories(client, table_id: int) -> dict[str, dict[str, dict]]:
    response = client.get(reverse("pipeline:dataset_json", args=[table_id]))
    assert response.status_code == 200
    found: dict[str, dict[str, dict]] = {}
    for row in json.loads(response.content)["categories"]:
        found.setdefault(row["column"], {})[row["category"]] = row
    return found


@pytest.mark.django_db
def test_real_baltimore_race_shares_on_the_public_page(client, directory, ingest, recompute):
    require(BALTIMORE.exists(), "real file baltimore_arrests_2021.csv not present")
    table = ingest(BALTIMORE.name, Path(BALTIMORE).read_bytes(), stage="arrest")
    recompute()
    frame = pd.read_csv(BALTIMORE, dtype=str, encoding="utf-8-sig", keep_default_na=False)
    race = frame["Race"].str.strip()
    race = race[race != ""]
    counts = race.value_counts()
    page = body(client.get(reverse("pipeline:dataset", args=[table.id])))
    filled = round(100 * len(race) / len(frame))
    assert f"Race is present and {filled} % filled." in page
    shown = categories(client, table.id)["Race"]
    big = counts[counts >= 10]
    small = counts[counts < 10]
    for value, count in big.items():
        if shown[value]["records"] != "withheld":
            assert shown[value]["records"] == int(count)
            assert shown[value]["share_pct"] == round(100 * count / len(race), 1)
    for value in small.index:
        assert value not in shown  # folded into one row, its label not shown either
    if len(small):
        folded = shown["Other categories (each fewer than 10 records)"]
        assert folded["share_pct"] is None or small.sum() >= 10
        if small.sum() < 10:  # the smallest shown category is withheld too
            assert shown[big.idxmin()]["records"] == "withheld"


def synthetic_arrests() -> bytes:
    """SYNTHETIC, Baltimore arrest layout: Race B 60, W 30, A 6; Gender M 90, F 6."""
    lines = ["RowID,ArrestNumber,Age,Gender,Race,ArrestDateTime,District"]
    races = ["B"] * 60 + ["W"] * 30 + ["A"] * 6
    for i, race in enumerate(races):
        gender = "F" if i % 16 == 0 else "M"
        lines.append(
            f"{i + 1},{21000000 + i},{20 + i % 40},{gender},{race},"
            f"2021/03/0{1 + i % 9} 10:00:00+00,Central"
        )
    return ("\n".join(lines) + "\n").encode()


@pytest.mark.django_db
def test_small_demographic_cells_are_suppressed_and_shares_withheld(
    client, directory, ingest, recompute
):
    content = synthetic_arrests()
    frame = pd.read_csv(pd.io.common.BytesIO(content), dtype=str)
    assert frame["Gender"].value_counts().to_dict() == {"M": 90, "F": 6}
    table = ingest("arrests.csv", content, stage="arrest")
    recompute()
    found = categories(client, table.id)
    race = found["Race"]
    assert race["B"]["records"] == 60 and race["B"]["share_pct"] == round(100 * 60 / 96, 1)
    folded = race["Other categories (each fewer than 10 records)"]
    assert folded == {**folded, "records": "<10", "share_pct": None}
    # Rows and fill rate are public: W's 30 would give A's 6 back by subtraction.
    assert race["W"]["records"] == "withheld" and race["W"]["share_pct"] is None
    assert "A" not in race
    assert found["Gender"]["M"]["records"] == "withheld"
    json_text = client.get(reverse("pipeline:dataset_json", args=[table.id])).content.decode()
    for hidden in ('"records": 6,', '"records": 90,'):
        assert hidden not in json_text
    response = client.get(
        reverse("pipeline:dataset_download", args=[table.id, "categories", "csv"])
    )
    csv_text = b"".join(response.streaming_content).decode()
    assert "withheld" in csv_text and ",6," not in csv_text


@pytest.mark.django_db
def test_demographics_of_a_private_request_stay_off_the_public_page(
    staff_user, directory, ingest, make_request, recompute
):
    client, staff_client = Client(), Client()
    staff_client.force_login(staff_user)
    private = make_request(directory["chicago-police"], stages=["arrest"])
    table = ingest("arrests.csv", synthetic_arrests(), stage="arrest", request=private)
    recompute()
    assert client.get(reverse("pipeline:dataset", args=[table.id])).status_code == 404
    assert client.get(reverse("pipeline:dataset_json", args=[table.id])).status_code == 404
    download = reverse("pipeline:dataset_download", args=[table.id, "categories", "csv"])
    assert client.get(download).status_code == 404
    assert staff_client.get(reverse("pipeline:dataset", args=[table.id])).status_code == 200


SEATTLE = REPO_ROOT.parent / "shared" / "realdata" / "files" / "seattle_911_calls_2016-03.csv"


@pytest.mark.django_db
def test_real_seattle_minutes_on_scene_on_the_public_page(client, directory, ingest, recompute):
    require(SEATTLE.exists(), "real file seattle_911_calls_2016-03.csv not present")
    table = ingest(SEATTLE.name, Path(SEATTLE).read_bytes(), stage="call")
    recompute()
    frame = pd.read_csv(SEATTLE, dtype=str)
    fmt = "%m/%d/%Y %I:%M:%S %p"
    arrived = pd.to_datetime(frame["At Scene Time"], format=fmt, errors="coerce")
    cleared = pd.to_datetime(frame["Event Clearance Date"], format=fmt, errors="coerce")
    minutes = ((cleared - arrived).dt.total_seconds() / 60).dropna()
    minutes = minutes[minutes >= 0]
    response = client.get(reverse("pipeline:dataset_download", args=[table.id, "findings", "csv"]))
    text = b"".join(response.streaming_content).decode()
    expected = f"{round(minutes.median(), 1)} ({len(minutes):,} calls)"
    assert f"Time (median minutes, arrived on scene to cleared),{expected}" in text.replace('"', "")
