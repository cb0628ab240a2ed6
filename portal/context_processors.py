from django.conf import settings
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from wagtail.models import Site

from . import i18n, pagecache, registry
from .access import get_viewer


def _menu(site, request):
    # the German pages, each in the visitor's language where translated
    pages = i18n.localize(site.root_page.get_children().live().public().specific().order_by("path"))
    items = [
        {
            "pk": p.pk,
            "title": p.title,
            "url": p.get_url(request),
            "main": p.show_in_menus,
            "footer": getattr(p, "in_footer", False),
        }
        for p in pages
    ]
    # views apps register (listings such as papers), after the pages
    for entries in registry.registered(registry.SITE_MENU):
        items += [
            {"pk": None, "title": str(title), "url": reverse(name), "main": True, "footer": False}
            for title, name in entries()
        ]
    return {
        "main": [item for item in items if item["main"]],
        "footer": [item for item in items if item["footer"]],
    }


def _translated_site_name(site, name):
    """The home page's translated title, when the German home page is titled as the site."""
    root = site.root_page.specific
    if root.title != name:
        return name
    return i18n.localize([root])[0].title


def portal(request):
    """The request's viewer, and the navigation and footer pages (built only when used).

    The navigation is the same for everyone (live, public pages only), so it is kept in the
    page cache until the next content change, once per language.
    """

    def menu():
        site = Site.find_for_request(request)
        if site is None:
            return {"main": [], "footer": []}
        return pagecache.versioned(f"menu:{site.pk}:{i18n.active_language()}", lambda: _menu(site, request))

    def site_name():
        """The Wagtail site's name (Einstellungen → Websites), the project's name without one; in
        another language the title of the home page's translation where there is one."""
        site = Site.find_for_request(request)
        name = (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME
        if site is None or i18n.active_language() == i18n.default_language():
            return name
        return pagecache.versioned(
            f"site-name:{site.pk}:{i18n.active_language()}", lambda: _translated_site_name(site, name)
        )

    return {
        "viewer": get_viewer(request),
        "site_menu": SimpleLazyObject(menu),
        "site_name": SimpleLazyObject(site_name),
    }
