"""What agencies sent back: the files, the tables inside them and each table's audit.

A ReceivedFile is kept byte for byte as uploaded; each Table (a CSV, a sheet, an
archive member) is audited by a Celery task, whose findings are stored here so pages,
the pipeline and the API only ever read stored results.
"""

import secrets
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils import timezone

from foiatrack.audit.vocabulary import (
    FLAG_CHOICES,
    GEO_RESOLUTION_CHOICES,
    GRANULARITY_CHOICES,
    ROLE_CHOICES,
    SEVERITY_CHOICES,
    TIME_RESOLUTION_CHOICES,
)

# Suffixes kept on the stored name so a person browsing the volume knows what a file is;
# anything else is stored without one. The name itself is random, never the original.
KNOWN_SUFFIXES = {".csv", ".tsv", ".txt", ".xlsx", ".xls", ".zip"}


def received_file_storage_name(original_name: str) -> str:
    """A non-guessable storage name, unrelated to the (untrusted) original name."""
    suffix = PurePath(original_name).suffix.lower()
    if suffix not in KNOWN_SUFFIXES:
        suffix = ""
    now = timezone.now()
    return f"received/{now:%Y/%m}/{secrets.token_hex(16)}{suffix}"


def _upload_to(instance: "ReceivedFile", filename: str) -> str:
    return received_file_storage_name(filename)


class ReceivedFile(models.Model):
    """One uploaded file, never modified. The same bytes (SHA-256) are stored once."""

    original_name = models.CharField(max_length=255)
    stored_file = models.FileField(upload_to=_upload_to, max_length=255)
    size_bytes = models.BigIntegerField()
    sha256 = models.CharField(max_length=64, unique=True)
    detected_format = models.CharField(
        max_length=10, blank=True, help_text="csv, xlsx, xls or zip, found from the content."
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="received_files",
    )
    uploaded_at = models.DateTimeField(default=timezone.now, db_index=True)
    agency = models.ForeignKey(
        "foia.Agency",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="received_files",
    )
    request = models.ForeignKey(
        "foia.FoiaRequest",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="received_files",
    )
    stage = models.ForeignKey(
        "core.Stage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="received_files",
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return self.original_name


class Table(models.Model):
    """One table inside a received file, and the latest audit of it."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting for a worker"
        RUNNING = "running", "Being audited"
        DONE = "done", "Audited"
        FAILED = "failed", "Failed"

    received_file = models.ForeignKey(ReceivedFile, on_delete=models.CASCADE, related_name="tables")
    position = models.PositiveIntegerField(default=0)
    name = models.CharField(max_length=500)
    source = models.JSONField(default=dict, help_text="audit.TableSource fields.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    rows_read = models.BigIntegerField(default=0)
    progress = models.FloatField(default=0, help_text="Percent done, 0–100.")
    attempts = models.PositiveIntegerField(default=0)
    # The claim: which job runs the audit, and when it last showed signs of life. A sweeper
    # re-queues running tables whose heartbeat is stale (their worker vanished).
    claim_token = models.CharField(max_length=64, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    # When the audit job was last handed to the broker. The sweeper sends it again when a
    # queued table waits too long: the broker may have lost it (Redis restarted).
    queued_at = models.DateTimeField(default=timezone.now)
    error_message = models.TextField(blank=True)
    findings = models.JSONField(null=True, blank=True, help_text="audit.TableAudit.to_dict().")
    granularity = models.CharField(max_length=10, choices=GRANULARITY_CHOICES, blank=True)
    time_resolution = models.CharField(max_length=10, choices=TIME_RESOLUTION_CHOICES, blank=True)
    geo_resolution = models.CharField(max_length=10, choices=GEO_RESOLUTION_CHOICES, blank=True)
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    rows = models.BigIntegerField(null=True, blank=True)
    audited_at = models.DateTimeField(null=True, blank=True)
    role_overrides = models.JSONField(
        default=dict, blank=True, help_text="{column name: role} set by an admin."
    )
    created_at = models.DateTimeField(default=timezone.now)
    # The audit's columnar copy (cleaned rows as Parquet, beside the upload; admin-only,
    # never served): its storage name, size and when it was written. Blank: none yet.
    columnar_name = models.CharField(max_length=300, blank=True)
    columnar_bytes = models.BigIntegerField(null=True, blank=True)
    columnar_written_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["received_file_id", "position", "id"]
        indexes = [
            models.Index(fields=["status", "heartbeat_at"], name="received_table_status_hb"),
            models.Index(fields=["status", "queued_at"], name="received_table_status_queued"),
            models.Index(fields=["granularity"], name="received_table_granularity"),
            models.Index(fields=["period_start", "period_end"], name="received_table_period"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class ColumnProfile(models.Model):
    """One column of an audited table. Holds sample values: shown to admins only."""

    table = models.ForeignKey(Table, on_delete=models.CASCADE, related_name="columns")
    position = models.PositiveIntegerField()
    name = models.CharField(max_length=500)
    role = models.CharField(max_length=20, choices=ROLE_CHOICES)
    role_was_corrected = models.BooleanField(default=False)
    inferred_type = models.CharField(max_length=20)
    null_count = models.BigIntegerField(default=0)
    null_rate = models.FloatField(default=0)
    redacted_count = models.BigIntegerField(default=0)
    redacted_rate = models.FloatField(default=0)
    distinct_count = models.BigIntegerField(default=0)
    distinct_is_exact = models.BooleanField(default=True)
    minimum = models.TextField(blank=True)
    maximum = models.TextField(blank=True)
    examples = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["table_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["table", "position"], name="received_column_unique_position"
            )
        ]

    def __str__(self) -> str:
        return self.name


class GapFlag(models.Model):
    """Something in a table that stops it being linked or used, in a plain sentence."""

    table = models.ForeignKey(Table, on_delete=models.CASCADE, related_name="flags")
    position = models.PositiveIntegerField(default=0)
    code = models.CharField(max_length=20, choices=FLAG_CHOICES)
    severity = models.CharField(max_length=10, choices=SEVERITY_CHOICES)
    message = models.TextField()
    evidence = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["table_id", "position", "id"]
        indexes = [models.Index(fields=["code", "severity"], name="received_flag_code")]

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"
