from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import (
            access,
            checks,  # noqa: F401 (registers the deployment checks)
            pagecache,
            spreadsheets,
            widgets,
        )

        pagecache.connect_signals()
        access.connect_signals()
        spreadsheets.protect_wagtail_exports()
        widgets.register_admin_date_widgets()
        post_migrate.connect(create_cache_tables, sender=self, dispatch_uid="portal.create_cache_tables")
        # the site search (term, type, Gremium, year, order, page) and the sitemap's page number
        pagecache.register_query_parameters("q", "typ", "gremium", "jahr", "sortierung", "seite", "p")


def create_cache_tables(using, verbosity=0, **kwargs):
    """The database cache's table comes with `migrate` (createcachetable skips existing tables)."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=max(verbosity - 1, 0))
