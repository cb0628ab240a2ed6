"""The public pages of the demo in every language: the site chrome (navigation, labels, notes,
dates and times) is in the visitor's language, the content of untranslated pages stays German."""

import html
import re
from datetime import datetime

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from taggit.models import Tag
from wagtail.models import Page

from documents.models import DocumentLibraryPage, PortalDocument
from home.models import NewsPage
from meetings.models import BodyPage, MeetingIndexPage, MeetingPage
from papers.models import Paper
from portal.access import Audience
from portal.models import Organisation
from tests.portal.test_i18n_catalogues import LANGUAGES, catalogue, is_public, public_choice_labels

pytestmark = pytest.mark.django_db


def public_urls():
    index = MeetingIndexPage.objects.get()
    meeting = (
        MeetingPage.objects.live()
        .filter(audience=Audience.PUBLIC, agenda_items__public=True, start__lt=timezone.now())
        .order_by("start")
        .first()
    )
    document = PortalDocument.objects.filter(audience=Audience.PUBLIC).first()
    paper = Paper.objects.filter(audience=Audience.PUBLIC, consultations__isnull=False).order_by("pk").first()
    month = timezone.localtime(meeting.start).strftime("%Y-%m")
    return [
        "/",
        "/nachrichten/",
        "/nachrichten/foerderung-case-management/",
        "/nachrichten/lenkungsgruppe-mit-freien-traegern/",
        index.url,
        index.url + "?zeit=vergangene",
        index.url + f"?monat={month}",
        meeting.url,
        BodyPage.objects.live().get(slug="lenkungsgruppe-integration").url,
        DocumentLibraryPage.objects.live().get().url,
        f"/dokumente/{document.pk}/",
        "/vorlagen/",
        "/vorlagen/?art=beschlussvorlage&stand=adopted",
        f"/vorlagen/{paper.pk}/",
        "/beschluesse/",
        "/beschluesse/?ergebnis=adopted",
        "/fallmanagement/",
        "/beratung-im-stadtteil/",
        "/suche/",
        "/suche/?q=Wohnraum",
        "/suche/?q=Fallmanagement&typ=seiten",
        "/suche/?q=xyzxyzxyz",
        "/gibt-es-nicht/",
    ]


def german_content():
    """Names that are content (German in every language): page titles, tags, organisations,
    document titles. A chrome string that is also such a name is not looked for."""
    names = set(Page.objects.values_list("title", flat=True))
    names |= set(Tag.objects.values_list("name", flat=True))
    names |= set(Organisation.objects.values_list("name", flat=True))
    names |= set(Organisation.objects.values_list("short_name", flat=True))
    names |= set(BodyPage.objects.values_list("short_name", flat=True))
    names |= set(PortalDocument.objects.values_list("title", flat=True))
    return names


def german_chrome(language):
    """The German public strings that read differently in ``language`` (without placeholders)."""
    labels = public_choice_labels()
    return {
        e.msgid
        for e in catalogue(language)
        if e.msgid and not e.msgid_plural and is_public(e, labels) and "%(" not in e.msgid and e.msgstr != e.msgid
    } - german_content()


def text_nodes(content):
    text = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", content, flags=re.S)
    return [html.unescape(node).strip() for node in re.split(r"<[^>]+>", text) if node.strip()]


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_pages_show_no_german_chrome(demo, language):
    chrome = german_chrome(language)
    assert {"Kommende Sitzungen", "Tagesordnung", "Suchbegriff", "Uhrzeit", "durchgeführt"} <= chrome
    client = Client()
    for url in public_urls():
        response = client.get(f"/{language}{url}")
        assert response.status_code == (404 if url == "/gibt-es-nicht/" else 200), url
        nodes = text_nodes(response.content.decode())
        left = sorted({node.rstrip(":") for node in nodes} & chrome)
        assert left == [], f"/{language}{url}: German chrome {left}"
        assert not [node for node in nodes if re.search(r"\d Uhr\b", node)], f"/{language}{url}"


def test_dates_and_times_follow_the_language(demo):
    """German: "Mittwoch, 12. März 2025", "14:00–16:00 Uhr", "12.03.2025"; the others their own."""
    meeting = MeetingPage.objects.get(slug="sitzung-01", body__slug="lenkungsgruppe-integration")
    start, end = timezone.localtime(meeting.start), timezone.localtime(meeting.end)
    assert (start.hour, end.hour) == (14, 16) and start.date() == datetime(2025, 3, 12).date()
    expected = {
        "de": ("Mittwoch, 12. März 2025", "14:00–16:00 Uhr", "Mi, 12.03.2025"),
        "en": ("Wednesday, 12 March 2025", "14:00–16:00", "Wed, 12/03/2025"),
        "bg": ("сряда, 12 март 2025 г.", "14:00–16:00 ч.", "Ср, 12.03.2025 г."),
        "ro": ("Miercuri, 12 martie 2025", "14:00–16:00", "Mie, 12.03.2025"),
        "tr": ("12 Mart 2025 Çarşamba", "14:00–16:00", "12.03.2025 Çrş"),
        "ar": ("الأربعاء، 12 مارس 2025", "14:00–16:00", "أربعاء، 12/03/2025"),
        "uk": ("Середа, 12 березня 2025 р.", "14:00–16:00", "Ср, 12.03.2025"),
    }
    meeting_url, body_url = meeting.url, meeting.body.url
    for language, (long_date, times, short_date) in expected.items():
        prefix = "" if language == settings.LANGUAGE_CODE else f"/{language}"
        nodes = text_nodes(Client().get(prefix + meeting_url).content.decode())
        assert long_date in nodes and times in nodes, (language, nodes[:60])
        body = text_nodes(Client().get(prefix + body_url).content.decode())
        assert short_date in body, (language, [n for n in body if "2025" in n])
    news = NewsPage.objects.get(slug="foerderung-case-management", locale__language_code="de")
    assert news.date.isoformat() == "2022-05-02"
    dates = {
        "de": "2. Mai 2022",
        "en": "2 May 2022",
        "bg": "2 май 2022 г.",
        "ro": "2 mai 2022",
        "uk": "2 травня 2022 р.",
    }
    for language, date in dates.items():
        prefix = "" if language == settings.LANGUAGE_CODE else f"/{language}"
        assert date in text_nodes(Client().get(f"{prefix}/nachrichten/").content.decode()), language
