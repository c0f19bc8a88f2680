"""The demo loader: every sample in datasets/ stored once and audited, attached to the
agency it imitates when the foia directory is loaded."""

import io

import pytest

from foiatrack.received import demo
from foiatrack.received.models import ReceivedFile, Table
from tests.received.conftest import chicago_calls_aggregate_csv, seattle_fire_911_csv


@pytest.fixture
def small_datasets(tmp_path):
    folder = tmp_path / "datasets"
    folder.mkdir()
    (folder / "cjp_calls_by_district_2008_2011.csv").write_bytes(chicago_calls_aggregate_csv())
    (folder / "seattle_fire_911_2019.csv").write_bytes(seattle_fire_911_csv())
    (folder / "README.md").write_text("Synthetic samples.")
    (folder / "make_samples.py").write_text("print('not data')")
    return folder


@pytest.mark.django_db
def test_demo_loads_and_audits_each_sample_once(small_datasets, django_capture_on_commit_callbacks):
    for _run in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            demo.load_demo(io.StringIO(), datasets_dir=small_datasets)

    assert ReceivedFile.objects.count() == 2
    assert set(Table.objects.values_list("status", flat=True)) == {Table.Status.DONE}
    assert Table.objects.filter(attempts=1).count() == 2


@pytest.mark.django_db
def test_demo_files_are_attached_to_the_agency_they_imitate(
    small_datasets, django_capture_on_commit_callbacks
):
    from foiatrack.foia.directory import directory_load

    directory_load()

    with django_capture_on_commit_callbacks(execute=True):
        demo.load_demo(io.StringIO(), datasets_dir=small_datasets)

    seattle = ReceivedFile.objects.get(original_name="seattle_fire_911_2019.csv")
    assert seattle.agency.slug == "seattle-fire"
    assert seattle.stage.code == "call"


@pytest.mark.django_db
def test_demo_without_a_datasets_folder_says_so(tmp_path):
    out = io.StringIO()

    demo.load_demo(out, datasets_dir=tmp_path / "absent")

    assert "no datasets/" in out.getvalue()
    assert not ReceivedFile.objects.exists()


@pytest.mark.django_db
def test_every_shipped_sample_is_audited_without_an_internal_error(
    django_capture_on_commit_callbacks,
):
    if not demo.DATASETS_DIR.is_dir():
        pytest.skip("datasets/ not present")
    with django_capture_on_commit_callbacks(execute=True):
        demo.load_demo(io.StringIO())

    tables = list(Table.objects.all())
    assert len(tables) >= 10
    assert all(table.status == Table.Status.DONE for table in tables), [
        (table.name, table.error_message) for table in tables if table.status != "done"
    ]
