from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from . import i18n
        from .pagecache import connect_signals, register_query_parameters

        connect_signals()
        i18n.connect_signals()
        # the site search (term, type, Gremium, year, order, page) and the sitemap's page number
        register_query_parameters("q", "typ", "gremium", "jahr", "sortierung", "seite", "p")
