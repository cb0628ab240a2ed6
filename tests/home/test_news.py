"""News, feeds, sitemap, robots.txt and security.txt; members' news never reaches the public."""

import datetime
import email.utils
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from home.models import NewsIndexPage, NewsPage
from portal.factories import UserFactory

pytestmark = pytest.mark.django_db

SECRET = "Hinweise zur Angebotsabgabe"  # the members-only demo news item
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def index(site):
    return NewsIndexPage.objects.get()


def add_news(index, n, audience="public", tags=()):
    pages = []
    for i in range(n):
        page = NewsPage(
            title=f"Meldung {audience} {i}",
            slug=f"meldung-{audience}-{i}-{index.get_children_count()}",
            date=datetime.date(2023, 1, 1) + datetime.timedelta(days=i),
            teaser=f"Anreißer {i}",
            audience=audience,
        )
        index.add_child(instance=page)
        if tags:
            page.tags.add(*tags)
            page.save_revision().publish()
        pages.append(page)
    return pages


def test_anonymous_sees_public_news_only(index):
    html = Client().get("/nachrichten/").content.decode()
    assert "Neuer Fachbereich Integration" in html
    assert SECRET not in html


def test_members_see_members_news(people, index):
    html = people.client("member_b").get("/nachrichten/").content.decode()
    assert SECRET in html and "Nur für Mitglieder" in html


def test_members_news_page_access(people, index):
    url = NewsPage.objects.get(audience="members").url
    response = Client().get(url)
    assert response.status_code == 302 and response["Location"].startswith("/konto/login/")
    assert people.client("member_a").get(url).status_code == 200
    assert people.client("member_a").get(url)["Cache-Control"] == "private, no-store"
    outsider = Client()
    outsider.force_login(UserFactory(), backend="django.contrib.auth.backends.ModelBackend")
    assert outsider.get(url).status_code == 404  # logged in, but no membership: no hint it exists


def test_members_news_never_public(people, index):
    anonymous = Client()
    for url in ["/", "/nachrichten/", "/feeds/nachrichten.rss", "/feeds/nachrichten.atom", "/sitemap.xml"]:
        assert SECRET not in anonymous.get(url).content.decode(), url
    # the feed is the anonymous one even for logged-in readers
    assert SECRET not in people.client("member_a").get("/feeds/nachrichten.rss").content.decode()


def test_home_shows_latest_news(index):
    html = Client().get("/").content.decode()
    assert "Aktuelle Nachrichten" in html
    assert "Land fördert Case-Management-Stellen" in html


def test_rss_feed_is_valid(index):
    response = Client().get("/feeds/nachrichten.rss")
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("language") == "de"
    items = channel.findall("item")
    assert len(items) == 3
    for item in items:
        assert item.findtext("link").startswith("http://testserver/nachrichten/")
        pub = email.utils.parsedate_to_datetime(item.findtext("pubDate"))  # RFC 822
        assert pub.tzinfo is not None
    newest = items[0]
    assert newest.findtext("title") == "Land fördert Case-Management-Stellen"
    assert email.utils.parsedate_to_datetime(newest.findtext("pubDate")).date() == datetime.date(2022, 5, 2)
    assert [c.text for c in newest.findall("category")] == ["Kommunales Integrationsmanagement", "Förderung"] or {
        c.text for c in newest.findall("category")
    } == {"Kommunales Integrationsmanagement", "Förderung"}


def test_atom_feed_is_valid(index):
    response = Client().get("/feeds/nachrichten.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 3
    for entry in entries:
        for field in ("updated", "published"):
            value = datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}{field}"))  # RFC 3339
            assert value.tzinfo is not None
        assert entry.find(f"{ATOM}link").get("href").startswith("http://testserver/")
        assert entry.findtext(f"{ATOM}id")


def test_sitemap_lists_public_pages_only(index):
    root = ET.fromstring(Client().get("/sitemap.xml").content)
    locs = {el.text for el in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    assert any(loc.endswith("/impressum/") for loc in locs)
    assert any(loc.endswith("/nachrichten/foerderung-case-management/") for loc in locs)
    assert not any("hinweise-zur-angebotsabgabe" in loc for loc in locs)


def test_robots_and_security_txt(site):
    robots = Client().get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in robots and "Disallow: /mein-bereich/" in robots
    assert "Sitemap: http://testserver/sitemap.xml" in robots
    security = Client().get("/.well-known/security.txt").content.decode()
    fields = dict(line.split(": ", 1) for line in security.strip().splitlines())
    assert fields["Contact"].startswith("mailto:")
    expires = datetime.datetime.fromisoformat(fields["Expires"].replace("Z", "+00:00"))
    now = datetime.datetime.now(datetime.UTC)
    assert now < expires < now + datetime.timedelta(days=366)


def test_page_meta_and_opengraph(index):
    html = Client().get("/nachrichten/foerderung-case-management/").content.decode()
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="Land fördert Case-Management-Stellen">' in html
    assert '<meta name="description" content="Das Land NRW fördert' in html
    assert '<meta property="og:url" content="http://' in html
    assert "<title>Land fördert Case-Management-Stellen – " in html


def test_tag_filter_and_pagination(index):
    add_news(index, 12, tags=["Quartier"])
    response = Client().get("/nachrichten/?tag=quartier")
    page = response.context["news_page"]
    assert page.paginator.count == 12
    assert all("Meldung" in n.title for n in page)
    assert "Seite 1 von 2" in response.content.decode()
    second = Client().get("/nachrichten/?tag=quartier&seite=2").context["news_page"]
    assert len(second) == 2
    assert Client().get("/nachrichten/?seite=999").status_code == 200  # out of range: last page, no error


def count_queries(url, client):
    client.get(url)  # warm the per-site caches Wagtail fills on the first request
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


@pytest.mark.parametrize("url", ["/nachrichten/", "/", "/feeds/nachrichten.rss"])
def test_query_count_does_not_grow_with_news(index, url):
    add_news(index, 3, tags=["A", "B"])
    few = count_queries(url, Client())
    add_news(index, 30, tags=["A", "B"])
    assert count_queries(url, Client()) == few
