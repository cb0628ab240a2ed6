import shutil
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.test import Client

from portal.factories import OrganisationFactory, member_of, staff_user
from portal.models import Membership, Organisation

ROLES = ["anonymous", "member_a", "member_b", "org_admin", "editor", "approver", "inactive"]


def pytest_sessionfinish(session):
    from django.conf import settings

    media_root = str(getattr(settings, "MEDIA_ROOT", ""))
    if "portal-test-media-" in media_root:
        shutil.rmtree(media_root, ignore_errors=True)


@pytest.fixture(scope="session")
def playwright_driver(request):
    """Playwright for the browser tests, started before the test database when they run.

    Playwright's sync API runs an asyncio loop in this thread, and from then on Django keeps its
    connections in context-local storage instead of the thread-local one. Set up the other way
    round, the browser tests would get a new connection object without the serialized test data,
    their serialized rollback would silently restore nothing, and later browser tests would find
    the database flushed.
    """
    if not any("/e2e/" in str(item.fspath) for item in request.session.items):
        yield None
        return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def django_db_setup(playwright_driver, django_db_setup, django_db_blocker):
    """The test database, with the demo's public pages (home, legal pages, news) built once per
    test process: most tests stand on them (``site``), and building them took about a second a
    test. Each test's changes roll back; after a transactional test has emptied the database,
    ``site`` builds them again. Not for the browser tests: their serialized rollback restores the
    database as it was created, and they build the pages each time."""
    if playwright_driver is None:
        from home import seed

        with django_db_blocker.unblock():
            seed.run()
    return django_db_setup


@pytest.fixture(autouse=True)
def _own_media_root(settings, tmp_path):
    """Each test stores files in a folder of its own (the database rolls back; files would not)."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _german_afterwards():
    """A request under /<language>/ leaves its language active in the thread; the next test starts in German."""
    yield
    from django.utils import translation

    translation.activate("de")


@dataclass
class People:
    org_a: Organisation
    org_b: Organisation
    city: Organisation
    users: dict

    def client(self, role):
        client = Client()
        user = self.users.get(role)
        if user is not None:
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client


@pytest.fixture(scope="module")
def module_db(django_db_setup, django_db_blocker, tmp_path_factory):
    """For data built once per test module: one transaction around the whole module, rolled
    back after its last test; each test still runs in a savepoint of its own (``db``).
    Yields the module's media folder; use ``module_media`` in the tests to serve from it."""
    from django.db import transaction
    from django.test import override_settings

    media = tmp_path_factory.mktemp("module-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        yield media
        transaction.set_rollback(True)


@pytest.fixture
def module_media(module_db, settings):
    settings.MEDIA_ROOT = module_db


@pytest.fixture
def people(db):
    return make_people()


def make_people():
    """One person per role: two welfare organisations A and B, and city staff."""
    org_a = OrganisationFactory(name="Arbeiterwohlfahrt Test", short_name="AWO-T")
    org_b = OrganisationFactory(name="Caritas Test", short_name="Caritas-T")
    city = OrganisationFactory(name="Stadt Test FB 56", short_name="FB 56", kind=Organisation.Kind.CITY)
    inactive = member_of(org_a, email="inaktiv@example.org")
    inactive.is_active = False
    inactive.save()
    users = {
        "anonymous": None,
        "member_a": member_of(org_a, email="mitglied-a@example.org"),
        "member_b": member_of(org_b, email="mitglied-b@example.org"),
        "org_admin": member_of(org_a, role=Membership.Role.ADMIN, email="admin-a@example.org"),
        "editor": staff_user("Redaktion", city, email="redaktion@example.org"),
        "approver": staff_user("Fachbereichsleitung", city, email="leitung@example.org"),
        "inactive": inactive,
    }
    return People(org_a=org_a, org_b=org_b, city=city, users=users)


@pytest.fixture
def site(db):
    """The demo pages (home, legal pages) as seed_demo creates them."""
    from home import seed

    return seed.run()


@pytest.fixture
def library(site):
    from documents.models import DocumentLibraryPage

    page = DocumentLibraryPage(title="Dokumente", slug="dokumente", show_in_menus=True)
    site.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def meetings(people, site):
    """A body (member A of organisation A and the approver in it) with three meetings."""
    from tests.meetings.scenario import meetings_scenario

    return meetings_scenario(site, people)
