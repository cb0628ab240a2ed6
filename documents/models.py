from django.core.files.base import ContentFile
from django.db import models
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.documents.models import AbstractDocument, Document, DocumentQuerySet
from wagtail.models import Page
from wagtail.search import index

from portal.access import Audience, AudienceQuerySetMixin, PortalPage


class PortalDocumentQuerySet(AudienceQuerySetMixin, DocumentQuerySet):
    def current(self):
        """Only the newest version of each document (those no later version supersedes).

        Written as ``pk NOT IN (...)`` so it also works on search querysets, which accept
        filters on indexed fields only.
        """
        superseded = PortalDocument._base_manager.filter(supersedes__isnull=False).values("supersedes_id")
        return self.exclude(pk__in=superseded)

    def create_from_bytes(self, title, content, filename, *, bodies=(), **fields):
        """A document made in code (demo data, tests): the file from ``content`` under
        ``filename``, its size and hash set, saved (text extraction follows), its Gremien set."""
        document = self.model(title=title, file=ContentFile(content, name=filename), **fields)
        document._set_document_file_metadata()
        document.save()
        if bodies:
            document.bodies.set(bodies)
        return document


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
    version = models.PositiveIntegerField(_("Version"), default=1, editable=False)
    extracted_text = models.TextField(blank=True, editable=False)
    sha512 = models.CharField(max_length=128, blank=True, editable=False)

    audience_organisation_field = "organisation"
    audience_bodies_field = "bodies"

    objects = PortalDocumentQuerySet.as_manager()

    search_fields = AbstractDocument.search_fields + [
        index.SearchField("description", boost=2),
        index.SearchField("extracted_text"),
        index.FilterField("audience"),
        index.FilterField("organisation"),
        index.FilterField("kind"),
        index.FilterField("published_date"),
    ]

    admin_form_fields = Document.admin_form_fields + (
        "audience",
        "organisation",
        "bodies",
        "kind",
        "description",
        "published_date",
        "supersedes",
    )

    class Meta(AbstractDocument.Meta):
        verbose_name = _("Dokument")
        verbose_name_plural = _("Dokumente")
        indexes = [
            # the library's default order (newest first), walked until a page is full
            models.Index(fields=["-published_date", "-id"], name="document_newest_first"),
            # the access filter, answered from the index alone (counts of what a viewer may see)
            models.Index(fields=["audience", "organisation", "id"], name="document_audience"),
            # the search backend joins its index entries on id::varchar(50): with this index
            # PostgreSQL ranks the hits first and fetches only the documents it shows
            models.Index(Cast("id", models.CharField(max_length=50)), name="document_id_text"),
        ]

    def clean(self):
        # The upload validators (documents.validation) check the file itself; Wagtail's own
        # extension check would only repeat a message for a file the form already refused.
        if self.file:
            super().clean()

    def save(self, *args, **kwargs):
        if self.published_date is None:
            self.published_date = timezone.localdate()
        if self.supersedes_id and self.version <= 1:
            self.version = PortalDocument._base_manager.get(pk=self.supersedes_id).version + 1
        if self.file_size is None and self.file:
            # Wagtail sets the size only in its own forms; files saved in code would show "0 Bytes".
            self.file_size = self.file.size
        super().save(*args, **kwargs)

    @property
    def file_type(self):
        return self.file_extension.upper()

    def newer_versions(self):
        """Later versions, oldest first (follows the ``superseded_by`` chain)."""
        versions, seen = [], {self.pk}
        successor = PortalDocument._base_manager.filter(supersedes_id=self.pk).first()
        while successor is not None and successor.pk not in seen:
            versions.append(successor)
            seen.add(successor.pk)
            successor = PortalDocument._base_manager.filter(supersedes_id=successor.pk).first()
        return versions

    def older_versions(self):
        """Earlier versions, newest first."""
        versions, seen = [], {self.pk}
        previous = self.supersedes
        while previous is not None and previous.pk not in seen:
            versions.append(previous)
            seen.add(previous.pk)
            previous = previous.supersedes
        return versions


class DocumentLibraryPage(PortalPage):
    """The document library: lists and searches the documents the viewer may see."""

    intro = models.TextField(_("Einleitung"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("Dokumentenbibliothek")

    def get_template(self, request, *args, **kwargs):
        return "documents/document_library_page.html"
