"""All processes share one state: sessions, login rate limits and page-cache purges.

Two production app servers (gunicorn, production settings, no Redis) over one SQLite database,
on free loopback ports, each with a page-cache folder of its own (as on two machines).
"""

import subprocess

import pytest
import requests
from django.core import checks
from django.test import override_settings

from tests import servers

EMAIL = "erika.muster@caritas.example.org"
LOGIN_REFUSED = "Zu viele fehlgeschlagene Anmeldeversuche"
STAFF_EMAIL = "redaktion@stadt.example.org"
STAFF_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture(scope="module")
def two_servers(tmp_path_factory):
    folder = tmp_path_factory.mktemp("shared-state")
    env = servers.production_env(folder, f"sqlite:///{folder / 'db.sqlite3'}")
    servers.manage(env, "migrate", "--noinput")
    servers.create_member(env, EMAIL)
    servers.create_staff_with_totp(env, STAFF_EMAIL, STAFF_SECRET)
    started = []
    try:
        for name in ("a", "b"):
            started.append(servers.AppServer({**env, "PAGE_CACHE_DIR": str(folder / f"pages-{name}")}))
        yield env, started
    finally:
        for server in started:
            server.stop()


def forget_failed_attempts(env):
    """The limits count per address too, and every test here comes from 127.0.0.1: each test that
    counts failures starts from none (the limits live in the shared cache)."""
    servers.manage(env, "shell", "-c", "from django.core.cache import cache; cache.clear()")


def session_cookie(session):
    return {"sessionid": session.cookies["sessionid"]}


def test_logout_through_one_process_ends_the_session_in_every_process(two_servers):
    _env, (a, b) = two_servers
    browser = requests.Session()
    assert servers.login(browser, a.url, EMAIL).status_code == 302
    old = session_cookie(browser)
    assert servers.get(a.url, "/konto/profil/", old).status_code == 200
    assert servers.get(b.url, "/konto/profil/", old).status_code == 200
    assert servers.logout(browser, b.url).status_code == 302
    for server in (a, b, a, b):
        response = servers.get(server.url, "/konto/profil/", old)
        assert response.status_code == 302 and "/konto/login/" in response.headers["Location"]


def test_failed_logins_count_across_processes(two_servers):
    env, (a, b) = two_servers
    forget_failed_attempts(env)
    # the limit is 5 failed attempts in 5 minutes; they alternate between the two processes
    for server in (a, b, a, b, a):
        response = servers.login(requests.Session(), server.url, EMAIL, "falsch-falsch")
        assert response.status_code == 200 and LOGIN_REFUSED not in response.text
    for server in (a, b):
        browser = requests.Session()
        response = servers.login(browser, server.url, EMAIL)
        assert response.status_code == 429 or LOGIN_REFUSED in response.text
        assert "sessionid" not in browser.cookies


def test_wrong_totp_codes_count_across_processes(two_servers):
    """The second factor's limit (5 wrong codes) holds although the codes go to two processes:
    after it even the right code is refused."""
    from tests.portal.test_accounts import totp_code

    env, (a, b) = two_servers
    forget_failed_attempts(env)
    browser = requests.Session()
    response = servers.login(browser, a.url, STAFF_EMAIL)
    assert response.status_code == 302 and response.headers["Location"].endswith("/konto/2fa/authenticate/")
    right = totp_code(STAFF_SECRET)
    wrong = "000000" if right != "000000" else "111111"

    def send(server, code):
        token = servers.csrf_token(browser, server.url + "/konto/2fa/authenticate/")
        return browser.post(
            server.url + "/konto/2fa/authenticate/",
            {"code": code, "csrfmiddlewaretoken": token},
            allow_redirects=False,
            timeout=30,
        )

    for server in (a, b, a, b, a):
        response = send(server, wrong)
        assert response.status_code == 200 and LOGIN_REFUSED not in response.text
    for server in (b, a):
        response = send(server, totp_code(STAFF_SECRET))
        assert response.status_code == 429 or LOGIN_REFUSED in response.text
    assert servers.get(a.url, "/admin/", session_cookie(browser)).status_code == 302  # still not logged in


def test_a_purge_in_one_process_reaches_the_page_cache_of_every_process(two_servers):
    env, (a, b) = two_servers
    for server in (a, b):
        servers.get(server.url, "/")
        assert servers.get(server.url, "/").headers["X-Page-Cache"] == "hit"
    publish = "from wagtail.models import Page\nPage.objects.get(depth=2).specific.save_revision().publish()\n"
    servers.manage(env, "shell", "-c", publish)
    for server in (a, b):
        assert servers.get(server.url, "/").headers["X-Page-Cache"] == "miss"


def test_check_deploy_refuses_a_per_process_cache():
    for backend in ("django.core.cache.backends.locmem.LocMemCache", "django.core.cache.backends.dummy.DummyCache"):
        with override_settings(CACHES={"default": {"BACKEND": backend}}):
            errors = checks.run_checks(include_deployment_checks=True, tags=[checks.Tags.caches])
        assert [e.id for e in errors if e.level >= checks.ERROR] == ["portal.E001"]
    shared = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "portal_cache"}}
    with override_settings(CACHES=shared):
        assert not checks.run_checks(include_deployment_checks=True, tags=[checks.Tags.caches])


def test_production_settings_default_to_the_database_cache(tmp_path):
    env = servers.production_env(tmp_path, f"sqlite:///{tmp_path / 'db.sqlite3'}")
    env["DJANGO_SETTINGS_MODULE"] = "portal.settings.production"
    printed = servers.manage(env, "shell", "-c", "from django.conf import settings; print(settings.CACHES['default'])")
    assert "DatabaseCache" in printed.stdout
    result = servers.manage(env, "check", "--deploy", "--fail-level", "ERROR", check=False)
    assert "portal.E001" not in result.stderr + result.stdout, result.stderr
    assert isinstance(result, subprocess.CompletedProcess)
