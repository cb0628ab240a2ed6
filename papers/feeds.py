"""RSS 2.0 and Atom feeds of new public papers (always the anonymous view, whoever asks)."""

import datetime

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from portal.access import ANONYMOUS

from .models import Paper


class PaperFeed(Feed):
    title = _("Neue Vorlagen – Integrationsportal Hagen")
    description = _("Neue öffentliche Vorlagen der Gremien der Lenkungsgruppe Integration")

    def link(self):
        return reverse("papers:list")

    def items(self):
        return (
            Paper.objects.visible_to(ANONYMOUS).select_related("originator_organisation").order_by("-created_at")[:30]
        )

    def item_title(self, item):
        return f"{item.get_kind_display()} {item.number}: {item.title}"

    def item_description(self, item):
        return item.text[:500]

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return max(item.updated_at, timezone.make_aware(datetime.datetime.combine(item.date, datetime.time(8))))

    def item_categories(self, item):
        return [item.get_kind_display()]


class PaperAtomFeed(PaperFeed):
    feed_type = Atom1Feed
    subtitle = PaperFeed.description
