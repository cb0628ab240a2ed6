from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .models import MeetingResponse


class MeetingResponseForm(forms.ModelForm):
    answer = forms.ChoiceField(label=_("Antwort"), choices=MeetingResponse.Answer.choices, widget=forms.RadioSelect)

    class Meta:
        model = MeetingResponse
        fields = ["answer", "substitute_name"]
        help_texts = {"substitute_name": _("Nur ausfüllen, wenn Sie eine Vertretung schicken.")}

    def clean(self):
        data = super().clean()
        if data.get("answer") == MeetingResponse.Answer.SUBSTITUTE and not data.get("substitute_name", "").strip():
            self.add_error("substitute_name", _("Bitte geben Sie den Namen Ihrer Vertretung an."))
        if data.get("answer") != MeetingResponse.Answer.SUBSTITUTE:
            data["substitute_name"] = ""
        return data


class CalendarFilterForm(forms.Form):
    """The calendar's filters; invalid values are ignored rather than shown as errors."""

    zeit = forms.ChoiceField(
        label=_("Zeitraum"),
        choices=[("kommende", _("Kommende Sitzungen")), ("vergangene", _("Vergangene Sitzungen"))],
        required=False,
    )
    gremium = forms.TypedChoiceField(label=_("Gremium"), coerce=int, required=False, empty_value=None)
    jahr = forms.TypedChoiceField(label=_("Jahr"), coerce=int, required=False, empty_value=None)

    def __init__(self, data, *, bodies, years):
        super().__init__(data)
        self.fields["gremium"].choices = [("", _("Alle Gremien"))] + [(b.pk, b.title) for b in bodies]
        self.fields["jahr"].choices = [("", _("Alle Jahre"))] + [(y, str(y)) for y in years]

    def value(self, name):
        field = self.fields[name]
        try:
            return field.clean(field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name)))
        except ValidationError:
            return None


class ActionItemAdminForm(WagtailAdminModelForm):
    """The agenda item is picked with the agenda item chooser (meetings/wagtail_hooks.py)."""
