"""The site-wide search: pages, news, meetings, documents (and contracts for staff).

Every source searches a queryset that went through the access policy first; the result text
(the matched passage) comes only from what the viewer may see.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from .access import Viewer, visible_pages


@dataclass
class Hit:
    title: str
    url: str
    text: str
    meta: str = ""


@dataclass
class Source:
    key: str
    label: str
    search: Callable[[Viewer, str], object]  # a search-results queryset
    describe: Callable[[object], Hit]


def stream_text(stream):
    """Plain text of a StreamField, as Wagtail indexes it."""
    return " ".join(stream.stream_block.get_searchable_content(stream)) if stream else ""


def passage(text, query, width=220):
    """The part of ``text`` around the first query word, with the words marked."""
    text = re.sub(r"\s+", " ", strip_tags(text or "")).strip()
    words = [w for w in re.findall(r"\w{3,}", query) if w]
    start = 0
    for word in words:
        # match the word stem too ("Sitzungen" finds "Sitzung")
        found = re.search(re.escape(word[: max(4, len(word) - 3)]), text, re.IGNORECASE)
        if found:
            start = max(0, found.start() - width // 3)
            break
    snippet = text[start:]
    if start and " " in snippet:
        snippet = "… " + snippet.split(" ", 1)[1]  # start at a word
    snippet = Truncator(snippet).chars(width)
    html = escape(snippet)
    for word in words:
        stem = re.escape(escape(word[: max(4, len(word) - 3)]))
        html = re.sub(rf"({stem}\w*)", r"<mark>\1</mark>", html, flags=re.IGNORECASE)
    return mark_safe(html)  # noqa: S308 - built from escaped text


def _pages(viewer, query):
    from wagtail.models import Page

    from home.models import NewsIndexPage, NewsPage

    pages = Page.objects.live().exclude(depth=1).not_type(NewsPage, NewsIndexPage, *extra_excluded_page_types())
    return visible_pages(pages, viewer).specific().search(query)


def _describe_page(page):
    from wagtail.blocks import StreamValue

    body = getattr(page, "body", None)  # a meeting's "body" is its Gremium, not a StreamField
    stream = stream_text(body) if isinstance(body, StreamValue) else ""
    text = " ".join(filter(None, [getattr(page, "intro", ""), stream]))
    return Hit(page.title, page.url, text)


def _news(viewer, query):
    from home.models import NewsPage

    return NewsPage.objects.live().visible_to(viewer).search(query)


def _describe_news(news):
    return Hit(news.title, news.url, f"{news.teaser} {stream_text(news.body)}", news.date.strftime("%d.%m.%Y"))


def _documents(viewer, query):
    from documents.models import PortalDocument

    return PortalDocument.objects.visible_to(viewer).current().select_related("organisation").search(query)


def _describe_document(document):
    from django.urls import reverse

    meta = " · ".join(filter(None, [document.get_kind_display(), document.file_extension.upper()]))
    return Hit(
        document.title,
        reverse("documents:detail", args=[document.pk]),
        f"{document.description} {document.extracted_text}",
        meta,
    )


def _agenda_items(viewer, query):
    from meetings.search import readable_agenda_items

    return readable_agenda_items(query, viewer)


def _describe_agenda_item(item):
    from meetings.search import describe_agenda_item

    return Hit(**describe_agenda_item(item))


def extra_excluded_page_types():
    """Page types that have a search source of their own."""
    from meetings.models import MeetingPage

    return [MeetingPage]


def _meetings(viewer, query):
    from meetings.search import matching_meetings

    return matching_meetings(query, viewer)


def _describe_meeting(meeting):
    local = timezone.localtime(meeting.start)
    meta = f"{meeting.body.title} · {local:%d.%m.%Y, %H:%M} Uhr"
    return Hit(meeting.title, meeting.url, f"{meeting.location} {meeting.public_agenda_text()}", meta)


SOURCES = [
    Source("seiten", _("Seiten"), _pages, _describe_page),
    Source("nachrichten", _("Nachrichten"), _news, _describe_news),
    Source("sitzungen", _("Sitzungen"), _meetings, _describe_meeting),
    Source("tagesordnungspunkte", _("Tagesordnungspunkte"), _agenda_items, _describe_agenda_item),
    Source("dokumente", _("Dokumente"), _documents, _describe_document),
]
