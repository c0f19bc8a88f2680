"""Security headers on every kind of answer, cookies secure in production, and templates
that keep within the Content-Security-Policy (no inline script, style or handlers)."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

TEMPLATES_DIR = Path(settings.BASE_DIR) / "templates"
PAGES = ("home", "pipeline:overview", "foia:agency_list", "login", "api:docs", "api:dataset_list")


@pytest.mark.parametrize("name", PAGES)
def test_every_answer_carries_the_security_headers(db, client, name):
    response = client.get(reverse(name), secure=True)

    assert response.status_code == 200
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "includeSubDomains" in response["Strict-Transport-Security"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    policy = response["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy


def test_the_api_docs_page_has_no_inline_script(db, client):
    page = client.get(reverse("api:docs")).content.decode()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page, re.S)
    assert scripts
    assert all("src=" in attributes and not body.strip() for attributes, body in scripts)


def test_no_template_has_inline_script_style_attributes_or_event_handlers():
    offending = []
    for template in sorted(TEMPLATES_DIR.rglob("*.html")):
        text = template.read_text()
        for number, line in enumerate(text.splitlines(), start=1):
            inline_script = re.search(r"<script(?![^>]*\bsrc=)[^>]*>", line)
            inline_style = re.search(r"<style\b|\sstyle=", line)
            handler = re.search(r"\son[a-z]+=", line)
            javascript_url = "javascript:" in line.lower()
            if inline_script or inline_style or handler or javascript_url:
                offending.append(f"{template.relative_to(TEMPLATES_DIR)}:{number}: {line.strip()}")
    assert offending == [], "\n".join(offending)


def test_session_and_csrf_cookies_are_secure_and_session_http_only_in_production():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "foiatrack.settings",
        "DEBUG": "0",
        "SECRET_KEY": "k8Jq2-very-long-random-production-like-secret-value-9fZx7Lm3Qp0Wt5Vb",
        "DATABASE_URL": "sqlite:///:memory:",
    }
    for name in ("REDIS_URL", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"):
        env.pop(name, None)
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
        "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.DEBUG)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == ["True", "True", "True", "True", "31536000", "False"]


def test_the_login_cookie_is_set_secure_and_http_only(db, client, plain_user):
    client.get(reverse("login"), secure=True)
    response = client.post(
        reverse("login"),
        {"username": "visitor", "password": "correct horse battery"},
        secure=True,
    )
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert response.status_code == 302
    assert cookie["secure"] and cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def test_uploads_live_outside_every_folder_served_as_static():
    media = Path(os.environ.get("MEDIA_ROOT", settings.BASE_DIR / "var" / "media")).resolve()
    served = [
        Path(settings.STATIC_ROOT).resolve(),
        *(Path(d).resolve() for d in settings.STATICFILES_DIRS),
    ]
    for folder in served:
        assert not media.is_relative_to(folder) and not folder.is_relative_to(media)
    assert settings.MEDIA_URL == "/media-not-served/"


def test_nothing_is_served_at_the_media_url(client):
    assert client.get("/media-not-served/received/anything.csv").status_code == 404
