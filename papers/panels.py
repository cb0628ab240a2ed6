"""The papers' panels: decisions whose implementation is overdue on the staff dashboard."""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component

from meetings.models import ActionItem, AgendaItem


class OverdueDecisionsPanel(Component):
    name = "overdue_decisions"
    order = 140
    template_name = "papers/admin/overdue_decisions_panel.html"

    def __init__(self, items):
        self.items = items

    def get_context_data(self, parent_context=None):
        return {"items": self.items, "register_url": reverse("papers:register") + "?umsetzung=ueberfaellig"}


def overdue_decisions(request, limit=10):
    """Decisions with overdue action items, the oldest meeting first (staff only)."""
    if not (request.user.has_perm("meetings.view_actionitem") or request.user.has_perm("meetings.change_actionitem")):
        return None
    overdue = ActionItem.objects.overdue(timezone.localdate()).filter(agenda_item=OuterRef("pk"))
    items = list(
        AgendaItem.objects.filter(Exists(overdue))
        .select_related("meeting__body")
        .order_by("meeting__start", "sort_order")[:limit]
    )
    return OverdueDecisionsPanel(items)
