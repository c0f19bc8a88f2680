"""API tokens: named, expiring, revocable by their owner, their last use recorded.

Only a SHA-256 hash of each key is stored (a key is 40 random hex characters, so a plain
hash is enough; no salt or slow hash is needed against guessing). The key is shown once.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from foiatrack.core.models import ApiToken

# last_used_at is written at most this often: a script's every request need not write.
LAST_USED_RESOLUTION = timedelta(minutes=1)
LOGIN_TOKEN_NAME = "API login"  # noqa: S105 (a label, not a secret)


class TokenRefusedError(Exception):
    """The key is unknown, expired or revoked. str() is for a person."""


def token_lifetime() -> timedelta:
    """How long a new token lasts (API_TOKEN_LIFETIME_DAYS, default 90)."""
    return timedelta(days=getattr(settings, "API_TOKEN_LIFETIME_DAYS", 90))


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_create(*, user, name: str, lifetime: timedelta | None = None) -> tuple[ApiToken, str]:
    """A new token for `user`; returns it and its key (shown once, never stored)."""
    key = secrets.token_hex(20)
    token = ApiToken.objects.create(
        user=user,
        name=name.strip()[:100] or LOGIN_TOKEN_NAME,
        key_hash=hash_key(key),
        prefix=key[:8],
        expires_at=timezone.now() + (lifetime or token_lifetime()),
    )
    return token, key


def api_token_issue_for_login(*, user) -> str:
    """The key of a new token for a script that logged in with a password."""
    return api_token_create(user=user, name=f"{LOGIN_TOKEN_NAME} {timezone.now():%Y-%m-%d}")[1]


def api_tokens_of(*, user):
    """The user's own tokens, newest first (a selector)."""
    return ApiToken.objects.filter(user=user)


def api_token_revoke(*, user, token_id: int) -> ApiToken:
    """Revoke one of the user's own tokens; a repeat is a no-op. Another user's token is
    ApiToken.DoesNotExist, the same as one that does not exist."""
    token = ApiToken.objects.get(id=token_id, user=user)
    ApiToken.objects.filter(id=token.id, revoked_at__isnull=True).update(revoked_at=timezone.now())
    token.refresh_from_db()
    return token


def api_token_authenticate(*, key: str) -> ApiToken:
    """The usable token with this key, its last use recorded; raises TokenRefusedError."""
    token = ApiToken.objects.select_related("user").filter(key_hash=hash_key(key)).first()
    if token is None:
        raise TokenRefusedError("The token is not valid.")
    if token.revoked_at is not None:
        raise TokenRefusedError(f"The token “{token.name}” was revoked; create a new one.")
    if token.is_expired:
        raise TokenRefusedError(
            f"The token “{token.name}” expired on {token.expires_at:%Y-%m-%d}; create a new one."
        )
    _record_use(token)
    return token


def _record_use(token: ApiToken) -> None:
    # Conditional, so concurrent requests of one script write once a minute at most.
    now = timezone.now()
    stale = Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_RESOLUTION)
    if ApiToken.objects.filter(stale, id=token.id).update(last_used_at=now):
        token.last_used_at = now
