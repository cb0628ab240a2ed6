"""Production settings for app servers the tests start on loopback: static files straight from
the source folders (no collectstatic run), everything else as in production."""

from portal.settings.production import *  # noqa: F403

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
WHITENOISE_USE_FINDERS = True
