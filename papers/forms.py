from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from meetings.models import AgendaItem

from .models import Paper, PaperState

IMPLEMENTATION_CHOICES = [
    ("offen", _("Umsetzung offen")),
    ("ueberfaellig", _("Umsetzung überfällig")),
    ("erledigt", _("umgesetzt")),
    ("ohne", _("ohne Aufgaben")),
]


class FilterForm(forms.Form):
    """Filters of a public list; invalid values are ignored rather than shown as errors."""

    def value(self, name):
        field = self.fields[name]
        try:
            return field.clean(field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name)))
        except ValidationError:
            return None


class PaperFilterForm(FilterForm):
    q = forms.CharField(label=_("Nummer oder Betreff"), required=False, max_length=200)
    art = forms.ChoiceField(label=_("Art"), choices=[("", _("Alle Arten")), *Paper.Kind.choices], required=False)
    stand = forms.ChoiceField(label=_("Stand"), choices=[("", _("Jeder Stand")), *PaperState.choices], required=False)
    gremium = forms.TypedChoiceField(label=_("Gremium"), coerce=int, required=False, empty_value=None)
    jahr = forms.TypedChoiceField(label=_("Jahr"), coerce=int, required=False, empty_value=None)

    def __init__(self, data, *, bodies, years):
        super().__init__(data)
        self.fields["gremium"].choices = [("", _("Alle Gremien"))] + [(b.pk, b.title) for b in bodies]
        self.fields["jahr"].choices = [("", _("Alle Jahre"))] + [(y, str(y)) for y in years]


class RegisterFilterForm(FilterForm):
    gremium = forms.TypedChoiceField(label=_("Gremium"), coerce=int, required=False, empty_value=None)
    jahr = forms.TypedChoiceField(label=_("Jahr"), coerce=int, required=False, empty_value=None)
    ergebnis = forms.ChoiceField(
        label=_("Ergebnis"), choices=[("", _("Jedes Ergebnis")), *AgendaItem.Result.choices], required=False
    )
    umsetzung = forms.ChoiceField(
        label=_("Umsetzung"), choices=[("", _("Jeder Stand")), *IMPLEMENTATION_CHOICES], required=False
    )

    def __init__(self, data, *, bodies, years, with_implementation):
        super().__init__(data)
        self.fields["gremium"].choices = [("", _("Alle Gremien"))] + [(b.pk, b.title) for b in bodies]
        self.fields["jahr"].choices = [("", _("Alle Jahre"))] + [(y, str(y)) for y in years]
        if not with_implementation:
            del self.fields["umsetzung"]
