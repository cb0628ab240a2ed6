from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from . import seats
from .models import AgendaItem, BodyMembership, BodySeat, MeetingResponse, too_many_votes, voters_present


class MeetingResponseForm(forms.ModelForm):
    answer = forms.ChoiceField(
        label=_("Nehmen Sie an der Sitzung teil?"), choices=MeetingResponse.Answer.choices, widget=forms.RadioSelect
    )

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


class ObjectionForm(forms.Form):
    """A Gremium member's objection to one item of the draft minutes."""

    agenda_item = forms.TypedChoiceField(
        label=_("Tagesordnungspunkt"),
        coerce=int,
        error_messages={
            "required": _("Bitte wählen Sie den Tagesordnungspunkt, zu dem Sie eine Einwendung erheben."),
            "invalid_choice": _("Bitte wählen Sie einen Tagesordnungspunkt dieser Sitzung."),
        },
    )
    text = forms.CharField(
        label=_("Ihre Einwendung"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        help_text=_("Was soll in der Niederschrift anders stehen, und warum?"),
        error_messages={
            "required": _("Bitte schreiben Sie Ihre Einwendung."),
            "max_length": _("Bitte fassen Sie sich kürzer (höchstens %(limit_value)d Zeichen)."),
        },
    )

    def __init__(self, *args, entries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].choices = [("", _("Bitte wählen"))] + [
            (e.pk, f"TOP {e.number}: {e.title}") for e in entries if not e.redacted
        ]

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise ValidationError(_("Bitte schreiben Sie Ihre Einwendung."))
        return text


class CalendarFilterForm(forms.Form):
    """The calendar's filters; invalid values are ignored rather than shown as errors."""

    zeit = forms.ChoiceField(
        label=_("Zeitraum"),
        choices=[("kommende", _("Kommende Sitzungen")), ("vergangene", _("Vergangene Sitzungen"))],
        required=False,
    )
    gremium = forms.TypedChoiceField(label=_("Gremium"), coerce=int, required=False, empty_value=None)
    jahr = forms.TypedChoiceField(label=_("Jahr"), coerce=int, required=False, empty_value=None)
    # the month view: ?monat=2026-11
    monat = forms.DateField(label=_("Monat"), required=False, input_formats=["%Y-%m"])

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


VOTE_FIELDS = ("votes_for", "votes_against", "votes_abstained")


class MinutesForm(WagtailAdminModelForm):
    """One version of the minutes: its attendance and its entries. Who left the room is chosen
    among the meeting's agenda items; an item's votes are at most the voting members present for
    it in the attendance as submitted with them (not the attendance published before)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        attendances = self.formsets.get("attendances")
        if attendances is not None:
            items = AgendaItem.objects.filter(meeting_id=self.instance.meeting_id).order_by("sort_order", "pk")
            attendances.form = _leaving_among(attendances.form, items)

    def clean(self):
        cleaned = super().clean()
        attendances, entries = self.formsets.get("attendances"), self.formsets.get("entries")
        if attendances is None or entries is None:
            return cleaned
        rows = [
            {
                "person_id": data["person"].pk if data.get("person") else None,
                "name": data.get("name", ""),
                "role": data.get("role", ""),
                "status": data.get("status", ""),
                "left_for": {item.pk for item in data.get("left_for") or ()},
            }
            for data in _kept(attendances)
        ]
        for form in entries.forms:
            data = form.cleaned_data if form.is_valid() else {}
            item = data.get("agenda_item")
            votes = sum(data.get(name) or 0 for name in VOTE_FIELDS)
            if item is None or not votes or data.get("DELETE"):
                continue
            error = too_many_votes(votes, voters_present(rows, item.pk))
            if error:
                form.add_error("votes_for", error)
        return cleaned


def _kept(formset):
    """The cleaned data of the valid forms of ``formset`` that are not deleted."""
    return [form.cleaned_data for form in formset.forms if form.is_valid() and not form.cleaned_data.get("DELETE")]


def _leaving_among(form_class, items):
    """``form_class`` (an attendance row) offering only ``items`` to have left the room for."""

    class AttendanceForm(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["left_for"].queryset = items

    return AttendanceForm


class BodySeatForm(forms.Form):
    """An organisation admin puts a colleague into a body the organisation has a free seat in."""

    seat = forms.ModelChoiceField(label=_("Gremium"), queryset=None)
    person = forms.ModelChoiceField(label=_("Person"), queryset=None)
    role = forms.ChoiceField(label=_("Rolle"), choices=[(r.value, r.label) for r in seats.ROLES])

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seat"].queryset = (
            BodySeat.objects.filter(organisation=organisation, seats__gt=0, body__live=True)
            .select_related("body")
            .order_by("body__title")
        )
        self.fields["seat"].label_from_instance = lambda seat: seat.body.title
        self.fields["person"].queryset = get_user_model().objects.filter(
            pk__in=seats.colleagues(organisation).values("user_id")
        )
        self.fields["person"].label_from_instance = lambda user: f"{user} ({user.email})"

    def clean(self):
        data = super().clean()
        seat, person = data.get("seat"), data.get("person")
        if seat and person:
            if BodyMembership.objects.active().filter(body=seat.body, user=person).exists():
                self.add_error(
                    "person",
                    _("%(name)s gehört dem Gremium „%(body)s“ bereits an.") % {"name": person, "body": seat.body},
                )
            elif seats.free_seats(seat) <= 0:
                self.add_error(
                    "seat",
                    _(
                        "Alle Sitze Ihrer Organisation im Gremium „%(body)s“ sind besetzt. "
                        "Beenden Sie zuerst eine Mitgliedschaft oder wenden Sie sich an den Fachbereich 56."
                    )
                    % {"body": seat.body},
                )
        return data
