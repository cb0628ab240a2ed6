"""The anonymous page cache: served from the cache, purged on changes, never viewer-dependent."""

import html
import re

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from documents.factories import portal_document
from home.models import HomePage, NewsPage
from meetings.factories import meeting_page
from portal import pagecache
from portal.factories import member_of
from tests.meetings.scenario import SECRET_TEXT

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]

MEMBERS_NEWS = "Hinweise zur Angebotsabgabe"  # the members-only demo news item


@pytest.fixture
def page_cache():
    with override_settings(PAGE_CACHE_SECONDS=300):
        yield


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response


def test_anonymous_page_is_served_from_cache_without_queries(site):
    first = get(Client(), "/nachrichten/")
    assert first[pagecache.HIT_HEADER] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = get(Client(), "/nachrichten/")
    assert second[pagecache.HIT_HEADER] == "hit"
    assert len(queries) == 0
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_feed_is_cached(site):
    assert get(Client(), "/feeds/nachrichten.rss")[pagecache.HIT_HEADER] == "miss"
    hit = get(Client(), "/feeds/nachrichten.rss")
    assert hit[pagecache.HIT_HEADER] == "hit" and hit["Content-Type"].startswith("application/rss+xml")


def test_publishing_a_page_purges_the_cache(site):
    get(Client(), "/")
    assert get(Client(), "/")[pagecache.HIT_HEADER] == "hit"
    home = HomePage.objects.get().specific
    home.title = "Frisch veröffentlichter Titel"
    home.save_revision().publish()
    response = get(Client(), "/")
    assert response[pagecache.HIT_HEADER] == "miss"
    assert "Frisch veröffentlichter Titel" in response.content.decode()


def test_unpublishing_a_news_item_purges_the_cache(site):
    news = NewsPage.objects.filter(audience="public").first()
    assert news.title in get(Client(), "/nachrichten/").content.decode()
    news.unpublish()
    response = get(Client(), "/nachrichten/")
    assert response[pagecache.HIT_HEADER] == "miss"
    assert f">{news.title}<" not in response.content.decode()


def test_new_meeting_purges_the_calendar(people, site, meetings):
    get(Client(), "/sitzungen/")
    assert get(Client(), "/sitzungen/")[pagecache.HIT_HEADER] == "hit"
    meeting_page(meetings.body, title="Sondersitzung Wohnraumsicherung", slug="sondersitzung")
    response = get(Client(), "/sitzungen/")
    assert response[pagecache.HIT_HEADER] == "miss"
    assert "Sondersitzung Wohnraumsicherung" in response.content.decode()


def test_document_save_and_delete_purge(site):
    get(Client(), "/nachrichten/")
    version = pagecache.current_version()
    document = portal_document("Neue Satzung", audience="public")
    assert pagecache.current_version() != version
    version = pagecache.current_version()
    document.title = "Geänderte Satzung"
    document.save()
    assert pagecache.current_version() != version
    version = pagecache.current_version()
    document.delete()
    assert pagecache.current_version() != version
    assert get(Client(), "/nachrichten/")[pagecache.HIT_HEADER] == "miss"


def test_member_never_reads_the_anonymous_cache(people, site):
    get(Client(), "/nachrichten/")
    assert get(Client(), "/nachrichten/")[pagecache.HIT_HEADER] == "hit"
    response = get(people.client("member_a"), "/nachrichten/")
    assert pagecache.HIT_HEADER not in response
    html = response.content.decode()
    assert MEMBERS_NEWS in html and "Abmelden" in html
    assert response["Cache-Control"] == "private, no-store"


def test_member_never_fills_the_cache(people, site):
    member = people.client("member_a")
    for url in ["/", "/nachrichten/", NewsPage.objects.get(audience="members").url]:
        get(member, url)
    for url in ["/", "/nachrichten/"]:
        response = get(Client(), url)
        assert response[pagecache.HIT_HEADER] == "miss", url
        html = response.content.decode()
        assert MEMBERS_NEWS not in html and "Abmelden" not in html


def test_feeds_are_answered_as_to_anonymous_visitors_and_cached_for_everyone(people, site):
    member = people.client("member_a")
    first = get(member, "/feeds/nachrichten.rss")
    assert first[pagecache.HIT_HEADER] == "miss"
    assert MEMBERS_NEWS not in first.content.decode()
    assert "private" not in first.get("Cache-Control", "") and not first.cookies
    anonymous = get(Client(), "/feeds/nachrichten.rss")
    assert anonymous[pagecache.HIT_HEADER] == "hit" and anonymous.content == first.content
    assert get(member, "/feeds/nachrichten.rss")[pagecache.HIT_HEADER] == "hit"
    # the member's session is left alone
    assert "Abmelden" in get(member, "/nachrichten/").content.decode()


def test_members_content_never_reaches_anonymous_visitors(people, site):
    members_news = NewsPage.objects.get(audience="members")
    member = people.client("member_a")
    get(member, members_news.url)
    get(member, "/nachrichten/")
    anonymous = Client()
    assert anonymous.get(members_news.url).status_code == 302
    assert anonymous.get(members_news.url).status_code == 302  # the login redirect is never cached
    for _ in range(2):
        assert MEMBERS_NEWS not in get(anonymous, "/nachrichten/").content.decode()


def test_session_cookie_bypasses_the_cache(people, site):
    get(Client(), "/nachrichten/")
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = "not-a-valid-session"
    response = get(client, "/nachrichten/")
    assert pagecache.HIT_HEADER not in response


def test_viewer_dependent_and_cookie_setting_responses_are_not_stored(rf):
    from django.http import HttpResponse

    request = rf.get("/x/")
    request.user = type("Anon", (), {"is_authenticated": False})()
    assert pagecache.response_is_cacheable(request, HttpResponse("ok"))
    marked = HttpResponse("ok")
    marked.viewer_dependent = True
    assert not pagecache.response_is_cacheable(request, marked)
    private = HttpResponse("ok")
    private["Cache-Control"] = "private, no-store"
    assert not pagecache.response_is_cacheable(request, private)
    with_cookie = HttpResponse("ok")
    with_cookie.set_cookie("csrftoken", "x")
    assert not pagecache.response_is_cacheable(request, with_cookie)
    assert not pagecache.request_is_cacheable(rf.get("/mein-bereich/"))
    assert not pagecache.request_is_cacheable(rf.post("/nachrichten/"))


def test_cache_is_off_by_default_outside_production(site):
    with override_settings(PAGE_CACHE_SECONDS=0):
        assert pagecache.HIT_HEADER not in get(Client(), "/nachrichten/")


def test_navigation_is_cached_until_a_page_is_published(site):
    from home.models import ContentPage

    def navigation(response):
        html = response.content.decode()
        return html[html.index('<nav class="main-nav"') : html.index("</nav>", html.index('<nav class="main-nav"'))]

    first = get(Client(), "/impressum/?erste")
    with CaptureQueriesContext(connection) as uncached:
        get(Client(), "/impressum/?zweite")  # a page cache miss: only the navigation comes from the cache
    page = ContentPage(title="Neue Seite im Menü", slug="neu-im-menue", show_in_menus=True)
    site.add_child(instance=page)
    page.save_revision().publish()
    response = get(Client(), "/impressum/?dritte")
    assert "Neue Seite im Menü" in navigation(response)
    assert "Neue Seite im Menü" not in navigation(first)
    with override_settings(PAGE_CACHE_SECONDS=0), CaptureQueriesContext(connection) as built:
        get(Client(), "/impressum/?vierte")
    assert len(uncached) < len(built)


def test_document_library_is_cached_for_anonymous_visitors_only(people, library):
    portal_document("Öffentlicher Wohnraumbericht", audience="public")
    portal_document("Wohnraumbericht für Mitglieder", audience="members")
    url = f"{library.url}?q=Wohnraumbericht"
    member = get(people.client("member_a"), url)
    assert pagecache.HIT_HEADER not in member and "no-store" in member["Cache-Control"]
    first = get(Client(), url)
    assert first[pagecache.HIT_HEADER] == "miss"
    assert "Öffentlicher Wohnraumbericht" in first.content.decode()
    assert "für Mitglieder" not in first.content.decode()
    assert get(Client(), url)[pagecache.HIT_HEADER] == "hit"
    assert "für Mitglieder" in get(people.client("member_a"), url).content.decode()
    portal_document("Neuer öffentlicher Wohnraumbericht", audience="public")
    assert "Neuer öffentlicher Wohnraumbericht" in get(Client(), url).content.decode()


def test_a_new_privacy_setting_purges_the_cache(site):
    from wagtail.models import PageViewRestriction

    get(Client(), "/impressum/")
    assert get(Client(), "/impressum/")[pagecache.HIT_HEADER] == "hit"
    page = HomePage.objects.get().get_children().get(slug="impressum")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.PASSWORD, password="x")
    response = Client().get("/impressum/")
    assert pagecache.HIT_HEADER not in response or response[pagecache.HIT_HEADER] != "hit"
    assert response.status_code == 200 and "password" in response.content.decode().lower()


def personal_parts_removed(response):
    """The page without what differs from request to request (CSRF tokens, CSP nonces)."""
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    return re.sub(r'nonce="[^"]*"', "", html)


def test_parts_shared_per_access_group_show_everyone_what_they_may_read(people, library, meetings):
    """Calendar, meeting pages and the library keep their lists and agenda per access group:
    whoever filled the cache, every role sees exactly what it sees with the cache off."""
    org_document = portal_document("Interne Anlage der AWO", audience="organisation", organisation=people.org_a)
    urls = [
        "/dokumente/",
        "/dokumente/?q=Anlage",
        "/dokumente/?q=Anlage&sort=title",
        meetings.index.url,
        f"{meetings.index.url}?zeit=vergangene",
        meetings.upcoming.url,
        meetings.past.url,
        meetings.body_only.url,
    ]
    roles = ["approver", "member_a", "org_admin", "member_b", "editor", "anonymous"]
    clients = {role: people.client(role) for role in roles}
    with override_settings(PAGE_CACHE_SECONDS=0):
        expected = {(role, url): clients[role].get(url) for role in roles for url in urls}
    assert SECRET_TEXT in expected["member_a", meetings.upcoming.url].content.decode()
    assert SECRET_TEXT not in expected["org_admin", meetings.upcoming.url].content.decode()
    assert org_document.title in expected["org_admin", "/dokumente/?q=Anlage"].content.decode()
    assert org_document.title not in expected["member_b", "/dokumente/?q=Anlage"].content.decode()
    for order in (roles, roles[::-1]):
        cache.clear()
        for role in order:
            for url in urls:
                response = clients[role].get(url)
                wanted = expected[role, url]
                assert response.status_code == wanted.status_code, (role, url)
                assert personal_parts_removed(response) == personal_parts_removed(wanted), (role, url)


def test_shared_agenda_keeps_answers_personal(people, site, meetings):
    """Two people with the same access share the agenda, not their answers."""
    from meetings.models import BodyMembership, MeetingResponse

    colleague = member_of(people.org_a, email="kollegin-a@example.org")
    BodyMembership.objects.create(body=meetings.body, user=colleague, organisation=people.org_a)
    MeetingResponse.objects.create(meeting=meetings.upcoming, user=people.users["member_a"], answer="no")
    first = get(people.client("member_a"), meetings.upcoming.url).content.decode()
    assert "Ihre bisherige Antwort" in first and SECRET_TEXT in first
    client = Client()
    client.force_login(colleague)
    with CaptureQueriesContext(connection) as queries:
        html = get(client, meetings.upcoming.url).content.decode()
    # the agenda came from the cache: no query reads the agenda items themselves (the viewer's
    # access rows read the recusals, the personal action items name their items)
    assert not [q["sql"] for q in queries if q["sql"].startswith('SELECT "meetings_agendaitem".')]
    assert SECRET_TEXT in html
    assert "Ihre bisherige Antwort" not in html and "Antwort senden" in html


def test_restricted_sections_are_read_once_per_content_version(people, site):
    from wagtail.models import PageViewRestriction

    from portal.access import ANONYMOUS

    news = NewsPage.objects.filter(audience="public").first()

    def visible():
        with CaptureQueriesContext(connection) as queries:
            pks = set(NewsPage.objects.visible_to(ANONYMOUS).values_list("pk", flat=True))
        return pks, [q["sql"] for q in queries if "wagtailcore_pageviewrestriction" in q["sql"]]

    assert news.pk in visible()[0]
    assert visible()[1] == []  # the restricted paths came from the cache
    restriction = PageViewRestriction.objects.create(page=news, restriction_type=PageViewRestriction.LOGIN)
    assert news.pk not in visible()[0]
    restriction.delete()
    assert news.pk in visible()[0]


def test_pages_skip_the_privacy_lookup_while_no_page_has_a_privacy_setting(site):
    from wagtail.models import PageViewRestriction

    def restriction_queries(url):
        with CaptureQueriesContext(connection) as queries:
            response = Client().get(url)
        return response, [q for q in queries if "wagtailcore_pageviewrestriction" in q["sql"]]

    Client().get("/impressum/?erste")
    assert restriction_queries("/impressum/?zweite")[1] == []
    page = HomePage.objects.get().get_children().get(slug="impressum")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    response, queries = restriction_queries("/impressum/?dritte")
    assert queries and response.status_code == 302 and "login" in response["Location"]


def test_a_request_reads_each_cached_value_once(people, meetings, monkeypatch):
    """Page lists and access checks ask for the restricted paths several times a request."""
    cache_ = pagecache._cache()
    reads = []
    get_many = cache_.get_many
    monkeypatch.setattr(cache_, "get_many", lambda keys, **kw: reads.extend(keys) or get_many(keys, **kw))
    member = people.client("member_a")
    get(member, meetings.upcoming.url)
    reads.clear()
    get(member, meetings.upcoming.url)
    assert reads.count("pagecache:data:restricted-paths") == 1
    assert pagecache._request.memo is None  # nothing is kept between requests


def page_keys():
    """The page cache's stored pages (the test cache is a local-memory cache)."""
    return {key for key in cache._cache if ":pagecache:page:" in key}


def test_arbitrary_query_strings_make_no_new_cache_entries(site):
    get(Client(), "/impressum/")
    before = page_keys()
    assert len(before) == 1
    for n in range(5):
        response = get(Client(), f"/impressum/?x={n}")
        assert pagecache.HIT_HEADER not in response  # neither read from nor stored in the cache
    get(Client(), "/impressum/?utm_source=newsletter&seite=2")
    get(Client(), "/nachrichten/?seite=1&seite=2")
    get(Client(), f"/nachrichten/?tag={'x' * 201}")
    assert page_keys() == before


def test_query_parameters_a_page_reads_still_give_distinct_pages(people, site, meetings, library):
    past = get(Client(), f"{meetings.index.url}?zeit=vergangene")
    upcoming = get(Client(), f"{meetings.index.url}?zeit=kommende")
    assert past[pagecache.HIT_HEADER] == upcoming[pagecache.HIT_HEADER] == "miss"
    assert meetings.past.title in past.content.decode() and meetings.past.title not in upcoming.content.decode()
    with CaptureQueriesContext(connection) as queries:
        again = get(Client(), f"{meetings.index.url}?zeit=vergangene")
    assert again[pagecache.HIT_HEADER] == "hit" and len(queries) == 0
    assert again.content == past.content
    portal_document("Öffentlicher Wohnraumbericht", audience="public")
    portal_document("Konzept Quartiersarbeit", audience="public")
    found = get(Client(), "/dokumente/?q=Wohnraumbericht&sort=title")
    other = get(Client(), "/dokumente/?q=Quartiersarbeit&sort=title")
    assert "Wohnraumbericht" in found.content.decode() and "Wohnraumbericht" not in other.content.decode()
    swapped = get(Client(), "/dokumente/?sort=title&q=Wohnraumbericht")  # the same page, sorted key
    assert swapped[pagecache.HIT_HEADER] == "hit" and swapped.content == found.content


def test_query_variants_per_page_are_bounded(site, settings):
    settings.PAGE_CACHE_QUERY_VARIANTS = 3
    for n in range(1, 7):
        get(Client(), f"/nachrichten/?seite={n}")
    assert len(page_keys()) == 3
    get(Client(), "/nachrichten/")
    assert len(page_keys()) == 4  # the page without a query string is always stored


def test_links_a_public_page_offers_are_cached_too(site, library):
    """Every parameter of the search page's own filter links and order choices is registered for
    the key: an unregistered one would silently make those pages uncacheable."""
    portal_document("Öffentlicher Wohnraumbericht", audience="public")
    page = get(Client(), "/suche/?q=Wohnraumbericht").content.decode()
    links = {"/suche/" + html.unescape(href) for href in re.findall(r'href="(\?[^"]+)"', page)}
    links |= {f"/suche/?q=Wohnraumbericht&sortierung={key}" for key in re.findall(r'<option value="(\w+)"', page)}
    assert any("jahr=" in link for link in links) and any("sortierung=" in link for link in links)
    for link in links:
        get(Client(), link)
        assert get(Client(), link)[pagecache.HIT_HEADER] == "hit", link
