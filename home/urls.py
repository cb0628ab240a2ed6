"""The public site's files for machines and the news feeds (outside the language prefixes)."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path

from . import views
from .feeds import NewsAtomFeed, NewsFeed

urlpatterns = [
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": views.PublicSitemap}}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path(".well-known/security.txt", views.security_txt, name="security_txt"),
    path("feeds/nachrichten.rss", NewsFeed(), name="news_rss"),
    path("feeds/nachrichten.atom", NewsAtomFeed(), name="news_atom"),
    path("feeds/<str:language>/nachrichten.rss", NewsFeed(), name="news_rss_language"),
    path("feeds/<str:language>/nachrichten.atom", NewsAtomFeed(), name="news_atom_language"),
]
