"""RSS 2.0 and Atom feeds of the public news."""

import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils import timezone, translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from portal import i18n
from portal.access import ANONYMOUS

from .models import NewsIndexPage, NewsPage


class NewsFeed(Feed):
    """The public news; ``/feeds/<language>/…`` in another language (each item translated where
    a translation exists, otherwise in German, and linked in that language)."""

    title = _("Nachrichten – Integrationsportal Hagen")
    description = _("Neuigkeiten der Lenkungsgruppe Integration und des Fachbereichs 56 der Stadt Hagen")

    def __call__(self, request, *args, language=None, **kwargs):
        if language is not None and (language == settings.LANGUAGE_CODE or language not in dict(settings.LANGUAGES)):
            raise Http404
        self.request = request
        self.language = language or settings.LANGUAGE_CODE
        with translation.override(self.language):
            return super().__call__(request, *args, **kwargs)

    def link(self):
        index = NewsIndexPage.objects.live().filter(locale__language_code=settings.LANGUAGE_CODE).first()
        return index.get_url(self.request) if index else "/"

    def items(self):
        # Feeds are shared and cached by readers: always the anonymous view, whoever asks.
        news = (
            NewsPage.objects.live()
            .filter(locale__language_code=settings.LANGUAGE_CODE)
            .visible_to(ANONYMOUS)
            .prefetch_related("tags")
            .order_by("-date", "-pk")[:30]
        )
        return i18n.localize(news, prefetch_related=["tags"])

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.teaser

    def item_link(self, item):
        return item.get_url(self.request)

    def item_pubdate(self, item):
        """The editorial date of the news item (08:00 local time)."""
        return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time(8)))

    def item_updateddate(self, item):
        return max(filter(None, [item.last_published_at, self.item_pubdate(item)]))

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]


class NewsAtomFeed(NewsFeed):
    feed_type = Atom1Feed
    subtitle = NewsFeed.description
