from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from portal.access import PortalPage


class FundingTransparencyPage(PortalPage):
    """Public aggregates of the case-management contracts; never one contract's money or documents."""

    intro = models.TextField(_("Einleitung"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("Transparenzseite Fallmanagement")

    def get_template(self, request, *args, **kwargs):
        return "contracts/transparency_page.html"
