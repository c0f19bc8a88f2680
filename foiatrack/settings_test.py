"""Settings for the test suite: the real settings with test-only conveniences."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-any-deployment-0123456789")

from foiatrack.settings import *  # noqa: E402, F403

# The test client speaks plain HTTP; HTTPS redirects are covered by the check --deploy test.
SECURE_SSL_REDIRECT = False
# Fast hashing: tests create many users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Each test run gets its own upload folder (set by tests/conftest.py).
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# A test's worker (tests/conftest.py WorkerProcess) sends the tasks it enqueues itself, such
# as the sweeper's re-queued audits, to its own private queue rather than the shared default.
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_TEST_QUEUE", "celery")
# django-axes needs the request in authenticate(), which the test client's login() does not
# pass; tests/security/test_login_rate_limit.py turns it back on.
AXES_ENABLED = False
