"""Papers (Vorlagen/Drucksachen), their consultation path (Beratungsfolge) and their relations.

A paper has an audience like every content of the portal (``Viewer.filter_for``): its
organisation is the originating member organisation, its Gremien are those of its consultation
path. Decisions are not copied: a consultation points at the agenda item the paper was put on,
and the item's decision and result (as the meeting's published minutes have them) are the
paper's history, read through the access rule of agenda items.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Case, CharField, Exists, F, OuterRef, Q, Subquery, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, MultipleChooserPanel
from wagtail.models import Orderable
from wagtail.search import index

from meetings.models import AgendaItem
from portal.access import Audience, AudienceQuerySetMixin, Viewer

NEUTRAL_PAPER_TITLE = _("Nicht öffentliche Vorlage")


class PaperCounter(models.Model):
    """The last number given to a paper of a year. Numbers are never given twice, also not
    after a paper was deleted: the counter only ever goes up."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("Vorlagennummer")
        verbose_name_plural = _("Vorlagennummern")

    def __str__(self):
        return f"{self.year}: {self.last}"


def next_serial(year: int) -> int:
    """The next number of ``year``, inside the caller's transaction: the UPDATE locks the
    counter's row until the transaction ends, so two papers saved at once get two numbers."""
    with transaction.atomic():
        if not PaperCounter.objects.filter(year=year).update(last=F("last") + 1):
            try:
                with transaction.atomic():
                    PaperCounter.objects.create(year=year, last=1)
            except IntegrityError:  # created meanwhile by a concurrent transaction
                PaperCounter.objects.filter(year=year).update(last=F("last") + 1)
        return PaperCounter.objects.get(year=year).last


class PaperState(models.TextChoices):
    IN_CONSULTATION = "in_consultation", _("in Beratung")
    ADOPTED = "adopted", _("beschlossen")
    REJECTED = "rejected", _("abgelehnt")
    WITHDRAWN = "withdrawn", _("zurückgezogen")
    DONE = "done", _("erledigt")


class PaperQuerySet(AudienceQuerySetMixin, models.QuerySet):
    def with_state(self, viewer: Viewer):
        """Annotate ``state``: withdrawn or closed by staff, else what the last decisive
        consultation the viewer may read says (a result the viewer may not read is not used:
        the paper stays "in Beratung" for them)."""
        readable = AgendaItem.objects.minutes_readable_by(viewer).values("pk")
        decisive = (
            Consultation.objects.filter(paper=OuterRef("pk"), agenda_item__in=readable)
            .filter(
                Q(role=Consultation.Role.DECISION, agenda_item__result__in=["adopted", "rejected", "noted"])
                | Q(role=Consultation.Role.NOTICE, agenda_item__result="noted")
            )
            .order_by("-sort_order", "-pk")
            .values("agenda_item__result")[:1]
        )
        return self.annotate(
            decided=Subquery(decisive),
            state=Case(
                When(closure=Paper.Closure.WITHDRAWN, then=Value(PaperState.WITHDRAWN)),
                When(closure=Paper.Closure.DONE, then=Value(PaperState.DONE)),
                When(decided="adopted", then=Value(PaperState.ADOPTED)),
                When(decided="rejected", then=Value(PaperState.REJECTED)),
                When(decided="noted", then=Value(PaperState.DONE)),
                default=Value(PaperState.IN_CONSULTATION),
                output_field=CharField(),
            ),
        )

    def newest_first(self):
        return self.order_by("-date", "-year", "-serial")


class Paper(index.Indexed, ClusterableModel):
    """A Vorlage: the numbered text a Gremium takes its decision on."""

    class Kind(models.TextChoices):
        DECISION = "beschlussvorlage", _("Beschlussvorlage")
        INFORMATION = "mitteilungsvorlage", _("Mitteilungsvorlage")
        MOTION = "antrag", _("Antrag")
        QUESTION = "anfrage", _("Anfrage")
        STATEMENT = "stellungnahme", _("Stellungnahme")
        REPORT = "bericht", _("Bericht")

    class Closure(models.TextChoices):
        WITHDRAWN = "withdrawn", _("zurückgezogen")
        DONE = "done", _("erledigt")

    year = models.PositiveSmallIntegerField(_("Jahr"), editable=False)
    serial = models.PositiveIntegerField(_("laufende Nummer"), editable=False)
    kind = models.CharField(_("Art"), max_length=30, choices=Kind.choices, default=Kind.DECISION)
    title = models.CharField(_("Betreff"), max_length=255)
    date = models.DateField(_("Datum"), default=timezone.localdate)
    originator_unit = models.CharField(
        _("Einreicher (Dienststelle)"),
        max_length=200,
        blank=True,
        help_text=_("Zum Beispiel „Fachbereich 56 – Integration, Zuwanderung und Wohnraumsicherung“."),
    )
    originator_organisation = models.ForeignKey(
        "portal.Organisation",
        verbose_name=_("Einreicher (Organisation)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="papers",
        help_text=_("Bei Anträgen und Anfragen aus der Freien Wohlfahrtspflege."),
    )
    audience = models.CharField(_("Zielgruppe"), max_length=20, choices=Audience.choices, default=Audience.PUBLIC)
    text = models.TextField(_("Sachverhalt / Text"), blank=True)
    proposal = models.TextField(_("Beschlussvorschlag"), blank=True)
    main_file = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        verbose_name=_("Hauptdokument"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    attachments = models.ManyToManyField(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        through="PaperAttachment",
        verbose_name=_("Anlagen"),
        blank=True,
        related_name="papers",
    )
    answer = models.TextField(
        _("Antwort der Verwaltung"), blank=True, help_text=_("Bei Anfragen: die Antwort, die die Vorlage erledigt.")
    )
    closure = models.CharField(
        _("Abgeschlossen als"),
        max_length=20,
        choices=Closure.choices,
        blank=True,
        help_text=_("Nur wenn die Vorlage ohne Beschluss endet; sonst folgt der Stand aus der Beratungsfolge."),
    )
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert"), auto_now=True)

    audience_organisation_field = "originator_organisation"
    audience_bodies_field = "consultations__body"

    objects = PaperQuerySet.as_manager()

    search_fields = [
        index.SearchField("number"),
        index.SearchField("title"),
        index.SearchField("text"),
        index.SearchField("proposal"),
        index.SearchField("answer"),
        index.FilterField("audience"),
    ]

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("date")]),
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("originator_unit"), FieldPanel("originator_organisation")], heading=_("Einreicher")),
        FieldPanel("audience"),
        FieldPanel("text"),
        FieldPanel("proposal"),
        FieldPanel("main_file"),
        MultipleChooserPanel(
            "attachment_links", chooser_field_name="document", heading=_("Anlagen"), label=_("Anlage")
        ),
        InlinePanel("consultations", heading=_("Beratungsfolge"), label=_("Beratung")),
        InlinePanel("relations", heading=_("Bezüge zu anderen Vorlagen"), label=_("Bezug")),
        MultiFieldPanel([FieldPanel("answer"), FieldPanel("closure")], heading=_("Erledigung")),
    ]

    class Meta:
        verbose_name = _("Vorlage")
        verbose_name_plural = _("Vorlagen")
        ordering = ["-date", "-year", "-serial"]
        constraints = [models.UniqueConstraint(fields=["year", "serial"], name="paper_number_unique_per_year")]
        indexes = [models.Index(fields=["-date", "-year", "-serial"], name="paper_newest_first")]

    def __str__(self):
        return f"{self.number} {self.title}" if self.serial else self.title

    @property
    def number(self):
        """The paper's number, ``0012/2026``."""
        return f"{self.serial:04d}/{self.year}" if self.serial else ""

    def get_absolute_url(self):
        return reverse("papers:detail", args=[self.pk])

    def clean(self):
        if self.audience == Audience.ORGANISATION and not self.originator_organisation_id:
            raise ValidationError(
                {"originator_organisation": _("Bitte wählen Sie die Organisation, die die Vorlage sehen darf.")}
            )
        if not self.originator_unit and not self.originator_organisation_id:
            raise ValidationError({"originator_unit": _("Bitte geben Sie an, wer die Vorlage einreicht.")})

    def save(self, *args, **kwargs):
        with transaction.atomic():
            if not self.serial:
                self.year = (self.date or timezone.localdate()).year
                self.serial = next_serial(self.year)
            super().save(*args, **kwargs)

    @property
    def originator(self):
        if self.originator_organisation_id:
            return self.originator_organisation.name
        return self.originator_unit

    def redacted_title(self):
        return str(NEUTRAL_PAPER_TITLE)

    def set_attachments(self, documents):
        self.attachment_links = [PaperAttachment(document=d, sort_order=n) for n, d in enumerate(documents)]


class PaperAttachment(Orderable):
    paper = ParentalKey(Paper, on_delete=models.CASCADE, related_name="attachment_links")
    document = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL, verbose_name=_("Dokument"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("document")]

    class Meta(Orderable.Meta):
        verbose_name = _("Anlage")
        verbose_name_plural = _("Anlagen")

    def __str__(self):
        return str(self.document)


class PaperRelation(Orderable):
    """How a paper refers to another: supplements, amends or replaces it."""

    class Kind(models.TextChoices):
        SUPPLEMENT = "supplement", _("Ergänzung zu")
        AMENDMENT = "amendment", _("Änderung zu")
        REPLACES = "replaces", _("ersetzt")

    paper = ParentalKey(Paper, on_delete=models.CASCADE, related_name="relations")
    kind = models.CharField(_("Bezug"), max_length=20, choices=Kind.choices)
    target = models.ForeignKey(Paper, verbose_name=_("Vorlage"), on_delete=models.CASCADE, related_name="referenced_by")

    panels = [FieldRowPanel([FieldPanel("kind"), FieldPanel("target")])]

    class Meta(Orderable.Meta):
        verbose_name = _("Bezug")
        verbose_name_plural = _("Bezüge")

    def __str__(self):
        return f"{self.get_kind_display()} {self.target}"

    def clean(self):
        if self.target_id and self.paper_id and self.target_id == self.paper_id:
            raise ValidationError({"target": _("Eine Vorlage kann sich nicht auf sich selbst beziehen.")})


class Consultation(Orderable):
    """One step of the Beratungsfolge: a Gremium, its role and, once planned, the meeting and
    the agenda item. The decision and result are the agenda item's."""

    class Role(models.TextChoices):
        PRELIMINARY = "preliminary", _("Vorberatung")
        DECISION = "decision", _("Entscheidung")
        NOTICE = "notice", _("Kenntnisnahme")

    paper = ParentalKey(Paper, on_delete=models.CASCADE, related_name="consultations")
    body = models.ForeignKey(
        "meetings.BodyPage", verbose_name=_("Gremium"), on_delete=models.CASCADE, related_name="consultations"
    )
    role = models.CharField(_("Rolle"), max_length=20, choices=Role.choices, default=Role.PRELIMINARY)
    meeting = models.ForeignKey(
        "meetings.MeetingPage",
        verbose_name=_("Sitzung"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultations",
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("Tagesordnungspunkt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultations",
    )

    panels = [
        FieldRowPanel([FieldPanel("body"), FieldPanel("role")]),
        FieldRowPanel([FieldPanel("meeting"), FieldPanel("agenda_item")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("Beratung")
        verbose_name_plural = _("Beratungsfolge")

    def __str__(self):
        return f"{self.body} ({self.get_role_display()})"

    def clean(self):
        errors = {}
        if self.meeting_id and self.body_id and self.meeting.body_id != self.body_id:
            errors["meeting"] = _("Die Sitzung gehört nicht zu diesem Gremium.")
        if self.agenda_item_id:
            meeting_id = self.agenda_item.meeting_id
            if self.meeting_id and meeting_id != self.meeting_id:
                errors["agenda_item"] = _("Der Tagesordnungspunkt gehört nicht zu dieser Sitzung.")
            elif not self.meeting_id:
                self.meeting_id = meeting_id
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.agenda_item_id and not self.meeting_id:
            self.meeting_id = AgendaItem.objects.filter(pk=self.agenda_item_id).values_list("meeting_id", flat=True)[0]
        super().save(*args, **kwargs)


# --- members' motions and questions ----------------------------------------------------------


class MotionQuerySet(models.QuerySet):
    def visible_to(self, viewer: Viewer):
        """Staff see every motion; members those of their organisations (submitter and colleagues)."""
        if viewer.is_staff:
            return self
        return self.filter(organisation_id__in=viewer.organisation_ids)

    def with_paper_visible(self, viewer: Viewer):
        """Annotate ``paper_visible``: whether the viewer may read the paper the motion became
        (a paper for staff only is not named to the submitting organisation)."""
        return self.annotate(paper_visible=Exists(Paper.objects.visible_to(viewer).filter(pk=OuterRef("paper_id"))))


class Motion(models.Model):
    """An Antrag or Anfrage a member of a Gremium submits for it; staff accept it as a paper (with
    a number), ask for changes or reject it."""

    class Kind(models.TextChoices):
        MOTION = "antrag", _("Antrag")
        QUESTION = "anfrage", _("Anfrage")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("eingereicht")
        CHANGES_REQUESTED = "changes_requested", _("Änderungen erbeten")
        ACCEPTED = "accepted", _("als Vorlage angenommen")
        REJECTED = "rejected", _("abgelehnt")

    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices, default=Kind.MOTION)
    body = models.ForeignKey(
        "meetings.BodyPage", verbose_name=_("Gremium"), on_delete=models.PROTECT, related_name="motions"
    )
    organisation = models.ForeignKey(
        "portal.Organisation", verbose_name=_("für Organisation"), on_delete=models.PROTECT, related_name="motions"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("eingereicht von"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="motions",
    )
    title = models.CharField(_("Betreff"), max_length=255)
    text = models.TextField(_("Text"))
    requested_meeting = models.ForeignKey(
        "meetings.MeetingPage",
        verbose_name=_("gewünschte Sitzung"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    attachments = models.ManyToManyField(
        settings.WAGTAILDOCS_DOCUMENT_MODEL, verbose_name=_("Anlagen"), blank=True, related_name="+"
    )
    status = models.CharField(_("Stand"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    staff_message = models.TextField(
        _("Nachricht der Verwaltung"), blank=True, help_text=_("Erbetene Änderungen oder der Grund der Ablehnung.")
    )
    paper = models.OneToOneField(
        Paper, verbose_name=_("Vorlage"), null=True, blank=True, on_delete=models.SET_NULL, related_name="motion"
    )
    submitted_at = models.DateTimeField(_("eingereicht am"), default=timezone.now)
    updated_at = models.DateTimeField(_("geändert"), auto_now=True)

    objects = MotionQuerySet.as_manager()

    class Meta:
        verbose_name = _("Antrag oder Anfrage")
        verbose_name_plural = _("Anträge und Anfragen")
        ordering = ["-submitted_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"

    def get_absolute_url(self):
        return reverse("papers:motion_detail", args=[self.pk])

    @property
    def is_open(self):
        return self.status in (self.Status.SUBMITTED, self.Status.CHANGES_REQUESTED)
