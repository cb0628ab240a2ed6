"""The admin's date and time pickers, with German formats and without replacing what was typed.

Wagtail's picker (jQuery datetimepicker) checks the field when it loses focus and, by default,
replaces a value it cannot read in its own format with the current date and time: a German date
typed into an ISO-formatted field became "now" without a word. Here the picker shows and writes
the German format (``WAGTAIL_DATE_FORMAT`` and ``WAGTAIL_DATETIME_FORMAT`` in the settings) and
leaves whatever was typed in the field; the server reads every German and ISO form
(``portal/formats``) and answers anything else with an error beside the field, the typed text
kept.
"""

from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput, AdminTimeInput

KEEP_TYPED_TEXT = {"validateOnBlur": False}


class PortalDateInput(AdminDateInput):
    def get_config(self):
        return {**super().get_config(), **KEEP_TYPED_TEXT}


class PortalDateTimeInput(AdminDateTimeInput):
    def get_config(self):
        return {**super().get_config(), **KEEP_TYPED_TEXT}


class PortalTimeInput(AdminTimeInput):
    def get_config(self):
        return {**super().get_config(), **KEEP_TYPED_TEXT}


def register_admin_date_widgets():
    """Every date, time and date-time field of the admin's model forms (pages, snippets) gets them."""
    from django.db import models
    from wagtail.admin.forms.models import register_form_field_override

    register_form_field_override(models.DateField, override={"widget": PortalDateInput})
    register_form_field_override(models.TimeField, override={"widget": PortalTimeInput})
    register_form_field_override(models.DateTimeField, override={"widget": PortalDateTimeInput})
