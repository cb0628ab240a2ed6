"""News in the site search (registered in home/wagtail_hooks.py)."""

from django.utils.translation import gettext_lazy as _

from portal.search_sources import Hit, Source, stream_text


def _news(viewer):
    from .models import NewsPage

    return NewsPage.objects.live().visible_to(viewer)


def _describe_news(news):
    return Hit(news.title, news.url, f"{news.teaser} {stream_text(news.body)}", news.date.strftime("%d.%m.%Y"))


NEWS = Source("nachrichten", _("Nachrichten"), "home.NewsPage", _news, _describe_news, "date")
