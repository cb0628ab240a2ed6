from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.documents.models import AbstractDocument, Document, DocumentQuerySet

from portal.access import Audience, AudienceQuerySetMixin


class PortalDocumentQuerySet(AudienceQuerySetMixin, DocumentQuerySet):
    pass


class PortalDocument(AbstractDocument):
    """A document with an audience; served only through the access-checked serve view."""

    class Kind(models.TextChoices):
        MINUTES = "minutes", _("Niederschrift")
        ATTACHMENT = "attachment", _("Anlage")
        CONCEPT = "concept", _("Konzept")
        CONTRACT = "contract", _("Vertrag")
        REPORT = "report", _("Bericht")
        PRESENTATION = "presentation", _("Präsentation")
        OTHER = "other", _("Sonstiges")

    audience = models.CharField(_("Zielgruppe"), max_length=20, choices=Audience.choices, default=Audience.STAFF)
    organisation = models.ForeignKey(
        "portal.Organisation",
        verbose_name=_("Organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    bodies = models.ManyToManyField("meetings.BodyPage", verbose_name=_("Gremien"), blank=True, related_name="+")
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    description = models.TextField(_("Beschreibung"), blank=True)
    published_date = models.DateField(_("Veröffentlicht am"), null=True, blank=True)
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("ersetzt Version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="superseded_by",
    )
    extracted_text = models.TextField(blank=True, editable=False)
    sha512 = models.CharField(max_length=128, blank=True, editable=False)

    audience_organisation_field = "organisation"
    audience_bodies_field = "bodies"

    objects = PortalDocumentQuerySet.as_manager()

    admin_form_fields = Document.admin_form_fields + (
        "audience",
        "organisation",
        "bodies",
        "kind",
        "description",
        "published_date",
    )

    class Meta(AbstractDocument.Meta):
        verbose_name = _("Dokument")
        verbose_name_plural = _("Dokumente")
