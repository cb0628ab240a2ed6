"""Test settings: fast hashing, in-memory e-mail, no manifest needed for static files."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

SECRET_KEY = "test-secret-key-not-for-production-use-0123456789abcdef"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Each test process keeps its cache in memory (fast, cleared per test); the tests that need a cache
# shared between processes (tests/portal/test_shared_state.py, tests/portal/test_redis.py) bring their own.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "portal"}}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DOCUMENTS_CLAMD_SOCKET = ""
# Uploaded files of a test run go to a throwaway folder (removed at the end by tests/conftest.py).
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="portal-test-media-"))
# A file for the test database when asked (scripts/mutations.py builds one per scratch copy and
# reuses it with --reuse-db); otherwise SQLite's test database lives in memory.
if os.environ.get("TEST_DATABASE_NAME") and DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DATABASE_NAME"]}  # noqa: F405
