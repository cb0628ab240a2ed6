from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Öffentliche Seiten")

    def ready(self):
        from portal.pagecache import register_query_parameters

        from . import signals  # noqa: F401

        register_query_parameters("tag", "seite")  # the news index
