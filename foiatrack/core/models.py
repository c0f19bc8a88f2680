from django.conf import settings
from django.db import models
from django.utils import timezone

from foiatrack.stages import STAGE_CHOICES


class Stage(models.Model):
    """A stage of the justice pipeline (call → report → arrest → … → sentence).

    Rows are created by a migration from foiatrack.stages and never edited by hand;
    agencies, requests, received files and coverage cells point at them.
    """

    code = models.CharField(max_length=20, unique=True, choices=STAGE_CHOICES)
    name = models.CharField(max_length=80)
    position = models.PositiveSmallIntegerField(unique=True)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.name


class ApiToken(models.Model):
    """A named API token of one user, with an expiry; only a hash of its key is kept.

    Written through foiatrack.core.tokens; the key itself is shown once, when created.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the key.")
    prefix = models.CharField(max_length=8, help_text="The key's first characters, to tell it.")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and not self.is_expired
