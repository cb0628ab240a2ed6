import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel

from .agenda import AgendaItem
from .pages import MeetingPage
from .querysets import ActionItemQuerySet


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
