"""Site-wide files for machines: sitemap.xml, robots.txt, security.txt."""

import datetime

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail.contrib.sitemaps.sitemap_generator import Sitemap

from portal.access import ANONYMOUS, visible_pages


class PublicSitemap(Sitemap):
    """Wagtail's sitemap, restricted to what an anonymous visitor may see, with the pages of
    every language and each page's language versions as hreflang alternates."""

    def items(self):
        from django.db.models import Q
        from wagtail.models import Page

        in_a_tree = Q()
        for root in self.get_wagtail_site().root_page.get_translations(inclusive=True):
            in_a_tree |= Q(path__startswith=root.path)
        pages = Page.objects.live().public().filter(in_a_tree).order_by("path").defer_streamfields().specific()
        return visible_pages(pages, ANONYMOUS)

    def _urls(self, page, protocol, domain):
        from wagtail.models import Locale

        pages = list(self.paginator.page(page).object_list)
        languages = dict(Locale.objects.values_list("pk", "language_code"))
        versions = {}
        for item in pages:
            versions.setdefault(item.translation_key, []).append(item)
        urls = []
        for item in pages:
            alternates = []
            if len(versions[item.translation_key]) > 1:
                for version in versions[item.translation_key]:
                    location = version.get_full_url(self.request)
                    alternates.append({"lang_code": languages[version.locale_id], "location": location})
                    if languages[version.locale_id] == settings.LANGUAGE_CODE:
                        alternates.append({"lang_code": "x-default", "location": location})
            for info in item.get_sitemap_urls(self.request):
                urls.append({**info, "alternates": alternates})
        lastmods = {url.get("lastmod") for url in urls}
        if lastmods and None not in lastmods:
            self.latest_lastmod = max(lastmods)
        return urls


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /django-admin/",
        "Disallow: /konto/",
        "Disallow: /mein-bereich/",
        "Disallow: /einladung/",
        "Disallow: /documents/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
@cache_control(max_age=86400, public=True)
def security_txt(request):
    """RFC 9116; Expires stays about a year ahead."""
    expires = (timezone.now() + datetime.timedelta(days=360)).replace(microsecond=0)
    lines = [
        f"Contact: {settings.SECURITY_CONTACT}",
        f"Expires: {expires.astimezone(datetime.UTC).isoformat().replace('+00:00', 'Z')}",
        "Preferred-Languages: de, en",
        f"Canonical: {request.build_absolute_uri(request.path)}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
