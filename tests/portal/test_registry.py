"""What an app registers with the core (portal/registry.py) reaches the core's pages, in order,
without the core naming the app."""

import pytest
from wagtail import hooks

from portal import registry
from portal.search_sources import Hit, Source, sources

pytestmark = pytest.mark.django_db


def test_a_registered_panel_shows_in_the_members_area_in_its_place(people):
    def panel(request):
        return f"<section><h2>Neues Modul</h2><p>für {request.user.email}</p></section>"

    with hooks.register_temporarily(registry.MEMBERS_HOME_PANELS, panel, order=15):
        html = people.client("member_a").get("/mein-bereich/").content.decode()
    assert "<h2>Neues Modul</h2>" in html and "für mitglied-a@example.org" in html
    # between the meetings (10) and the new documents (20)
    assert html.index("Meine nächsten Sitzungen") < html.index("Neues Modul") < html.index("Neue Dokumente")


def test_the_core_panels_and_the_apps_panels_in_order(people):
    html = people.client("member_a").get("/mein-bereich/").content.decode()
    headings = ["Meine Organisation", "Meine nächsten Sitzungen", "Neue Dokumente", "Kolleginnen und Kollegen"]
    assert [html.index(h) for h in headings] == sorted(html.index(h) for h in headings)


def test_a_registered_search_source_is_searched_and_counted():
    from portal.models import Organisation

    def visible(viewer):
        return Organisation.objects.filter(active=True)

    source = Source(
        "organisationen", "Organisationen", "portal.Organisation", visible, lambda o: Hit(o.name, "/", ""), "pk"
    )
    with hooks.register_temporarily(registry.SEARCH_SOURCES, lambda: [source], order=50):
        assert sources()[-1] is source
    assert source not in sources()
    assert [s.key for s in sources()] == [
        "seiten",
        "nachrichten",
        "sitzungen",
        "tagesordnungspunkte",
        "vorlagen",
        "dokumente",
        "vertraege",
    ]


def test_site_urls_come_from_the_apps(client):
    """The apps' URLs (registered, not listed in portal/urls.py) are routed in every language."""
    assert client.get("/sitzungen/kalender.ics").status_code == 200
    assert client.get("/en/sitzungen/kalender.ics").status_code == 200
    assert client.get("/robots.txt").status_code == 200
    assert client.get("/oparl/v1.1/").status_code in (200, 301)
