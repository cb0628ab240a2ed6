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


def members_home(request):
    """The motions and questions of the viewer's organisations (members of a Gremium may submit)."""
    from django.template.loader import render_to_string

    from portal.access import get_viewer

    from .models import Motion

    viewer = get_viewer(request)
    if not viewer.organisation_ids:
        return ""
    motions = (
        Motion.objects.visible_to(viewer).filter(organisation_id__in=viewer.organisation_ids).with_paper_visible(viewer)
    )
    context = {
        "motions": list(motions.select_related("body", "paper")[:5]),
        "may_submit": bool(viewer.body_ids),
    }
    if not context["motions"] and not context["may_submit"]:
        return ""
    return render_to_string("papers/includes/members_home.html", context, request=request)
