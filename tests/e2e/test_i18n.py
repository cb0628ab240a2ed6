"""Switching languages on the public pages: lang/dir, hreflang, the German fallback, axe, RTL."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def translated(site):
    from home import seed_translations

    seed_translations.run(site)
    return site


def html_attrs(page):
    return page.evaluate("[document.documentElement.lang, document.documentElement.dir]")


def no_horizontal_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_visitor_switches_languages(page, translated, assert_accessible):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/lenkungsgruppe/")
    assert html_attrs(page) == ["de", "ltr"]
    assert_accessible(page)

    switcher = page.get_by_role("navigation", name="Sprache wählen")
    switcher.get_by_role("link", name="English").click()
    page.wait_for_url("**/en/lenkungsgruppe/")
    assert html_attrs(page) == ["en", "ltr"]
    assert page.get_by_role("heading", name="The Steering Group", level=1).is_visible()
    hreflangs = page.eval_on_selector_all("link[rel=alternate][hreflang]", "els => els.map(e => e.hreflang)")
    assert set(hreflangs) == {"de", "x-default", "en", "bg", "ro", "tr", "ar", "uk"}

    # the chosen language is kept while following the navigation
    page.get_by_role("navigation", name="Main navigation").get_by_role("link", name="News").click()
    page.wait_for_url("**/en/nachrichten/")
    assert html_attrs(page) == ["en", "ltr"]

    page.get_by_role("navigation", name="Choose language").get_by_role("link", name="العربيّة").click()
    page.wait_for_url("**/ar/nachrichten/")
    assert html_attrs(page) == ["ar", "rtl"]
    assert page.get_by_role("heading", name="الأخبار", level=1).is_visible()
    assert no_horizontal_scroll(page)
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto("/ar/")
    assert no_horizontal_scroll(page)
    # right to left: the navigation starts at the right edge
    first, last = page.eval_on_selector_all(
        ".main-nav li",
        "els => [els[0].getBoundingClientRect().right, els[els.length - 1].getBoundingClientRect().right]",
    )
    assert first >= last
    assert_accessible(page)


def test_untranslated_page_shows_german_with_a_note(page, translated, assert_accessible):
    page.goto("/uk/")
    assert html_attrs(page) == ["uk", "ltr"]
    assert_accessible(page)
    page.get_by_role("link", name="Impressum").click()
    page.wait_for_url("**/uk/impressum/")
    assert html_attrs(page) == ["uk", "ltr"]
    note = page.get_by_role("note")
    assert "Ця сторінка недоступна вашою мовою" in note.inner_text()
    assert page.locator("main [lang=de]").first.is_visible()
    hreflangs = page.eval_on_selector_all("link[rel=alternate][hreflang]", "els => els.map(e => e.hreflang)")
    assert set(hreflangs) == {"de", "x-default"}
    assert_accessible(page)
    page.get_by_role("link", name="Deutsch").click()
    page.wait_for_url("**/impressum/")
    assert page.url.endswith("/impressum/") and "/uk/" not in page.url
    assert html_attrs(page) == ["de", "ltr"]
    assert page.get_by_role("note").count() == 0
