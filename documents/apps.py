from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Dokumente")

    def ready(self):
        from portal.pagecache import purge_on, register_query_parameters

        from . import signals  # noqa: F401
        from .library import LibraryFilterForm
        from .models import PortalDocument

        register_query_parameters(*LibraryFilterForm.base_fields, "seite")
        purge_on(PortalDocument, PortalDocument.bodies.through)
