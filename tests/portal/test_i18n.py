"""The public site in several languages: URLs, switcher, hreflang, fallback, access, cache, feeds."""

import re
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.test import Client, RequestFactory, override_settings
from wagtail.models import Locale, Page

from home import seed_translations
from home.models import ContentPage, NewsPage
from portal import pagecache
from portal.access import Audience
from tests.conftest import make_people

pytestmark = pytest.mark.django_db

MEMBERS_NEWS = "hinweise-zur-angebotsabgabe"


@pytest.fixture(scope="module")
def translated(module_db):
    """The demo pages with the demo translations, built once for the module."""
    from home import seed

    home = seed.run()
    seed_translations.run(home)
    return SimpleNamespace(home=home, people=make_people())


@pytest.fixture
def ctx(translated, db, module_media):
    return translated


def html(url, client=None):
    response = (client or Client()).get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def hreflangs(text):
    return dict(re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">', text))


def test_every_configured_language_has_a_locale_and_translations(ctx):
    assert set(Locale.objects.values_list("language_code", flat=True)) == {"de", "en", "bg", "ro", "tr", "ar", "uk"}
    group = ContentPage.objects.get(slug="lenkungsgruppe", locale__language_code="de")
    titles = dict(group.get_translations().values_list("locale__language_code", "title"))
    assert titles == {
        "en": "The Steering Group",
        "bg": "Ръководната група",
        "ro": "Grupul de coordonare",
        "tr": "Yönlendirme Grubu",
        "ar": "مجموعة التوجيه",
        "uk": "Керівна група",
    }


def test_german_addresses_stay_and_are_german(ctx):
    text = html("/lenkungsgruppe/")
    assert '<html lang="de" dir="ltr">' in text
    assert "Die Lenkungsgruppe" in text
    assert "language-note" not in text


def test_translated_page_in_its_language_with_switcher_and_hreflang(ctx):
    text = html("/en/lenkungsgruppe/")
    assert '<html lang="en" dir="ltr">' in text
    assert "The Steering Group" in text and "Skip to content" in text and "Main navigation" in text
    assert "language-note" not in text
    # every language named in itself, the current one marked
    for name in ("Deutsch", "English", "български", "Română", "Türkçe", "العربيّة", "Українська"):
        assert f">{name}</a>" in text
    assert 'href="/en/lenkungsgruppe/" lang="en" hreflang="en" aria-current="true"' in text
    alternates = hreflangs(text)
    assert set(alternates) == {"de", "x-default", "en", "bg", "ro", "tr", "ar", "uk"}
    assert alternates["de"] == "http://testserver/lenkungsgruppe/"
    assert alternates["uk"] == "http://testserver/uk/lenkungsgruppe/"
    # the navigation is in English and keeps the language
    assert '<a href="/en/nachrichten/">News</a>' in text
    assert '<a href="/en/impressum/">Impressum</a>' in text


def test_arabic_is_right_to_left(ctx):
    text = html("/ar/")
    assert '<html lang="ar" dir="rtl">' in text
    assert "بوابة الاندماج في هاغن" in text


def test_untranslated_page_falls_back_to_german_with_a_note(ctx):
    text = html("/uk/impressum/")
    assert '<html lang="uk" dir="ltr">' in text
    assert "Ця сторінка недоступна вашою мовою" in text
    assert '<div lang="de" dir="ltr">' in text and "Der Oberbürgermeister" in text
    # hreflang only for real language versions
    assert set(hreflangs(text)) == {"de", "x-default"}
    # Leichte Sprache stays German
    assert "Ця сторінка недоступна" in html("/uk/leichte-sprache/")


def test_meetings_keep_german_content_with_translated_chrome(ctx):
    from meetings.factories import body_page, meeting_index, meeting_page

    body = body_page(meeting_index(ctx.home), title="Lenkungsgruppe Integration")
    meeting = meeting_page(body, title="Sitzung im Rathaus")
    path = meeting.url
    text = html(f"/tr{path}")
    assert '<html lang="tr" dir="ltr">' in text and "İçeriğe geç" in text
    assert "Sitzung im Rathaus" in text and "Bu sayfa sizin dilinizde mevcut değil" in text
    # the calendar's links keep the language
    assert f'href="/tr{path}"' in html("/tr/sitzungen/")


def test_outdated_translation_shows_a_note(ctx):
    group = ContentPage.objects.get(slug="lenkungsgruppe", locale__language_code="de")
    assert "language-note" not in html("/en/lenkungsgruppe/")
    group.intro = "Neue Einleitung."
    group.save_revision().publish()
    text = html("/en/lenkungsgruppe/")
    assert "The translation may be out of date." in text
    assert 'href="/lenkungsgruppe/" lang="de"' in text


def test_unknown_language_prefix_is_not_found(ctx):
    assert Client().get("/fr/lenkungsgruppe/").status_code == 404
    assert Client().get("/de/lenkungsgruppe/").status_code == 404


def test_members_only_news_and_its_translation_are_never_public(ctx):
    news = NewsPage.objects.get(slug=MEMBERS_NEWS)
    seed_translations.translate(news, Locale.objects.get(language_code="en"), {})
    translation = news.get_translation(Locale.objects.get(language_code="en"))
    assert translation.audience == Audience.MEMBERS
    url = f"/en/nachrichten/{MEMBERS_NEWS}/"
    response = Client().get(url)
    assert response.status_code == 302 and response["Location"].startswith("/konto/login/")
    assert ctx.people.client("member_a").get(url).status_code == 200
    for listing in ("/en/", "/en/nachrichten/", "/feeds/en/nachrichten.rss", "/sitemap.xml", "/en/suche/?q=Angebote"):
        assert MEMBERS_NEWS not in Client().get(listing).content.decode(), listing
    # an editor cannot make the translation alone public
    translation.audience = Audience.PUBLIC
    translation.save_revision().publish()
    translation.refresh_from_db()
    assert translation.audience == Audience.MEMBERS
    assert Client().get(url).status_code == 302


def test_translations_follow_the_source_audience(ctx):
    news = NewsPage.objects.get(slug="foerderung-case-management", locale__language_code="de")
    assert Client().get("/bg/nachrichten/foerderung-case-management/").status_code == 200
    news.audience = Audience.MEMBERS
    news.save_revision().publish()
    assert set(news.get_translations().values_list("audience", flat=True)) == {Audience.MEMBERS}
    for code in ("en", "bg", "ro", "tr", "ar", "uk"):
        response = Client().get(f"/{code}/nachrichten/foerderung-case-management/")
        assert response.status_code == 302, code
    assert "foerderung-case-management" not in Client().get("/sitemap.xml").content.decode()


def test_feed_per_language(ctx):
    text = Client().get("/feeds/en/nachrichten.rss").content.decode()
    assert "<language>en</language>" in text
    assert "<title>News – Integration Portal Hagen</title>" in text
    assert "State funds case-management positions" in text
    # untranslated items in German, linked in the feed's language
    assert "http://testserver/en/nachrichten/lenkungsgruppe-mit-freien-traegern/" in text
    assert "<language>de</language>" in Client().get("/feeds/nachrichten.rss").content.decode()
    for url in ("/feeds/fr/nachrichten.rss", "/feeds/de/nachrichten.atom"):
        assert Client().get(url).status_code == 404, url


def test_sitemap_lists_language_versions_as_alternates(ctx):
    text = Client().get("/sitemap.xml").content.decode()
    assert "<loc>http://localhost/ar/lenkungsgruppe/</loc>" in text
    assert '<xhtml:link rel="alternate" hreflang="ar" href="http://localhost/ar/lenkungsgruppe/"/>' in text
    assert '<xhtml:link rel="alternate" hreflang="x-default" href="http://localhost/lenkungsgruppe/"/>' in text
    assert "/en/impressum/" not in text  # no translation, no alternate


def test_page_cache_keeps_one_entry_per_language(ctx):
    with override_settings(PAGE_CACHE_SECONDS=300):
        client = Client()
        first = {url: client.get(url) for url in ("/lenkungsgruppe/", "/en/lenkungsgruppe/", "/ar/lenkungsgruppe/")}
        again = {url: client.get(url) for url in first}
    for url in first:
        assert first[url]["X-Page-Cache"] == "miss", url
        assert again[url]["X-Page-Cache"] == "hit", url
        assert again[url].content == first[url].content
    assert b'lang="de"' in again["/lenkungsgruppe/"].content
    assert b'<html lang="en" dir="ltr">' in again["/en/lenkungsgruppe/"].content
    assert b'<html lang="ar" dir="rtl">' in again["/ar/lenkungsgruppe/"].content


def test_members_area_under_a_language_prefix_is_never_cached(ctx):
    member = ctx.people.client("member_a")
    with override_settings(PAGE_CACHE_SECONDS=300):
        response = member.get("/en/mein-bereich/")
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
        assert Client().get("/en/mein-bereich/").status_code == 302
        # Defence in depth: even a request without a session is never cacheable there.
        for path in ("/en/mein-bereich/", "/ar/mein-bereich/dokumente/", "/uk/einladung/x/"):
            assert not pagecache.request_is_cacheable(RequestFactory().get(path)), path
        assert pagecache.request_is_cacheable(RequestFactory().get("/en/"))


def _count(django_assert_max_num_queries, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert Client().get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/en/", "/en/nachrichten/", "/ar/lenkungsgruppe/", "/uk/impressum/"])
def test_queries_per_page_do_not_grow_with_news_and_translations(ctx, url, django_assert_max_num_queries):
    before = _count(django_assert_max_num_queries, url)
    index = Page.objects.get(slug="nachrichten", locale__language_code="de")
    english = Locale.objects.get(language_code="en")
    for n in range(4):
        news = NewsPage(title=f"Meldung {n}", slug=f"meldung-{n}", teaser="Kurz.")
        index.add_child(instance=news)
        news.save_revision().publish()
        seed_translations.translate(news, english, {f"Meldung {n}": f"Item {n}"})
    with django_assert_max_num_queries(before):
        assert Client().get(url).status_code == 200


def test_seeding_translations_again_changes_nothing(ctx):
    pages = Page.objects.count()
    seed_translations.run()
    assert Page.objects.count() == pages


def test_page_parts_kept_per_access_group_are_kept_per_language_too(ctx):
    """The calendar and a meeting's facts are rendered once per access group and kept: one
    entry per language, so German labels never reach /en/ and English never reaches German."""
    from meetings.factories import body_page, meeting_index, meeting_page

    body = body_page(meeting_index(ctx.home), title="Lenkungsgruppe Integration")
    meeting = meeting_page(body, title="Sitzung im Rathaus")
    with override_settings(PAGE_CACHE_SECONDS=300):
        for path in ("/sitzungen/", meeting.url):
            for _round in ("fill", "from the cache"):
                german, english = html(path), html(f"/en{path}")
                assert ">Uhrzeit<" in german and ">Time<" not in german, path
                assert ">Time<" in english and ">Uhrzeit<" not in english, path


def test_a_members_only_page_translated_into_every_language_never_reaches_the_public(ctx):
    """The members' news translated into every language, each translation with words of its
    own: under no language prefix, in no listing, tag page, feed, search or the sitemap does
    an anonymous visitor get the page or any of its translated words."""
    news = NewsPage.objects.get(slug=MEMBERS_NEWS)
    secrets = {}
    for code, _name in settings.LANGUAGES:
        if code == settings.LANGUAGE_CODE:
            continue
        secret = f"Geheimhinweis{code.upper()}"
        strings = {news.title: f"{secret} title", news.teaser: f"{secret} teaser"}
        seed_translations.translate(news, Locale.objects.get(language_code=code), strings)
        translation = news.get_translation(Locale.objects.get(language_code=code))
        assert translation.audience == Audience.MEMBERS and translation.title == f"{secret} title"
        secrets[code] = secret
    member = ctx.people.client("member_a")
    for code, secret in secrets.items():
        url = f"/{code}/nachrichten/{MEMBERS_NEWS}/"
        assert secret in member.get(url).content.decode()  # the translation is there, for members
        response = Client().get(url)
        assert response.status_code == 302 and response["Location"].startswith("/konto/login/"), url
    listings = ["/sitemap.xml", "/feeds/nachrichten.rss", "/feeds/nachrichten.atom"]
    for code, _name in settings.LANGUAGES:
        prefix = "" if code == settings.LANGUAGE_CODE else f"/{code}"
        listings += [
            f"{prefix}/",
            f"{prefix}/nachrichten/",
            f"{prefix}/nachrichten/?tag=kommunales-integrationsmanagement",
        ]
        listings += [f"{prefix}/suche/?q={secret}" for secret in secrets.values()]
        listings += [f"{prefix}/suche/?q=Angebotsabgabe", f"{prefix}/suche/?q=Hinweise&typ=nachrichten"]
        if code != settings.LANGUAGE_CODE:
            listings += [f"/feeds/{code}/nachrichten.rss", f"/feeds/{code}/nachrichten.atom"]
    for url in listings:
        response = Client().get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        assert MEMBERS_NEWS not in text, url
        # the search page repeats the query; the translation's title and teaser never appear
        assert not [s for s in secrets.values() if f"{s} title" in text or f"{s} teaser" in text], url


def hit_titles(url):
    return re.findall(r'<h3[^>]*><a href="([^"]+)"[^>]*>(.*?)</a>', html(url))


def test_search_finds_each_page_once_in_the_visitors_language(ctx):
    """German search finds German pages only; in another language a translated page is found in
    that language, under its title and address there, and a page without a translation in
    German; never both versions of one page."""
    english = [(url, re.sub(r"<[^>]+>", "", title)) for url, title in hit_titles("/en/suche/?q=Steering&typ=seiten")]
    assert ("/en/lenkungsgruppe/", "The Steering Group") in english
    assert sorted(url for url, _title in english) == ["/en/", "/en/lenkungsgruppe/"]
    assert hit_titles("/suche/?q=Steering") == []  # the English text is not German content
    assert "/lenkungsgruppe/" in [url for url, _title in hit_titles("/suche/?q=Lenkungsgruppe&typ=seiten")]
    # the English news item is found in English, the untranslated one in German under /en/
    news = dict(hit_titles("/en/suche/?q=case&typ=nachrichten"))
    assert "/en/nachrichten/foerderung-case-management/" in news
    assert "/nachrichten/foerderung-case-management/" not in news
    impressum = [url for url, _title in hit_titles("/en/suche/?q=Oberbürgermeister")]
    assert impressum == ["/en/impressum/"]
