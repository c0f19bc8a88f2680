"""The Celery application. Configuration lives in settings (CELERY_* names)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "foiatrack.settings")

app = Celery("foiatrack")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="foiatrack.ping")
def ping(value: str = "pong") -> str:
    """Round-trip check used by health checks and the worker tests."""
    return value
