"""Existing DRF tokens (one per user, never expiring, key kept in plain text) become
named, expiring tokens: name "legacy", a hash of the same key (scripts keep working),
expiring API_TOKEN_LIFETIME_DAYS from now. The plain-text keys are then deleted."""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.db import migrations
from django.utils import timezone


def legacy_tokens_move(apps, schema_editor):
    Token = apps.get_model("authtoken", "Token")
    ApiToken = apps.get_model("core", "ApiToken")
    expires_at = timezone.now() + timedelta(days=getattr(settings, "API_TOKEN_LIFETIME_DAYS", 90))
    for token in Token.objects.all():
        ApiToken.objects.get_or_create(
            key_hash=hashlib.sha256(token.key.encode()).hexdigest(),
            defaults={
                "user_id": token.user_id,
                "name": "legacy",
                "prefix": token.key[:8],
                "created_at": token.created,
                "expires_at": expires_at,
            },
        )
    Token.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_api_tokens"),
        ("authtoken", "0004_alter_tokenproxy_options"),
    ]
    operations = [migrations.RunPython(legacy_tokens_move, migrations.RunPython.noop)]
