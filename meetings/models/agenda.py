from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, MultipleChooserPanel
from wagtail.models import Orderable
from wagtail.search import index

from .memberships import BodyMembership
from .pages import MeetingPage
from .querysets import AgendaItemQuerySet

NEUTRAL_TITLE = _("Nicht öffentlicher Tagesordnungspunkt")


class AgendaItem(index.Indexed, Orderable, ClusterableModel):
    """A Tagesordnungspunkt (TOP). Its number follows the order of the agenda."""

    class Result(models.TextChoices):
        ADOPTED = "adopted", _("beschlossen")
        REJECTED = "rejected", _("abgelehnt")
        NOTED = "noted", _("zur Kenntnis genommen")
        POSTPONED = "postponed", _("vertagt")

    meeting = ParentalKey(MeetingPage, on_delete=models.CASCADE, related_name="agenda_items")
    title = models.CharField(_("Titel"), max_length=255)
    public = models.BooleanField(_("öffentlich"), default=True)
    public_title = models.CharField(
        _("Öffentlicher Titel"),
        max_length=255,
        blank=True,
        help_text=_(
            "Nur für nicht öffentliche Punkte: was die Öffentlichkeit statt des Titels sieht. "
            "Leer lassen für „Nicht öffentlicher Tagesordnungspunkt“."
        ),
    )
    description = models.TextField(_("Beschreibung"), blank=True)
    presenter = models.CharField(_("Berichterstattung"), max_length=200, blank=True)
    # Read-only view of ``attachment_links`` (the editor sets them through that relation, with
    # the document chooser); readers use ``attachments`` as an ordinary many-to-many.
    attachments = models.ManyToManyField(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        through="AgendaItemAttachment",
        verbose_name=_("Anlagen"),
        blank=True,
        related_name="agenda_items",
    )
    minutes = models.TextField(_("Zusammenfassung des Diskussionsergebnisses"), blank=True)
    decision = models.TextField(_("Beschluss"), blank=True)
    result = models.CharField(_("Ergebnis"), max_length=20, choices=Result.choices, blank=True)
    votes_for = models.PositiveSmallIntegerField(_("Ja-Stimmen"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("Nein-Stimmen"), null=True, blank=True)
    votes_abstained = models.PositiveSmallIntegerField(_("Enthaltungen"), null=True, blank=True)
    # Recusal (Befangenheit, § 31 GO NRW): read-only views of the links the editor sets with the
    # choosers. The excluded read the item as the public does (portal.access, full_access_q).
    excluded_organisations = models.ManyToManyField(
        "portal.Organisation",
        through="AgendaItemExcludedOrganisation",
        verbose_name=_("ausgeschlossene Organisationen"),
        blank=True,
        related_name="+",
    )
    excluded_people = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="AgendaItemExcludedPerson",
        verbose_name=_("ausgeschlossene Personen"),
        blank=True,
        related_name="+",
    )

    objects = AgendaItemQuerySet.as_manager()

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("public"), FieldPanel("public_title")]),
        FieldPanel("description"),
        FieldPanel("presenter"),
        MultipleChooserPanel(
            "attachment_links", chooser_field_name="document", heading=_("Anlagen"), label=_("Anlage")
        ),
        MultiFieldPanel(
            [
                MultipleChooserPanel(
                    "excluded_organisation_links",
                    chooser_field_name="organisation",
                    heading=_("Ausgeschlossene Organisationen"),
                    label=_("Organisation"),
                ),
                MultipleChooserPanel(
                    "excluded_person_links",
                    chooser_field_name="person",
                    heading=_("Ausgeschlossene Personen"),
                    label=_("Person"),
                ),
            ],
            heading=_("Befangenheit (§ 31 GO NRW)"),
            help_text=_(
                "Wer hier steht, sieht diesen nicht öffentlichen Punkt nur wie die Öffentlichkeit: Nummer und "
                "öffentlicher Titel – auf der Sitzungsseite, in Niederschrift, Auszug, Suche, Kalender und "
                "E-Mails. Städtische Beschäftigte sind nur ausgeschlossen, wenn sie als Person genannt sind."
            ),
        ),
    ]
    # The minutes fields and who left the room (``departures``) hold the latest approved version
    # of the minutes (meetings.Minutes writes them); editors of the agenda never edit them here.

    search_fields = [
        index.SearchField("title"),
        index.SearchField("description"),
        index.SearchField("final_minutes_text"),
        index.FilterField("public"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("Tagesordnungspunkt")
        verbose_name_plural = _("Tagesordnungspunkte")

    def __str__(self):
        return f"TOP {self.number}: {self.title}"

    @property
    def number(self):
        return (self.sort_order or 0) + 1

    @property
    def redacted_title(self):
        """What those who may not read the item see of it (with its number): its public title."""
        return self.public_title or str(NEUTRAL_TITLE)

    @property
    def has_minutes(self):
        return bool(self.minutes or self.decision or self.result)

    def final_minutes_text(self):
        """The minutes texts the index may hold: only final ones (a draft in its objection period
        is for the Gremium's members; the index answers everyone who may read the item)."""
        if not self.meeting_id or not self.meeting.minutes_are_public:
            return ""
        return "\n".join(filter(None, [self.minutes, self.decision]))

    def set_attachments(self, documents):
        """Attach ``documents`` in this order (also to an item not saved yet, as in a draft)."""
        self.attachment_links = [
            AgendaItemAttachment(document=document, sort_order=n) for n, document in enumerate(documents)
        ]

    def attached_documents(self):
        """The attached documents of this version of the item (a draft's, in a preview)."""
        return [link.document for link in self.attachment_links.all()]


class AgendaItemAttachment(Orderable):
    """A document attached to an agenda item (Anlage), chosen with the document chooser."""

    agenda_item = ParentalKey(AgendaItem, on_delete=models.CASCADE, related_name="attachment_links")
    document = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL, verbose_name=_("Dokument"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("document")]

    class Meta(Orderable.Meta):
        verbose_name = _("Anlage")
        verbose_name_plural = _("Anlagen")

    def __str__(self):
        return str(self.document)


class AgendaItemExcludedOrganisation(Orderable):
    """An organisation recused from an agenda item (befangen): its members read it as the public."""

    agenda_item = ParentalKey(AgendaItem, on_delete=models.CASCADE, related_name="excluded_organisation_links")
    organisation = models.ForeignKey(
        "portal.Organisation", verbose_name=_("Organisation"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("organisation")]

    class Meta(Orderable.Meta):
        verbose_name = _("ausgeschlossene Organisation")
        verbose_name_plural = _("ausgeschlossene Organisationen")

    def __str__(self):
        return str(self.organisation)


class AgendaItemExcludedPerson(Orderable):
    """A person recused from an agenda item (befangen), also city staff: they read it as the public."""

    agenda_item = ParentalKey(AgendaItem, on_delete=models.CASCADE, related_name="excluded_person_links")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Person"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("person")]

    class Meta(Orderable.Meta):
        verbose_name = _("ausgeschlossene Person")
        verbose_name_plural = _("ausgeschlossene Personen")

    def __str__(self):
        return str(self.person)


class AgendaItemDeparture(Orderable):
    """For the minutes: someone left the room for this item because of a conflict of interest
    ("hat wegen Befangenheit den Raum verlassen"). The published copy of the approved minutes
    (``MinutesAttendance.left_for``, written by ``meetings.minutes.minutes_published``), not
    part of the meeting page's revisions."""

    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="departures")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    name = models.CharField(_("Name (ohne Konto)"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        "portal.Organisation",
        verbose_name=_("Organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta(Orderable.Meta):
        verbose_name = _("Verlassen des Raums wegen Befangenheit")
        verbose_name_plural = _("Verlassen des Raums wegen Befangenheit")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        name = str(self.person) if self.person_id else self.name
        return f"{name} ({self.organisation.display_name})" if self.organisation_id else name


class AttendanceFields(models.Model):
    """Who took part in a meeting, and how: a row of the attendance list (Anwesenheit)."""

    class Status(models.TextChoices):
        PRESENT = "present", _("anwesend")
        EXCUSED = "excused", _("entschuldigt")
        ABSENT = "absent", _("abwesend")
        SUBSTITUTE = "substitute", _("in Vertretung")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    name = models.CharField(_("Name (ohne Konto)"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        "portal.Organisation", verbose_name=_("Organisation"), null=True, blank=True, on_delete=models.SET_NULL
    )
    role = models.CharField(_("Rolle"), max_length=20, choices=BodyMembership.Role.choices, blank=True)
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices, default=Status.PRESENT)
    substitute_for = models.CharField(_("in Vertretung für"), max_length=200, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("person"), FieldPanel("name")]),
        FieldRowPanel([FieldPanel("organisation"), FieldPanel("role")]),
        FieldRowPanel([FieldPanel("status"), FieldPanel("substitute_for")]),
    ]

    class Meta:
        abstract = True

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        if self.person_id:
            return str(self.person)
        return self.name

    def clean(self):
        if not self.person_id and not self.name:
            raise ValidationError({"name": _("Bitte wählen Sie eine Person oder geben Sie einen Namen an.")})
        if self.status == self.Status.SUBSTITUTE and not self.substitute_for:
            raise ValidationError({"substitute_for": _("Bitte geben Sie an, wen die Person vertritt.")})


class Attendance(AttendanceFields, Orderable):
    """The attendance of a meeting as the approved minutes have it: the published copy every read
    path shows (full minutes, signatures). Edited in the minutes (``MinutesAttendance``), written
    here when an approved version is published; not part of the meeting page's revisions."""

    meeting = models.ForeignKey(MeetingPage, on_delete=models.CASCADE, related_name="attendances")

    class Meta(Orderable.Meta):
        verbose_name = _("Teilnahme")
        verbose_name_plural = _("Anwesenheit")
