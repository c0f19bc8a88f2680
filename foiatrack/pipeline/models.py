"""The justice pipeline's coverage, measured links between stages, and follow-up drafts.

Everything here is computed by Celery tasks from stored audits (received.Table) and
requests (foia.FoiaRequest); the public pages under /gaps/ only read these rows.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from foiatrack.pipeline.coverage import STATE_CHOICES


class CoverageComputation(models.Model):
    """The single row saying when the matrix was last rebuilt, and the funnel it found.

    Also the lock: a rebuild locks this row first, so two rebuilds run one after the other
    instead of deleting each other's cells halfway.
    """

    # When the matrix last changed (the public cache version), by any rebuild...
    computed_at = models.DateTimeField(null=True, blank=True)
    # ...and when a full rebuild last started: what a queued full rebuild compares with.
    full_computed_at = models.DateTimeField(null=True, blank=True)
    last_audited_at = models.DateTimeField(null=True, blank=True)
    # One funnel per jurisdiction: [{"jurisdiction": slug, "name": name, "steps": [...]}]
    # (services._funnel). Rows saved before that held a bare list of steps; the selectors
    # skip them until the next rebuild.
    funnel = models.JSONField(default=list, blank=True)

    def __str__(self) -> str:
        return f"coverage computed at {self.computed_at}"


class DatasetCoverage(models.Model):
    """What one audited table contributes: its coverage state and linkability level."""

    table = models.OneToOneField(
        "received.Table", on_delete=models.CASCADE, related_name="coverage"
    )
    stage = models.ForeignKey("core.Stage", null=True, on_delete=models.SET_NULL, related_name="+")
    jurisdiction = models.ForeignKey(
        "foia.Jurisdiction", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(max_length=20, choices=STATE_CHOICES)
    linkability_level = models.CharField(max_length=2)
    linkability_reason = models.CharField(max_length=300, blank=True)
    link_keys = models.JSONField(default=list, blank=True, help_text="Key kinds present.")
    best_link_rate = models.FloatField(null=True, blank=True)
    computed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.table_id}: {self.state}"


class CoverageCell(models.Model):
    """One stage × jurisdiction × year of the coverage matrix, and what is behind it."""

    stage = models.ForeignKey("core.Stage", on_delete=models.CASCADE, related_name="+")
    jurisdiction = models.ForeignKey(
        "foia.Jurisdiction", on_delete=models.CASCADE, related_name="coverage_cells"
    )
    year = models.PositiveSmallIntegerField()
    state = models.CharField(max_length=20, choices=STATE_CHOICES)
    linkability_level = models.CharField(max_length=2, blank=True)
    tables = models.ManyToManyField("received.Table", blank=True, related_name="coverage_cells")
    requests = models.ManyToManyField("foia.FoiaRequest", blank=True, related_name="coverage_cells")
    last_audited_at = models.DateTimeField(null=True, blank=True)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["jurisdiction__name", "stage__position", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["stage", "jurisdiction", "year"], name="pipeline_cell_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.jurisdiction_id}/{self.stage_id}/{self.year}: {self.state}"


class LinkRun(models.Model):
    """A measured link between two audited tables, run by a Celery task."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting for a worker"
        RUNNING = "running", "Linking"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    left_table = models.ForeignKey(
        "received.Table", on_delete=models.CASCADE, related_name="link_runs_as_left"
    )
    right_table = models.ForeignKey(
        "received.Table", on_delete=models.CASCADE, related_name="link_runs_as_right"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    claim_token = models.CharField(max_length=64, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    result = models.JSONField(null=True, blank=True, help_text="audit LinkResult.to_dict().")
    left_rows = models.BigIntegerField(null=True, blank=True)
    right_rows = models.BigIntegerField(null=True, blank=True)
    linked_left = models.BigIntegerField(null=True, blank=True)
    linked_right = models.BigIntegerField(null=True, blank=True)
    link_rate = models.FloatField(null=True, blank=True)
    method = models.CharField(max_length=20, blank=True)
    confidence = models.JSONField(default=dict, blank=True)
    linkability_level = models.CharField(max_length=2, blank=True)
    keys = models.JSONField(default=list, blank=True)
    reason = models.TextField(blank=True, help_text="Why nothing could be linked, if so.")
    error_message = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(default=timezone.now)
    # When its job was last handed to the broker: the sweeper sends it again if it waits
    # too long (services.link_runs_sweep).
    queued_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status"], name="pipeline_linkrun_status")]

    def __str__(self) -> str:
        return f"link {self.left_table_id} → {self.right_table_id} ({self.status})"


class FollowUpDraft(models.Model):
    """A follow-up request drafted from a dataset's flags, asking for what is missing."""

    table = models.ForeignKey(
        "received.Table", on_delete=models.CASCADE, related_name="follow_up_drafts"
    )
    text = models.TextField()
    missing_fields = models.JSONField(default=list)
    missing_periods = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_request = models.OneToOneField(
        "foia.FoiaRequest",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_up_draft",
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"follow-up for table {self.table_id}"


class _TablePairJob(models.Model):
    """A comparison of two stored tables run by a Celery task; the result is stored JSON."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    result = models.JSONField(null=True, blank=True)
    error_message = models.TextField(blank=True)
    # Columns an admin named ({"period": [first, second], ...}); empty: found by role.
    column_overrides = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]


class Reconciliation(_TablePairJob):
    """An aggregate's stated counts against the records received (audit.reconcile)."""

    aggregate_table = models.ForeignKey(
        "received.Table", on_delete=models.CASCADE, related_name="reconciliations_as_aggregate"
    )
    records_table = models.ForeignKey(
        "received.Table", on_delete=models.CASCADE, related_name="reconciliations_as_records"
    )

    class Meta(_TablePairJob.Meta):
        pass

    def __str__(self) -> str:
        return f"reconcile {self.aggregate_table_id} ↔ {self.records_table_id} ({self.status})"


class DeliveryComparison(_TablePairJob):
    """One delivery against the previous one (audit.delivery_diff); degradations are what
    the DEGRADED_DELIVERY flag on the newer table cites."""

    old_table = models.ForeignKey(
        "received.Table", on_delete=models.CASCADE, related_name="comparisons_as_old"
    )
    new_table = models.ForeignKey(
        "received.Table", on_delete=models.CASCADE, related_name="comparisons_as_new"
    )
    degradations = models.JSONField(default=list, blank=True)

    class Meta(_TablePairJob.Meta):
        pass

    def __str__(self) -> str:
        return f"compare {self.old_table_id} → {self.new_table_id} ({self.status})"
