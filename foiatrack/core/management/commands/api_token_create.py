"""Make a named, expiring API token for a user and print its key (shown only here)."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from foiatrack.core.tokens import api_token_create


class Command(BaseCommand):
    help = "Create an API token for USERNAME and print its key (replaces drf_create_token)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="created by an admin")
        parser.add_argument("--days", type=int, default=None, help="lifetime (at most the limit)")

    def handle(self, *args, username: str, name: str, days: int | None, **options):
        limit = settings.API_TOKEN_LIFETIME_DAYS
        days = limit if days is None else days
        if not 1 <= days <= limit:
            raise CommandError(f"--days must be between 1 and {limit} (API_TOKEN_LIFETIME_DAYS).")
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user named {username!r}.") from None
        token, key = api_token_create(user=user, name=name, lifetime=timedelta(days=days))
        self.stdout.write(key)
        self.stderr.write(f"token “{token.name}” expires {token.expires_at:%Y-%m-%d}")
