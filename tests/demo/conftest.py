"""The demo site (``seed_demo``), built once for every test in this package.

The tests here read the demo data and share one transaction around the package (each test still
runs in a savepoint of its own, so its changes roll back): the demo is seeded once per test
process that runs any of them (at most two with ``-n 2``), not once per module or test.
"""

import io
from types import SimpleNamespace

import pytest
from django.core.management import call_command


@pytest.fixture(scope="package")
def demo_data(django_db_setup, django_db_blocker, tmp_path_factory):
    from django.db import transaction
    from django.test import override_settings

    media = tmp_path_factory.mktemp("demo-media")
    output = io.StringIO()
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        call_command("seed_demo", force=True, stdout=output)  # as in production: DEBUG off, --force
        yield SimpleNamespace(media=media, output=output.getvalue())
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_data, db, settings):
    """The demo site; this test's changes roll back."""
    settings.MEDIA_ROOT = demo_data.media
    return demo_data
