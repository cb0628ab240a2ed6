"""What the site search looks in: the core's pages, and the sources apps register
(``portal.registry.SEARCH_SOURCES``).

A source is a queryset of what a viewer may read (``visible``, through the access policy) and how
one of its rows appears as a hit (``describe``).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.utils.translation import gettext_lazy as _

from . import registry
from .access import Viewer, visible_pages


@dataclass
class Hit:
    title: str
    url: str
    text: str
    meta: str = ""
    label: str = ""
    passage: str = ""
    marked_title: str = ""


@dataclass
class Source:
    key: str
    label: str
    model_label: str
    visible: Callable[[Viewer], object]  # the queryset of what the viewer may read
    describe: Callable[[object], Hit]
    date: str  # field path of the date (sorting, year facet)
    body: str | None = None  # field path of the Gremium, where there is one
    title_field: str = "title"
    specific: bool = False  # pages: load the specific page for its text

    @property
    def model(self):
        return apps.get_model(self.model_label)

    @property
    def kind(self):
        return kind_of(self.model)


def kind_of(model):
    """Pages share one kind (their ids are unique across page types)."""
    from wagtail.models import Page

    return "page" if issubclass(model, Page) else model._meta.label_lower


def stream_text(stream):
    """Plain text of a StreamField, as Wagtail indexes it."""
    return " ".join(stream.stream_block.get_searchable_content(stream)) if stream else ""


def in_active_language(pages):
    """The pages as the visitor's language shows the site: in German the German pages; in
    another language its translations, and the German pages that have none there (shown in
    German). So a page is found once, under the title the visitor sees on it."""
    from .i18n import active_language, default_language

    language = active_language()
    german = pages.filter(locale__language_code=default_language())
    if language == default_language():
        return german
    translated = pages.filter(locale__language_code=language)
    return german.exclude(translation_key__in=translated.values("translation_key")) | translated


def _pages(viewer):
    """Pages that no source of their own lists (content pages, the home page, bodies, …)."""
    from wagtail.models import Page

    own = [s.model for s in registered_sources() if s.kind == "page"]
    unlisted = [model for unlisted in registry.registered(registry.SEARCH_UNLISTED_PAGES) for model in unlisted()]
    pages = Page.objects.live().exclude(depth=1).not_type(*own, *unlisted)
    return in_active_language(visible_pages(pages, viewer))


def _describe_page(page):
    from wagtail.blocks import StreamValue

    body = getattr(page, "body", None)  # a meeting's "body" is its Gremium, not a StreamField
    stream = stream_text(body) if isinstance(body, StreamValue) else ""
    text = " ".join(filter(None, [getattr(page, "intro", ""), getattr(page, "description", ""), stream]))
    return Hit(page.title, page.url, text)


PAGES = Source("seiten", _("Seiten"), "wagtailcore.Page", _pages, _describe_page, "last_published_at", specific=True)


def registered_sources():
    return [source for sources in registry.registered(registry.SEARCH_SOURCES) for source in sources()]


def sources():
    """Every source, pages first, then the apps' in their hooks' order."""
    return [PAGES, *registered_sources()]


def source(key):
    return next((s for s in sources() if s.key == key), None)
