from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PapersConfig(AppConfig):
    name = "papers"
    verbose_name = _("Vorlagen")

    def ready(self):
        from portal.pagecache import purge_on, register_query_parameters

        from .forms import PaperFilterForm, RegisterFilterForm
        from .models import Consultation, Paper, PaperAttachment, PaperRelation

        register_query_parameters(*PaperFilterForm.base_fields, *RegisterFilterForm.base_fields, "seite")
        purge_on(Paper, Consultation, PaperAttachment, PaperRelation)
