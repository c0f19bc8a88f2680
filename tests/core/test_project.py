"""Project-level checks: migrations, deploy settings, demo data, compose file."""

import os
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.contrib.auth import get_user_model
from django.core.management import call_command

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_migrations_are_complete():
    # Exits non-zero (raises SystemExit) when a model change has no migration.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_production_settings_pass_check_deploy():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "foiatrack.settings",
        "DEBUG": "0",
        "SECRET_KEY": "k8Jq2-very-long-random-production-like-secret-value-9fZx7Lm3Qp0Wt5Vb",
        "ALLOWED_HOSTS": "foiatrack.example.org",
        "DATABASE_URL": "sqlite:///:memory:",
    }
    for name in ("REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_settings_refuse_to_start_without_secret_key_when_debug_is_off():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "foiatrack.settings", "DEBUG": "0"}
    env.pop("SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.django_db
def test_load_demo_is_idempotent_and_prints_the_password():
    first, second = StringIO(), StringIO()
    call_command("load_demo", stdout=first)
    users_after_first = get_user_model().objects.count()
    call_command("load_demo", stdout=second)

    assert get_user_model().objects.count() == users_after_first == 3
    password = re.search(r"password for all three: (\S+)\)", second.getvalue()).group(1)
    assert get_user_model().objects.get(username="admin").check_password(password)


def _settings_source() -> str:
    return (REPO_ROOT / "foiatrack" / "settings.py").read_text()


def test_docker_compose_has_every_service_and_only_known_settings():
    compose = yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text())
    services = compose["services"]

    assert {"web", "worker", "beat", "postgres", "redis"} <= set(services)
    settings_source = _settings_source()
    for name in ("web", "worker", "beat"):
        environment = services[name].get("environment", {})
        environment = (
            dict(environment)
            if isinstance(environment, dict)
            else dict(item.split("=", 1) for item in environment)
        )
        assert {"DATABASE_URL", "REDIS_URL", "SECRET_KEY"} <= set(environment), name
        for variable in environment:
            assert f'"{variable}"' in settings_source, f"{name} sets {variable}, unread by settings"
        assert "healthcheck" in services[name] or name != "web"
    assert "celery" in " ".join(services["worker"]["command"])
    assert "beat" in " ".join(services["beat"]["command"])
    for name in ("postgres", "redis"):
        assert "healthcheck" in services[name]
    assert services["web"]["depends_on"]["postgres"]["condition"] == "service_healthy"
