import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    MultipleChooserPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageManager, PagePermissionTester
from wagtail.search import index
from wagtail.url_routing import RouteResult

from portal.access import Audience, AudiencePageMixin, AudiencePageQuerySet, PortalPage

APPROVER_GROUP = "Fachbereichsleitung"
MINUTES_WORKFLOW = "Niederschrift freigeben"


def is_approver(user):
    """City approvers (and superusers) publish meetings; everyone else submits to the workflow."""
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_meetings_is_approver", None)
    if cached is None:
        cached = user.groups.filter(name=APPROVER_GROUP).exists()
        user._meetings_is_approver = cached
    return cached


# --- pages ---------------------------------------------------------------------------------


class MeetingIndexPage(PortalPage):
    """The meeting calendar (/sitzungen/): every body's upcoming and past meetings."""

    intro = models.TextField(_("Einleitung"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["meetings.BodyPage"]
    max_count = 1

    class Meta:
        verbose_name = _("Sitzungskalender")

    def route(self, request, path_components):
        """Find a body (/sitzungen/<body>/) or meeting (/sitzungen/<body>/<meeting>/) in one query.

        Wagtail's default routing loads every page on the way, two queries a level; bodies and
        meetings do no routing of their own, so looking them up by their URL path is the same.
        """
        models_by_depth = {1: BodyPage, 2: MeetingPage}
        model = models_by_depth.get(len(path_components))
        if model is None:
            return super().route(request, path_components)
        url_path = f"{self.url_path}{'/'.join(path_components)}/"
        pages = model.objects.filter(slug=path_components[-1], url_path=url_path, path__startswith=self.path)
        page = (pages.select_related("body") if model is MeetingPage else pages).first()
        if page is None or not page.live:
            raise Http404
        return RouteResult(page)

    def serve_preview(self, request, mode_name):
        return self.serve(request)


class BodyPage(PortalPage):
    """A body (Gremium) of the steering structure."""

    class Kind(models.TextChoices):
        LENKUNGSGRUPPE = "lenkungsgruppe", _("Lenkungsgruppe")
        STEUERUNGSGRUPPE = "steuerungsgruppe", _("Steuerungsgruppe")
        ARBEITSGRUPPE = "arbeitsgruppe", _("Arbeitsgruppe")
        AUSSCHUSS = "ausschuss", _("Ausschuss")
        KUEMMERERGRUPPE = "kuemmerergruppe", _("Kümmerergruppe")
        OTHER = "other", _("Sonstiges")

    short_name = models.CharField(_("Kurzname"), max_length=50, blank=True)
    kind = models.CharField(_("Art"), max_length=30, choices=Kind.choices, default=Kind.ARBEITSGRUPPE)
    description = RichTextField(_("Beschreibung"), blank=True, features=["bold", "italic", "link", "ol", "ul"])

    content_panels = Page.content_panels + [FieldPanel("short_name"), FieldPanel("kind"), FieldPanel("description")]
    search_fields = Page.search_fields + [index.SearchField("description")]
    parent_page_types = ["meetings.MeetingIndexPage"]
    subpage_types = ["meetings.MeetingPage"]

    class Meta:
        verbose_name = _("Gremium")
        verbose_name_plural = _("Gremien")

    @property
    def display_name(self):
        return self.short_name or self.title

    def permissions_for_user(self, user):
        return MeetingPermissionTester(user, self)


class BodyMembershipQuerySet(models.QuerySet):
    def active(self, on=None):
        """Current on the day ``on`` (today), and only while the person acts for an organisation
        they are an active member of (active person, membership and organisation): removing
        someone from their organisation ends every Gremium access that came through it."""
        from portal.models import Membership

        on = on or timezone.localdate()
        acting_for = Membership.objects.active().filter(
            user_id=models.OuterRef("user_id"), organisation_id=models.OuterRef("organisation_id")
        )
        return self.filter(
            Q(start__isnull=True) | Q(start__lte=on), Q(end__isnull=True) | Q(end__gte=on), models.Exists(acting_for)
        )


class BodyMembership(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", _("Vorsitz")
        DEPUTY = "deputy", _("Stellvertretender Vorsitz")
        MEMBER = "member", _("Mitglied")
        SUBSTITUTE = "substitute", _("Stellvertretung")
        GUEST = "guest", _("Gast")
        SECRETARY = "secretary", _("Schriftführung")

    body = models.ForeignKey(BodyPage, on_delete=models.CASCADE, related_name="body_memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="body_memberships", verbose_name=_("Person")
    )
    organisation = models.ForeignKey(
        "portal.Organisation",
        on_delete=models.CASCADE,
        related_name="body_memberships",
        verbose_name=_("für Organisation"),
    )
    role = models.CharField(_("Rolle"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    start = models.DateField(_("Beginn"), null=True, blank=True)
    end = models.DateField(_("Ende"), null=True, blank=True)

    objects = BodyMembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("Gremienmitgliedschaft")
        verbose_name_plural = _("Gremienmitgliedschaften")
        ordering = ["body", "role", "user__last_name"]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()}, {self.body})"


class BodySeat(models.Model):
    """How many people an organisation sends into a body (its seats there).

    An organisation belongs to the bodies it has seats in; its organisation admins fill and
    free these seats themselves from the members' area. Every current membership acting for
    the organisation in the body takes one seat, whatever its role.
    """

    body = models.ForeignKey(BodyPage, on_delete=models.CASCADE, related_name="seats", verbose_name=_("Gremium"))
    organisation = models.ForeignKey(
        "portal.Organisation", on_delete=models.CASCADE, related_name="body_seats", verbose_name=_("Organisation")
    )
    seats = models.PositiveSmallIntegerField(_("Sitze"), default=1)

    class Meta:
        verbose_name = _("Sitze einer Organisation")
        verbose_name_plural = _("Sitze der Organisationen")
        ordering = ["body__title", "organisation__name"]
        constraints = [models.UniqueConstraint(fields=["body", "organisation"], name="unique_body_seat")]

    def __str__(self):
        return f"{self.organisation} – {self.body}: {self.seats}"


class MeetingPermissionTester(PagePermissionTester):
    """Meetings (agenda, minutes, decisions) go live only with an approver's consent.

    Editors save drafts and submit them to the workflow "Niederschrift freigeben"; approving
    the task publishes the revision. Approvers may also publish directly.
    """

    def can_publish(self):
        if self.page.specific_class is MeetingPage:
            return super().can_publish() and is_approver(self.user)
        return super().can_publish()

    def can_publish_subpage(self):
        return super().can_publish_subpage() and is_approver(self.user)


class MeetingQuerySet(AudiencePageQuerySet):
    def visible_to(self, viewer):
        """Live meetings the viewer may read; drafts never reach the site."""
        return super().visible_to(viewer).live()

    def upcoming(self, now=None):
        return self.filter(start__gte=now or timezone.now()).order_by("start")

    def past(self, now=None):
        return self.filter(start__lt=now or timezone.now()).order_by("-start")


MeetingManager = PageManager.from_queryset(MeetingQuerySet)

MEETING_AUDIENCES = [
    (Audience.PUBLIC, _("Öffentliche Sitzung")),
    (Audience.MEMBERS, _("Alle Mitglieder des Portals")),
    (Audience.BODY, _("Nur Mitglieder des Gremiums")),
    (Audience.STAFF, _("Nur Stadtverwaltung")),
]


class MeetingPage(AudiencePageMixin, PortalPage):
    """A meeting (Sitzung) of a body, with its agenda, minutes and decisions.

    The live revision is the approved one: agenda, minutes and decisions on the site are
    always those of the published page; drafts wait in the workflow.
    """

    class Status(models.TextChoices):
        PLANNED = "planned", _("geplant")
        INVITED = "invited", _("eingeladen")
        HELD = "held", _("durchgeführt")
        CANCELLED = "cancelled", _("abgesagt")

    body = models.ForeignKey(
        BodyPage,
        verbose_name=_("Gremium"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="meetings",
        editable=False,
    )
    start = models.DateTimeField(_("Beginn"), db_index=True)  # calendar, upcoming meetings
    end = models.DateTimeField(_("Ende"), null=True, blank=True)
    location = models.CharField(_("Ort"), max_length=255, blank=True)
    online_link = models.URLField(
        _("Link zur Online-Teilnahme"), blank=True, help_text=_("Nur für angemeldete Mitglieder sichtbar.")
    )
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    audience = models.CharField(
        _("Sichtbarkeit"),
        max_length=20,
        choices=MEETING_AUDIENCES,
        default=Audience.PUBLIC,
        help_text=_(
            "Nicht öffentliche Tagesordnungspunkte einer öffentlichen Sitzung sehen nur Mitglieder des Gremiums."
        ),
    )
    invitation_sent_at = models.DateTimeField(_("Einladung versendet"), null=True, blank=True, editable=False)

    audience_bodies_field = "body"

    objects = MeetingManager()

    parent_page_types = ["meetings.BodyPage"]
    subpage_types = []

    search_fields = Page.search_fields + [
        index.SearchField("location"),
        index.SearchField("public_agenda_text"),
        index.RelatedFields("body", [index.SearchField("title"), index.SearchField("short_name")]),
        index.FilterField("start"),
        index.FilterField("audience"),
    ]

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("location"),
                FieldPanel("online_link"),
                FieldRowPanel([FieldPanel("status"), FieldPanel("audience")]),
            ],
            heading=_("Sitzung"),
        ),
        InlinePanel("agenda_items", heading=_("Tagesordnung"), label=_("Tagesordnungspunkt")),
    ]
    minutes_panels = [
        InlinePanel("attendances", heading=_("Anwesenheit"), label=_("Teilnahme")),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Sitzung und Tagesordnung")),
            ObjectList(minutes_panels, heading=_("Anwesenheit")),
            ObjectList(Page.promote_panels, heading=_("Veröffentlichung")),
            ObjectList(Page.settings_panels, heading=_("Einstellungen")),
        ]
    )

    class Meta:
        verbose_name = _("Sitzung")
        verbose_name_plural = _("Sitzungen")

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.end and self.start and self.end < self.start:
            raise ValidationError({"end": _("Das Ende muss nach dem Beginn liegen.")})

    def save(self, *args, **kwargs):
        if self.path and len(self.path) > self.steplen:
            parent_path = self.path[: -self.steplen]
            if self.body_id is None or not BodyPage.objects.filter(pk=self.body_id, path=parent_path).exists():
                self.body_id = BodyPage.objects.filter(path=parent_path).values_list("pk", flat=True).first()
        # Agenda numbers follow the order: TOP 1, 2, ...
        for position, item in enumerate(self.agenda_items.all()):
            item.sort_order = position
        result = super().save(*args, **kwargs)
        if kwargs.get("update_fields") is None:
            # The search index saw the page before its agenda was written: index it again,
            # so the public index text never lags behind an item that became non-public.
            index.insert_or_update_object(self)
        return result

    def move(self, target, pos=None, user=None):
        super().move(target, pos=pos, user=user)
        moved = MeetingPage.objects.get(pk=self.pk)
        MeetingPage.objects.filter(pk=self.pk).update(body_id=moved.get_parent().pk)

    def with_content_json(self, content):
        """Restoring a revision keeps what the invitation recorded: it is not the editors' field."""
        obj = super().with_content_json(content)
        obj.invitation_sent_at = self.invitation_sent_at
        if self.invitation_sent_at and obj.status == self.Status.PLANNED:
            obj.status = self.Status.INVITED
        obj.body_id = self.body_id
        return obj

    def permissions_for_user(self, user):
        return MeetingPermissionTester(user, self)

    def get_sitemap_urls(self, request=None):
        if self.audience != Audience.PUBLIC:
            return []
        return super().get_sitemap_urls(request)

    def public_agenda_text(self):
        """What the public index may know of the agenda: public items, neutral titles otherwise.

        Built from the in-memory page (the indexer passes the saved page), so it is exactly the
        agenda that is being saved.
        """
        if self.audience != Audience.PUBLIC:
            return ""
        parts = []
        for item in self.agenda_items.all():
            parts.extend(
                [item.title, item.description, item.minutes, item.decision] if item.public else [item.redacted_title]
            )
        return "\n".join(p for p in parts if p)

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    @property
    def has_started(self):
        return self.start <= timezone.now()

    @property
    def rsvp_open(self):
        return not self.has_started and not self.is_cancelled


# --- agenda, attendance, responses, action items ---------------------------------------------


class AgendaItemQuerySet(models.QuerySet):
    def visible_to(self, viewer):
        """Items of meetings the viewer may see, annotated with ``full_access``.

        Items without full access are shown only redacted (number and neutral title),
        see meetings/agenda.py.
        """
        meetings = MeetingPage.objects.visible_to(viewer).values("pk")
        return self.filter(meeting__in=meetings).annotate(
            full_access=models.ExpressionWrapper(full_access_q(viewer), output_field=models.BooleanField())
        )

    def readable_by(self, viewer):
        """Items whose full text the viewer may read (public ones, non-public ones of their bodies)."""
        return self.visible_to(viewer).filter(full_access_q(viewer))


def full_access_q(viewer):
    """Non-public agenda items are for the members of the body and for city staff only."""
    if viewer.is_staff:
        return Q(pk__isnull=False)
    q = Q(public=True)
    if viewer.body_ids:
        q |= Q(meeting__body_id__in=viewer.body_ids)
    return q


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
                FieldPanel("minutes"),
                FieldPanel("decision"),
                FieldPanel("result"),
                FieldRowPanel([FieldPanel("votes_for"), FieldPanel("votes_against"), FieldPanel("votes_abstained")]),
            ],
            heading=_("Niederschrift"),
        ),
    ]

    search_fields = [
        index.SearchField("title"),
        index.SearchField("description"),
        index.SearchField("minutes"),
        index.SearchField("decision"),
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


class Attendance(Orderable):
    class Status(models.TextChoices):
        PRESENT = "present", _("anwesend")
        EXCUSED = "excused", _("entschuldigt")
        ABSENT = "absent", _("abwesend")
        SUBSTITUTE = "substitute", _("in Vertretung")

    meeting = ParentalKey(MeetingPage, on_delete=models.CASCADE, related_name="attendances")
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

    class Meta(Orderable.Meta):
        verbose_name = _("Teilnahme")
        verbose_name_plural = _("Anwesenheit")

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


class MeetingResponse(models.Model):
    """A member's answer to the invitation (RSVP), changeable until the meeting starts."""

    class Answer(models.TextChoices):
        YES = "yes", _("Ich nehme teil")
        NO = "no", _("Ich nehme nicht teil")
        SUBSTITUTE = "substitute", _("Ich schicke eine Vertretung")

    meeting = models.ForeignKey(MeetingPage, on_delete=models.CASCADE, related_name="responses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_responses")
    answer = models.CharField(_("Antwort"), max_length=20, choices=Answer.choices)
    substitute_name = models.CharField(_("Name der Vertretung"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("geändert"), auto_now=True)

    class Meta:
        verbose_name = _("Rückmeldung")
        verbose_name_plural = _("Rückmeldungen")
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="one_response_per_meeting")]

    def __str__(self):
        return f"{self.user}: {self.get_answer_display()} ({self.meeting})"


class ActionItemQuerySet(models.QuerySet):
    def visible_to(self, viewer):
        """Staff see every action item; members those their organisation is responsible for."""
        if viewer.is_staff:
            return self
        return self.filter(organisation_id__in=viewer.organisation_ids, organisation__active=True)

    def open(self):
        return self.exclude(status=ActionItem.Status.DONE)

    def open_for(self, viewer):
        """The open items of the viewer's organisations. ``meeting_visible`` says whether the
        viewer may see the meeting an item came from: only then is it named."""
        visible = MeetingPage.objects.visible_to(viewer).filter(pk=OuterRef("meeting_id"))
        return (
            self.visible_to(viewer)
            .open()
            .filter(organisation_id__in=viewer.organisation_ids)
            .select_related("organisation", "meeting__body")
            .annotate(meeting_visible=Exists(visible))
        )

    def overdue(self, today=None):
        return self.open().filter(due_date__lt=today or timezone.localdate())


class ActionItem(models.Model):
    """A follow-up task from a decision: who does what by when."""

    class Status(models.TextChoices):
        OPEN = "open", _("offen")
        IN_PROGRESS = "in_progress", _("in Bearbeitung")
        DONE = "done", _("erledigt")

    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("aus Tagesordnungspunkt"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="action_items",
    )
    meeting = models.ForeignKey(
        MeetingPage, verbose_name=_("Sitzung"), null=True, on_delete=models.SET_NULL, related_name="action_items"
    )
    title = models.CharField(_("Aufgabe"), max_length=255)
    description = models.TextField(_("Beschreibung"), blank=True)
    organisation = models.ForeignKey(
        "portal.Organisation",
        verbose_name=_("verantwortliche Organisation"),
        on_delete=models.PROTECT,
        related_name="action_items",
    )
    due_date = models.DateField(_("fällig am"), null=True, blank=True)
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert"), auto_now=True)

    objects = ActionItemQuerySet.as_manager()

    panels = [
        FieldPanel("agenda_item"),
        FieldPanel("title"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("organisation"), FieldPanel("due_date"), FieldPanel("status")]),
    ]

    class Meta:
        verbose_name = _("Aufgabe")
        verbose_name_plural = _("Aufgaben")
        ordering = [models.F("due_date").asc(nulls_last=True), "pk"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.agenda_item_id:
            self.meeting_id = AgendaItem.objects.filter(pk=self.agenda_item_id).values_list("meeting_id", flat=True)[0]
        super().save(*args, **kwargs)

    @property
    def is_overdue(self):
        return self.status != self.Status.DONE and self.due_date is not None and self.due_date < timezone.localdate()


class CalendarToken(models.Model):
    """The secret of a member's personal calendar feed; renewing it revokes the old address."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token")
    token = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Kalender-Schlüssel")
        verbose_name_plural = _("Kalender-Schlüssel")

    def __str__(self):
        return f"{self.user}"

    def save(self, *args, **kwargs):
        if not self.token:
            self.renew()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("meetings:ical_personal", args=[self.token])

    def renew(self):
        self.token = secrets.token_urlsafe(32)
