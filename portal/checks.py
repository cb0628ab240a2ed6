"""System checks for the deployment (`manage.py check --deploy`)."""

from django.conf import settings
from django.core import checks

PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@checks.register(checks.Tags.caches, deploy=True)
def shared_cache(app_configs, **kwargs):
    """Logout, login rate limits and page-cache purges must reach every process."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend in PER_PROCESS_CACHES:
        return [
            checks.Error(
                f"The default cache ({backend}) is kept per process: login rate limits and page-cache "
                "purges would not reach the other processes.",
                hint="Set REDIS_URL, or use django.core.cache.backends.db.DatabaseCache (the default).",
                id="portal.E001",
            )
        ]
    return []
