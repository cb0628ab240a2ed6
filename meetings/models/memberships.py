from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .pages import BodyPage
from .querysets import BodyMembershipQuerySet


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
