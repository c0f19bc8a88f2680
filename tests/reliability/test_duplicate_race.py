"""The same bytes uploaded twice at the same moment: the later upload gets the stored file,
not an IntegrityError, and leaves no stray bytes on disk."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from foiatrack.received.models import ReceivedFile
from tests.received.conftest import seattle_fire_911_csv


@pytest.mark.django_db
def test_an_upload_losing_the_race_on_the_same_bytes_gets_the_stored_file(
    data_admin_client, monkeypatch
):
    content = seattle_fire_911_csv(12)
    first = data_admin_client.post(
        reverse("received:upload"), {"file": SimpleUploadedFile("calls.csv", content)}
    )
    stored = ReceivedFile.objects.get()
    # The second upload looks for the hash before the first one has committed: it sees
    # nothing, and only the unique index on sha256 stops it.
    real_filter = ReceivedFile.objects.filter
    monkeypatch.setattr(
        ReceivedFile.objects,
        "filter",
        lambda *args, **kwargs: (
            real_filter(pk=None) if "sha256" in kwargs else real_filter(*args, **kwargs)
        ),
    )

    second = data_admin_client.post(
        reverse("received:upload"), {"file": SimpleUploadedFile("same.csv", content)}
    )

    assert first.status_code == second.status_code == 302
    assert second["Location"] == reverse("received:file_detail", args=[stored.id])
    assert ReceivedFile.objects.count() == 1
    stored_files = [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]
    assert [path.name for path in stored_files] == [Path(stored.stored_file.name).name]
