from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Dokumente")

    def ready(self):
        from portal.pagecache import register_query_parameters

        from . import signals  # noqa: F401
        from .library import LibraryFilterForm

        register_query_parameters(*LibraryFilterForm.base_fields, "page")
