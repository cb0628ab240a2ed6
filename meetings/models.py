from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


class BodyPage(Page):
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

    class Meta:
        verbose_name = _("Gremium")
        verbose_name_plural = _("Gremien")


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

    class Meta:
        verbose_name = _("Gremienmitgliedschaft")
        verbose_name_plural = _("Gremienmitgliedschaften")
        ordering = ["body", "role", "user__last_name"]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()}, {self.body})"
