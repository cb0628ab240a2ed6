from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import BodyStreamBlock


class HomePage(Page):
    intro = models.TextField(_("Einleitung"), blank=True)
    body = StreamField(BodyStreamBlock(), verbose_name=_("Inhalt"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    max_count = 1

    class Meta:
        verbose_name = _("Startseite")


class ContentPage(Page):
    """Impressum, Datenschutz, Barrierefreiheit, Leichte Sprache and other information pages."""

    intro = models.TextField(_("Einleitung"), blank=True)
    body = StreamField(BodyStreamBlock(), verbose_name=_("Inhalt"), blank=True)
    in_footer = models.BooleanField(_("Im Fußbereich verlinken"), default=False)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    promote_panels = Page.promote_panels + [FieldPanel("in_footer")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        verbose_name = _("Inhaltsseite")
