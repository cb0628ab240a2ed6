from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OparlConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "oparl"
    verbose_name = _("OParl-Schnittstelle")

    def ready(self):
        from . import signals

        signals.connect()
        signals.connect_papers()
