"""The documents' section of the members' area (registered in documents/wagtail_hooks.py)."""

from datetime import timedelta

from django.template.loader import render_to_string
from django.utils import timezone

from portal.access import get_viewer

NEW_DOCUMENTS_LIMIT = 10
FIRST_VISIT_WINDOW = timedelta(days=30)


def new_documents_since(viewer, since):
    """The current documents the viewer may see that arrived since ``since`` (first visit: 30 days)."""
    from .models import PortalDocument

    since = since or timezone.now() - FIRST_VISIT_WINDOW
    return list(
        PortalDocument.objects.visible_to(viewer)
        .current()
        .filter(created_at__gt=since)
        .select_related("organisation")
        .order_by("-created_at")[:NEW_DOCUMENTS_LIMIT]
    )


def members_home(request):
    """New documents since the member's last visit of "Mein Bereich"."""
    last_visit = request.user.members_area_seen_at
    context = {"new_documents": new_documents_since(get_viewer(request), last_visit), "last_visit": last_visit}
    return render_to_string("documents/includes/members_home.html", context, request=request)
