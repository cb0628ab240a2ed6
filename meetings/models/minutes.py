"""The minutes (Niederschrift) of a meeting, with a lifecycle of their own.

Staff draft the minutes of a meeting apart from its published agenda: the attendance (who
left the room for which item because of a conflict of interest, too) and per agenda item the
summary, decision, result and votes. The minutes go through the workflow "Niederschrift
freigeben" (group Fachbereichsleitung); publishing an approved version writes its texts into
the meeting's agenda items and its attendance into the meeting's ``Attendance`` rows (the
copies every read path shows) and opens the objection period:
the minutes are a draft (Entwurf) that only the Gremium's members and staff read. Members file
objections (Einwendungen) per item; staff accept them (and amend the minutes, a new approved
version) or reject them with a reason. After the period, or when a later meeting approves them,
the minutes are final (genehmigt) and the public part goes public.
"""

import datetime

from django import forms
from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, InlinePanel
from wagtail.models import DraftStateMixin, LockableMixin, Orderable, PreviewableMixin, RevisionMixin, WorkflowMixin

from .agenda import AgendaItem, AttendanceFields
from .pages import MINUTES_FIELDS, MeetingPage

DEFAULT_OBJECTION_DAYS = 14


class AgendaItemLabel(forms.HiddenInput):
    """The agenda item of an entry: its title to read, its id kept as a hidden value."""

    def render(self, name, value, attrs=None, renderer=None):
        hidden = super().render(name, value, attrs, renderer)
        item = AgendaItem.objects.filter(pk=value).first() if value else None
        label = str(item) if item is not None else gettext("Tagesordnungspunkt (nicht mehr auf der Tagesordnung)")
        return format_html("{}<p><strong>{}</strong></p>", hidden, label)


class Minutes(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, PreviewableMixin, ClusterableModel):
    """The minutes of one meeting; each revision is one version of their texts."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("in Bearbeitung")
        OBJECTION = "objection", _("Entwurf – Einwendungsfrist läuft")
        FINAL = "final", _("genehmigt")

    meeting = models.OneToOneField(
        MeetingPage, verbose_name=_("Sitzung"), on_delete=models.CASCADE, related_name="minutes_record"
    )
    # What the lifecycle records (not the editors' fields; kept when a revision is restored)
    status = models.CharField(
        _("Stand"), max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False, db_index=True
    )
    released_at = models.DateTimeField(_("den Mitgliedern vorgelegt"), null=True, editable=False)
    objection_deadline = models.DateField(_("Einwendungsfrist bis"), null=True, editable=False)
    final_at = models.DateTimeField(_("genehmigt am"), null=True, editable=False)
    approved_in = models.ForeignKey(
        MeetingPage,
        verbose_name=_("genehmigt in der Sitzung"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="minutes")

    panels = [
        HelpPanel(template="meetings/admin/attendance_from_rsvps.html"),
        InlinePanel("attendances", heading=_("Anwesenheit"), label=_("Teilnahme")),
        InlinePanel("entries", heading=_("Niederschrift je Tagesordnungspunkt"), label=_("Tagesordnungspunkt")),
    ]

    LIFECYCLE_FIELDS = ["status", "released_at", "objection_deadline", "final_at", "approved_in_id", "meeting_id"]

    class Meta:
        verbose_name = _("Niederschrift")
        verbose_name_plural = _("Niederschriften")

    def __str__(self):
        return str(_("Niederschrift: %(meeting)s") % {"meeting": self.meeting.title})

    @property
    def revisions(self):
        return self._revisions

    def with_content_json(self, content):
        """A restored or approved revision keeps the lifecycle's state (it is not the editors')."""
        obj = super().with_content_json(content)
        for name in self.LIFECYCLE_FIELDS:
            setattr(obj, name, getattr(self, name))
        return obj

    def get_preview_template(self, request, mode_name):
        """Every version readable in the admin (history: "Vorschau" of a revision)."""
        return "meetings/admin/minutes_preview.html"

    def get_preview_context(self, request, mode_name):
        """This version as the approver reads it: its attendance, its texts."""
        attendances = [(a, sorted(item.number for item in a.left_for.all())) for a in self.attendances.all()]
        return {
            "record": self,
            "meeting": self.meeting,
            "attendances": attendances,
            "entries": list(self.entries.all()),
        }

    @property
    def in_objection_period(self):
        return self.status == self.Status.OBJECTION

    @property
    def is_final(self):
        return self.status == self.Status.FINAL

    def objection_period_over(self, today=None):
        today = today or timezone.localdate()
        return self.in_objection_period and self.objection_deadline is not None and self.objection_deadline < today

    def objection_days(self):
        body = self.meeting.body
        return getattr(body, "objection_days", None) or DEFAULT_OBJECTION_DAYS

    def open_objection_period(self, now=None):
        now = now or timezone.now()
        self.status = self.Status.OBJECTION
        self.released_at = now
        self.objection_deadline = timezone.localdate(now) + datetime.timedelta(days=self.objection_days())


class MinutesEntry(Orderable):
    """The minutes of one agenda item in one version of the minutes."""

    record = ParentalKey(Minutes, on_delete=models.CASCADE, related_name="entries")
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("Tagesordnungspunkt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    minutes = models.TextField(_("Zusammenfassung des Diskussionsergebnisses"), blank=True)
    decision = models.TextField(_("Beschluss"), blank=True)
    result = models.CharField(_("Ergebnis"), max_length=20, choices=AgendaItem.Result.choices, blank=True)
    votes_for = models.PositiveSmallIntegerField(_("Ja-Stimmen"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("Nein-Stimmen"), null=True, blank=True)
    votes_abstained = models.PositiveSmallIntegerField(_("Enthaltungen"), null=True, blank=True)

    panels = [
        # shown, and kept as a hidden value (entries are made from the agenda, never by hand)
        FieldPanel("agenda_item", widget=AgendaItemLabel),
        FieldPanel("minutes"),
        FieldPanel("decision"),
        FieldPanel("result"),
        FieldRowPanel([FieldPanel("votes_for"), FieldPanel("votes_against"), FieldPanel("votes_abstained")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("Niederschrift zum Tagesordnungspunkt")
        verbose_name_plural = _("Niederschrift je Tagesordnungspunkt")

    def __str__(self):
        return str(self.agenda_item) if self.agenda_item_id else str(_("Tagesordnungspunkt"))

    def values(self):
        return {name: getattr(self, name) for name in MINUTES_FIELDS}


class MinutesAttendance(ClusterableModel, AttendanceFields, Orderable):
    """A row of the attendance in one version of the minutes. Publishing the version makes its
    rows the meeting's ``Attendance`` and its ``left_for`` the items' ``departures``. (The votes
    of an item are checked against the attendance of the version: ``meetings.forms.MinutesForm``.)"""

    record = ParentalKey(Minutes, on_delete=models.CASCADE, related_name="attendances")
    left_for = ParentalManyToManyField(
        AgendaItem,
        verbose_name=_("Wegen Befangenheit den Raum verlassen bei"),
        blank=True,
        related_name="+",
        help_text=_("Nur bei Befangenheit (§ 31 GO NRW): die Punkte, für die die Person den Raum verlassen hat."),
    )

    panels = [*AttendanceFields.panels, FieldPanel("left_for", widget=forms.CheckboxSelectMultiple)]

    class Meta(Orderable.Meta):
        verbose_name = _("Teilnahme")
        verbose_name_plural = _("Anwesenheit")


class Objection(models.Model):
    """An objection (Einwendung) of a Gremium member to one item of the draft minutes."""

    class Status(models.TextChoices):
        OPEN = "open", _("offen")
        ACCEPTED = "accepted", _("angenommen")
        REJECTED = "rejected", _("zurückgewiesen")

    record = models.ForeignKey(
        Minutes, verbose_name=_("Niederschrift"), on_delete=models.CASCADE, related_name="objections"
    )
    agenda_item = models.ForeignKey(
        AgendaItem, verbose_name=_("Tagesordnungspunkt"), on_delete=models.CASCADE, related_name="objections"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("eingereicht von"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="minutes_objections",
    )
    text = models.TextField(_("Einwendung"))
    created_at = models.DateTimeField(_("eingereicht am"), auto_now_add=True)
    status = models.CharField(_("Entscheidung"), max_length=20, choices=Status.choices, default=Status.OPEN)
    reason = models.TextField(
        _("Begründung"), blank=True, help_text=_("Pflicht, wenn die Einwendung zurückgewiesen wird.")
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    decided_at = models.DateTimeField(_("entschieden am"), null=True, editable=False)

    panels = [
        FieldPanel("agenda_item", read_only=True),
        FieldPanel("author", read_only=True),
        FieldPanel("text", read_only=True),
        FieldPanel("status"),
        FieldPanel("reason"),
    ]

    class Meta:
        verbose_name = _("Einwendung")
        verbose_name_plural = _("Einwendungen")
        ordering = ["-created_at"]

    def __str__(self):
        return str(
            _("Einwendung zu TOP %(number)s: %(meeting)s")
            % {"number": self.agenda_item.number, "meeting": self.record.meeting.title}
        )

    def clean(self):
        if self.status == self.Status.REJECTED and not self.reason.strip():
            raise ValidationError({"reason": _("Bitte begründen Sie, warum die Einwendung zurückgewiesen wird.")})
