"""A received file's request touched when the file is saved: the public gap pages are
cached under the requests' version, and a file moved (in the admin) to a private or
embargoed request must leave them at once."""

from django.db.models.signals import post_save

from foiatrack.foia.signals import touch_request
from foiatrack.received.models import ReceivedFile


def connect() -> None:
    post_save.connect(touch_request, sender=ReceivedFile, dispatch_uid="received-touch-request")
