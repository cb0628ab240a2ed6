from django.urls import include, path
from wagtail import hooks

from portal import registry

from . import search


@hooks.register(registry.SEARCH_SOURCES, order=10)
def search_sources():
    return [search.NEWS]


@hooks.register(registry.SEARCH_UNLISTED_PAGES)
def unlisted_pages():
    from .models import NewsIndexPage

    return [NewsIndexPage]  # a listing: its news are hits of their own


@hooks.register(registry.ROOT_URLS)
def root_urls():
    return [path("", include("home.urls"))]


@hooks.register(registry.DEMO_SEEDERS, order=10)
def seed_pages():
    from . import seed

    seed.run()


@hooks.register(registry.DEMO_SEEDERS, order=90)
def seed_translations():
    """Last: translates pages that the other apps' seeders made."""
    from . import seed_translations

    seed_translations.run()
