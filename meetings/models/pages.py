from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index
from wagtail.url_routing import RouteResult

from portal.access import Audience, AudiencePageMixin, PortalPage

from .admin_form import MeetingPageForm
from .querysets import MeetingManager

APPROVER_GROUP = "Fachbereichsleitung"
MINUTES_WORKFLOW = "Niederschrift freigeben"


def is_approver(user):
    """City approvers (and superusers) approve minutes; editors submit them to the workflow."""
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_meetings_is_approver", None)
    if cached is None:
        cached = user.groups.filter(name=APPROVER_GROUP).exists()
        user._meetings_is_approver = cached
    return cached


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
        page = (pages.select_related("body", "minutes_record") if model is MeetingPage else pages).first()
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
    start_date = models.DateField(
        _("Eingerichtet am"), null=True, blank=True, help_text=_("z. B. der Tag der konstituierenden Sitzung")
    )
    end_date = models.DateField(
        _("Aufgelöst am"), null=True, blank=True, help_text=_("Der letzte Tag, an dem das Gremium bestand.")
    )

    notice_days = models.PositiveSmallIntegerField(
        _("Ladungsfrist (Tage)"),
        default=7,
        help_text=_("So viele Tage vor der Sitzung muss die Einladung versendet sein."),
    )
    objection_days = models.PositiveSmallIntegerField(
        _("Einwendungsfrist (Tage)"),
        default=14,
        help_text=_("So lange können die Mitglieder Einwendungen gegen den Entwurf der Niederschrift erheben."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("short_name"),
        FieldPanel("kind"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
        FieldRowPanel([FieldPanel("notice_days"), FieldPanel("objection_days")], heading=_("Fristen")),
    ]
    search_fields = Page.search_fields + [index.SearchField("description")]
    parent_page_types = ["meetings.MeetingIndexPage"]
    subpage_types = ["meetings.MeetingPage"]

    class Meta:
        verbose_name = _("Gremium")
        verbose_name_plural = _("Gremien")

    @property
    def display_name(self):
        return self.short_name or self.title

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("Das Gremium kann nicht vor seiner Einrichtung aufgelöst werden.")})


# The minutes fields of an agenda item: written by the approval of the minutes (meetings.Minutes).
MINUTES_FIELDS = ["minutes", "decision", "result", "votes_for", "votes_against", "votes_abstained"]

LIFECYCLE_FIELDS = [
    "invitation_sent_at",
    "invitation_id",
    "invitation_sequence",
    "invited_agenda",
    "short_notice_reason",
    "cancellation_sent_at",
]

MEETING_AUDIENCES = [
    (Audience.PUBLIC, _("Öffentliche Sitzung")),
    (Audience.MEMBERS, _("Alle Mitglieder des Portals")),
    (Audience.BODY, _("Nur Mitglieder des Gremiums")),
    (Audience.STAFF, _("Nur Stadtverwaltung")),
]


class MeetingPage(AudiencePageMixin, PortalPage):
    """A meeting (Sitzung) of a body, with its agenda, minutes and decisions.

    Editors publish the agenda and send the invitation themselves. The minutes have a
    lifecycle of their own (``Minutes``): approving a version writes its texts into the agenda
    items, which the page's own revisions never change (see ``with_content_json``), and its
    attendance into ``attendances`` (and who left the room into the items' ``departures``),
    which are no part of the page's revisions.
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
    place = models.ForeignKey(
        "meetings.Place",
        verbose_name=_("Ort mit Anschrift"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings",
        help_text=_(
            "Für die OParl-Schnittstelle: der Ort mit Anschrift (unter „Orte“ gepflegt). "
            "Ist das Feld „Ort“ leer, wird es beim Speichern mit diesem Ort gefüllt."
        ),
    )
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
    # The invitation as sent (what the lifecycle records, not the editors' fields)
    invitation = models.ForeignKey(
        "documents.PortalDocument",
        verbose_name=_("Einladung (PDF)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    invitation_sequence = models.PositiveIntegerField(_("Fassung der Einladung"), default=0, editable=False)
    invited_agenda = models.JSONField(_("Tagesordnung der Einladung"), default=list, blank=True, editable=False)
    short_notice_reason = models.TextField(_("Begründung der verkürzten Ladungsfrist"), blank=True, editable=False)
    cancellation_sent_at = models.DateTimeField(_("Absage versendet"), null=True, blank=True, editable=False)

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
                FieldPanel("place"),
                FieldPanel("online_link"),
                FieldRowPanel([FieldPanel("status"), FieldPanel("audience")]),
            ],
            heading=_("Sitzung"),
        ),
        InlinePanel("agenda_items", heading=_("Tagesordnung"), label=_("Tagesordnungspunkt")),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Sitzung und Tagesordnung")),
            ObjectList(Page.promote_panels, heading=_("Veröffentlichung")),
            ObjectList(Page.settings_panels, heading=_("Einstellungen")),
        ]
    )

    base_form_class = MeetingPageForm

    class Meta:
        verbose_name = _("Sitzung")
        verbose_name_plural = _("Sitzungen")

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.end and self.start and self.end < self.start:
            raise ValidationError({"end": _("Das Ende muss nach dem Beginn liegen.")})
        if self.place_id and not self.location.strip():
            # the page shows the free text: a chosen place fills it when it is empty
            self.location = self.place.full_text[: self._meta.get_field("location").max_length]

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
        for name in LIFECYCLE_FIELDS:
            setattr(obj, name, getattr(self, name))
        if self.invitation_sent_at and obj.status == self.Status.PLANNED:
            obj.status = self.Status.INVITED
        obj.body_id = self.body_id
        # The minutes texts of the items come from the approved minutes, not from this revision.
        saved = {}
        if self.pk:
            AgendaItem = self._meta.get_field("agenda_items").related_model  # noqa: N806
            saved = {
                row["pk"]: row for row in AgendaItem.objects.filter(meeting_id=self.pk).values("pk", *MINUTES_FIELDS)
            }
        for item in obj.agenda_items.all():
            row = saved.get(item.pk, {})
            for name in ("minutes", "decision", "result"):
                setattr(item, name, row.get(name, ""))
            for name in ("votes_for", "votes_against", "votes_abstained"):
                setattr(item, name, row.get(name))
        return obj

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
        minutes_public = self.minutes_are_public
        for item in self.agenda_items.all():
            if not item.public:
                parts.append(item.redacted_title)
                continue
            parts.extend([item.title, item.description])
            if minutes_public:
                parts.extend([item.minutes, item.decision])
        return "\n".join(p for p in parts if p)

    @property
    def minutes_record_or_none(self):
        try:
            return self.minutes_record
        except models.ObjectDoesNotExist:
            return None

    @property
    def minutes_are_public(self):
        """Whether the minutes texts on the items are final (or from before minutes had a lifecycle)."""
        record = self.minutes_record_or_none
        return record is None or record.status == "final"

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    @property
    def has_started(self):
        return self.start <= timezone.now()

    @property
    def rsvp_open(self):
        return not self.has_started and not self.is_cancelled
