"""The public site shell: home, content pages, navigation, footer, error pages, demo data."""

import pytest
from django.core.management import CommandError, call_command
from django.test import Client, override_settings

from home.models import ContentPage
from portal.models import User

pytestmark = pytest.mark.django_db


def test_home_and_footer_links(site):
    response = Client().get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="de" dir="ltr">' in html
    assert 'class="skip-link" href="#main"' in html and 'id="main"' in html
    for slug, title in [
        ("impressum", "Impressum"),
        ("datenschutz", "Datenschutzerklärung"),
        ("barrierefreiheit", "Erklärung zur Barrierefreiheit"),
        ("leichte-sprache", "Leichte Sprache"),
    ]:
        assert f'<a href="/{slug}/">{title}</a>' in html
    assert '<a href="/lenkungsgruppe/"' in html  # main navigation
    assert 'href="/konto/login/"' in html


def test_the_site_name_comes_from_the_wagtail_site(site):
    from wagtail.models import Site

    html = Client().get("/impressum/").content.decode()
    assert "<title>Impressum – Integrationsportal Hagen</title>" in html
    wagtail_site = Site.objects.get(is_default_site=True)
    wagtail_site.site_name = "Integrationsportal Teststadt"
    wagtail_site.save()  # staff rename the site in the admin (Einstellungen → Websites)
    html = Client().get("/impressum/").content.decode()
    assert "<title>Impressum – Integrationsportal Teststadt</title>" in html
    assert '<meta property="og:site_name" content="Integrationsportal Teststadt">' in html


def test_accessibility_statement_has_feedback_contact(site):
    html = Client().get("/barrierefreiheit/").content.decode()
    assert "Feedback und Kontakt" in html and "mailto:" in html


def test_unpublished_page_is_not_in_menu_or_reachable(site):
    page = ContentPage.objects.get(slug="impressum")
    page.unpublish()
    assert '<a href="/impressum/">' not in Client().get("/").content.decode()
    assert Client().get("/impressum/").status_code == 404


def test_404_is_german(site):
    response = Client().get("/gibt-es-nicht/")
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()


def test_500_is_german_without_trace(site):
    client = Client(raise_request_exception=False)
    with override_settings(ROOT_URLCONF="tests.urls_error"):
        response = client.get("/kaputt/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Ein Fehler ist aufgetreten" in html
    assert "Traceback" not in html and "RuntimeError" not in html


def test_database_outage_gives_a_german_503_without_trace(site):
    client = Client(raise_request_exception=False)
    with override_settings(ROOT_URLCONF="tests.urls_error"):
        response = client.get("/datenbank-weg/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert "Vorübergehend nicht erreichbar" in html and '<html lang="de" dir="ltr">' in html
    assert "Connection refused" not in html and "OperationalError" not in html


def test_members_home_shows_colleagues_of_own_organisation_only(people):
    html = people.client("member_a").get("/mein-bereich/").content.decode()
    assert "admin-a@example.org" in html
    assert "mitglied-b@example.org" not in html


def test_seed_demo_refuses_without_debug(db):
    with pytest.raises(CommandError):
        call_command("seed_demo")
    assert not User.objects.exists()
