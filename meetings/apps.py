from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Sitzungen")

    def ready(self):
        from portal.pagecache import purge_on, register_query_parameters

        from . import signals  # noqa: F401
        from .forms import CalendarFilterForm
        from .models import ActionItem, AgendaItem, Attendance, BodyMembership, Minutes, Objection, Place

        register_query_parameters(*CalendarFilterForm.base_fields, "seite")
        purge_on(AgendaItem, ActionItem, Attendance, BodyMembership, Minutes, Objection, Place)
