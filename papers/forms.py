from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings.models import AgendaItem
from portal.access import Audience

from .models import Motion, Paper, PaperState

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


class MotionForm(forms.ModelForm):
    """A member submits an Antrag or Anfrage for one of their Gremien (or revises it)."""

    file = forms.FileField(
        label=_("Anlage"),
        required=False,
        error_messages={"empty": _("Die Datei ist leer. Bitte wählen Sie eine Datei mit Inhalt.")},
    )

    class Meta:
        model = Motion
        fields = ["kind", "body", "organisation", "title", "text", "requested_meeting"]
        widgets = {"text": forms.Textarea(attrs={"rows": 10}), "kind": forms.RadioSelect}
        error_messages = {
            "title": {"required": _("Bitte geben Sie einen Betreff an.")},
            "text": {"required": _("Bitte geben Sie den Text des Antrags oder der Anfrage ein.")},
            "body": {"required": _("Bitte wählen Sie das Gremium.")},
            "organisation": {"required": _("Bitte wählen Sie die Organisation, für die Sie einreichen.")},
        }

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        from documents.validation import upload_hint
        from meetings.models import BodyMembership, BodyPage, MeetingPage
        from portal.models import Organisation

        self.viewer = viewer
        self.fields["kind"].choices = Motion.Kind.choices
        self.fields["body"].queryset = BodyPage.objects.live().filter(pk__in=viewer.body_ids).order_by("title")
        self.fields["body"].empty_label = None
        acting = BodyMembership.objects.active().filter(user=viewer.user).values("organisation_id")
        organisations = Organisation.objects.filter(pk__in=acting, active=True).filter(pk__in=viewer.organisation_ids)
        self.fields["organisation"].queryset = organisations.order_by("name")
        self.fields["organisation"].empty_label = None
        self.fields["requested_meeting"].queryset = (
            MeetingPage.objects.visible_to(viewer)
            .filter(body_id__in=viewer.body_ids)
            .upcoming()
            .exclude(status=MeetingPage.Status.CANCELLED)
            .select_related("body")
        )
        self.fields["requested_meeting"].label_from_instance = lambda m: (
            f"{m.body.display_name}: {m.title} ({timezone.localtime(m.start):%d.%m.%Y})"
        )
        self.fields["requested_meeting"].empty_label = _("– keine bestimmte Sitzung –")
        self.fields["requested_meeting"].help_text = _("In welcher Sitzung soll das Gremium beraten?")
        self.fields["file"].help_text = upload_hint()

    def clean_file(self):
        from django.core.files.uploadedfile import UploadedFile

        from documents.validation import validate_upload

        file = self.cleaned_data.get("file")
        if isinstance(file, UploadedFile):
            validate_upload(file)
        return file

    def clean(self):
        from meetings.models import BodyMembership

        data = super().clean()
        body, organisation, meeting = data.get("body"), data.get("organisation"), data.get("requested_meeting")
        if meeting is not None and body is not None and meeting.body_id != body.pk:
            self.add_error("requested_meeting", _("Diese Sitzung gehört nicht zu dem gewählten Gremium."))
        if body is not None and organisation is not None:
            acting = BodyMembership.objects.active().filter(user=self.viewer.user, body=body, organisation=organisation)
            if not acting.exists():
                self.add_error(
                    "organisation",
                    _("Sie gehören dem Gremium „%(body)s“ nicht für diese Organisation an.") % {"body": body.title},
                )
        return data

    def save_attachment(self, motion):
        """The uploaded file as a library document for the Gremium's members (or None)."""
        from documents.models import PortalDocument
        from portal.access import Audience

        file = self.cleaned_data.get("file")
        if not file:
            return None
        document = PortalDocument(
            title=f"Anlage: {motion.title}"[:255],
            file=file,
            audience=Audience.BODY,
            organisation=motion.organisation,
            kind=PortalDocument.Kind.ATTACHMENT,
            uploaded_by_user=self.viewer.user,
        )
        document._set_document_file_metadata()
        document.save()
        document.bodies.set([motion.body])
        return document


class TriageForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Entscheidung"),
        widget=forms.RadioSelect,
        choices=[
            ("accept", _("Als Vorlage annehmen (mit Nummer)")),
            ("changes", _("Änderungen erbitten")),
            ("reject", _("Ablehnen")),
        ],
    )
    audience = forms.ChoiceField(
        label=_("Zielgruppe der Vorlage"),
        choices=Audience.choices,
        initial=Audience.MEMBERS,
        required=False,
        help_text=_("Nur beim Annehmen: wer die Vorlage lesen darf."),
    )
    message = forms.CharField(
        label=_("Nachricht an die Einreichenden"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Beim Erbitten von Änderungen und beim Ablehnen erforderlich."),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") in ("changes", "reject") and not data.get("message", "").strip():
            self.add_error("message", _("Bitte begründen Sie die Entscheidung für die Einreichenden."))
        if data.get("decision") == "accept" and not data.get("audience"):
            self.add_error("audience", _("Bitte wählen Sie, wer die Vorlage lesen darf."))
        return data
