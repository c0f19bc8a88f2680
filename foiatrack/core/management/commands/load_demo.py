"""Load demo data: users for each role, then each app's own demo content.

Idempotent: running it twice leaves one copy of everything. The demo admin's
password is reset and printed on every run so whoever runs `make run` can log in.
"""

import importlib
import importlib.util
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from foiatrack.core.roles import DATA_ADMIN_GROUP, STAFF_GROUP

# Each app that has demo content exposes `load_demo(stdout)` in its `demo` module.
DEMO_MODULES = ["foiatrack.foia.demo", "foiatrack.received.demo", "foiatrack.pipeline.demo"]


class Command(BaseCommand):
    help = "Create demo users and load demo agencies, requests and received files (idempotent)."

    def handle(self, *args, **options):
        password = secrets.token_urlsafe(12)
        with transaction.atomic():
            self._ensure_users(password)
        for module_name in DEMO_MODULES:
            if importlib.util.find_spec(module_name) is not None:
                importlib.import_module(module_name).load_demo(self.stdout)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo users (password for all three: {password}): "
                "admin (superuser), staff (advocacy staff), dataadmin (data admin)"
            )
        )

    def _ensure_users(self, password: str) -> None:
        User = get_user_model()
        roles = {"admin": None, "staff": STAFF_GROUP, "dataadmin": DATA_ADMIN_GROUP}
        for username, group_name in roles.items():
            user, _created = User.objects.get_or_create(username=username)
            user.is_superuser = group_name is None
            user.is_staff = True
            user.set_password(password)
            user.save()
            if group_name:
                user.groups.add(Group.objects.get_or_create(name=group_name)[0])
