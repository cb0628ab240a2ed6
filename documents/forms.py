"""Upload forms: the members' form and the base of the Wagtail admin's document forms.

Both run the same file checks (``documents.validation.validate_upload``) and the same rules
for audiences, so a file refused in one place is refused everywhere.
"""

import os

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.documents.forms import BaseDocumentForm
from wagtail.documents.widgets import AdminDocumentChooser

from portal.access import Audience
from portal.models import Organisation

from .models import PortalDocument
from .validation import upload_hint, validate_upload

EMPTY_FILE = gettext_lazy("Die Datei ist leer. Bitte wählen Sie eine Datei mit Inhalt.")


def grantable_audiences(viewer) -> list[str]:
    """The audiences a viewer may give a document: staff all; members their organisation,
    their bodies and all members; only staff publish for everyone or for staff only."""
    if viewer.is_staff:
        return list(Audience.values)
    audiences = [Audience.ORGANISATION, Audience.MEMBERS]
    if viewer.body_ids:
        audiences.insert(1, Audience.BODY)
    return audiences


def upload_organisations(viewer):
    organisations = Organisation.objects.filter(active=True)
    if viewer.is_staff:
        return organisations
    return organisations.filter(pk__in=viewer.organisation_ids)


# Apps register ``fn(document) -> bool``: True when the document is theirs to guard and only staff
# may replace it (contracts: contract documents and the files of reports).
VERSIONS_LOCKED_HOOK = "documents_versions_locked"


def versions_locked(document) -> bool:
    """Whether only staff may add a version: contract documents, and whatever an app claims
    for any version of the document (a changed report is a resubmission staff review)."""
    chain = [document, *document.older_versions()]
    if any(d.kind == PortalDocument.Kind.CONTRACT for d in chain):
        return True
    return any(locked(d) for d in chain for locked in hooks.get_hooks(VERSIONS_LOCKED_HOOK))


def may_add_version(viewer, document) -> bool:
    """Staff; members only for documents their organisation owns and no app locks."""
    if viewer.is_staff:
        return True
    owner = document.organisation_id
    return owner is not None and owner in viewer.organisation_ids and not versions_locked(document)


class DocumentRulesMixin:
    """File checks and audience consistency shared by the members' and the admin form."""

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if isinstance(file, UploadedFile):
            validate_upload(file)
        return file

    def clean(self):
        cleaned = super().clean()
        audience = cleaned.get("audience")
        if audience == Audience.ORGANISATION and not cleaned.get("organisation") and "organisation" in self.fields:
            self.add_error("organisation", _("Bitte wählen Sie die Organisation, die das Dokument sehen darf."))
        if audience == Audience.BODY and "bodies" in self.fields and not cleaned.get("bodies"):
            self.add_error("bodies", _("Bitte wählen Sie mindestens ein Gremium, das das Dokument sehen darf."))
        return cleaned


class PortalDocumentAdminForm(DocumentRulesMixin, BaseDocumentForm):
    """Base of every document form in the Wagtail admin (``WAGTAILDOCS_DOCUMENT_FORM_BASE``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            self.fields["file"].error_messages["empty"] = EMPTY_FILE
        if "supersedes" in self.fields:
            field = self.fields["supersedes"]
            field.queryset = PortalDocument.objects.current().exclude(pk=self.instance.pk).order_by("title")
            # A select would list the whole library (megabytes of HTML at 20,000 documents);
            # the chooser renders only the chosen document and searches the rest.
            field.widget = AdminDocumentChooser()
            field.help_text = _("Wählen Sie das Dokument, das diese Datei als neue Version ersetzt.")

    class Meta(BaseDocumentForm.Meta):
        pass


class DocumentUploadForm(DocumentRulesMixin, forms.ModelForm):
    """Members upload for their organisation, with an audience they may grant."""

    file = forms.FileField(
        label=gettext_lazy("Datei"),
        error_messages={
            "required": gettext_lazy("Bitte wählen Sie eine Datei aus."),
            "empty": EMPTY_FILE,
        },
    )

    class Meta:
        model = PortalDocument
        fields = ["file", "title", "description", "kind", "organisation", "audience", "bodies", "published_date"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "published_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, viewer, previous=None, **kwargs):
        self.viewer = viewer
        self.previous = previous
        if previous is not None and not kwargs.get("initial"):
            kwargs["initial"] = {
                "title": previous.title,
                "description": previous.description,
                "kind": previous.kind,
                "audience": previous.audience,
                "bodies": list(previous.bodies.values_list("pk", flat=True)),
            }
        super().__init__(*args, **kwargs)
        fields = self.fields
        fields["title"].required = False
        fields["title"].help_text = _("Ohne Angabe wird der Dateiname verwendet.")
        fields["file"].help_text = upload_hint()
        audiences = grantable_audiences(viewer)
        fields["audience"].choices = [(value, label) for value, label in Audience.choices if value in audiences]
        fields["audience"].initial = fields["audience"].initial or Audience.ORGANISATION
        if previous is not None:
            # A new version belongs to the organisation of the document it replaces.
            del fields["organisation"]
        else:
            organisations = upload_organisations(viewer)
            fields["organisation"].queryset = organisations
            fields["organisation"].required = not viewer.is_staff
            fields["organisation"].empty_label = _("– keine –") if viewer.is_staff else None
        bodies = PortalDocument.bodies.field.related_model.objects  # the Gremien (meetings' pages)
        if viewer.is_staff:
            fields["bodies"].queryset = bodies.live().order_by("title")
        elif viewer.body_ids:
            fields["bodies"].queryset = bodies.live().filter(pk__in=viewer.body_ids).order_by("title")
        else:
            del fields["bodies"]
        if "bodies" in fields:
            fields["bodies"].help_text = _("Nur nötig, wenn die Zielgruppe bestimmte Gremien sind.")
        fields["published_date"].help_text = _("Ohne Angabe gilt das heutige Datum.")

    def clean(self):
        cleaned = super().clean()
        if self.previous is not None and PortalDocument.objects.filter(supersedes=self.previous).exists():
            raise ValidationError(_("Zu diesem Dokument gibt es inzwischen eine neuere Version."))
        return cleaned

    def save(self, commit=True):
        document = super().save(commit=False)
        file = self.cleaned_data["file"]
        if not document.title:
            document.title = os.path.splitext(os.path.basename(file.name))[0][:255]
        if self.previous is not None:
            document.supersedes = self.previous
            document.organisation = self.previous.organisation
            document.collection_id = self.previous.collection_id
        if document.audience != Audience.BODY:
            self.cleaned_data["bodies"] = []
        document.uploaded_by_user = self.viewer.user
        document._set_document_file_metadata()
        if commit:
            document.save()
            self.save_m2m()
        return document
