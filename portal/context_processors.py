from django.utils.functional import SimpleLazyObject
from wagtail.models import Site

from .access import get_viewer


def portal(request):
    """The request's viewer, and the navigation and footer pages (built only when used)."""

    def menu():
        site = Site.find_for_request(request)
        if site is None:
            return {"main": [], "footer": []}
        pages = list(site.root_page.get_children().live().public().specific().order_by("path"))
        return {
            "main": [p for p in pages if p.show_in_menus],
            "footer": [p for p in pages if getattr(p, "in_footer", False)],
        }

    return {"viewer": get_viewer(request), "site_menu": SimpleLazyObject(menu)}
