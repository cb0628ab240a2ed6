"""News in the site search (registered in home/wagtail_hooks.py)."""

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from portal.search_sources import Hit, Source, in_active_language, stream_text


def _news(viewer):
    from .models import NewsPage

    return in_active_language(NewsPage.objects.live().visible_to(viewer))


def _describe_news(news):
    text = f"{news.teaser} {stream_text(news.body)}"
    return Hit(news.title, news.url, text, date_format(news.date, "SHORT_DATE_FORMAT"))


NEWS = Source("nachrichten", _("Nachrichten"), "home.NewsPage", _news, _describe_news, "date")
