from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from . import i18n
        from .pagecache import connect_signals

        connect_signals()
        i18n.connect_signals()
