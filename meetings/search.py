"""Searching meetings and agenda items through the access policy.

The page index of a meeting holds only its public text (see MeetingPage.public_agenda_text);
agenda items are indexed on their own and every hit is filtered through ``readable_by`` before
anything is shown, so non-public text never answers an anonymous search.
"""

from wagtail.search.backends import get_search_backend

from .models import AgendaItem, MeetingPage

MAX_HITS = 200


def _hit_ids(query, model):
    return [hit.pk for hit in get_search_backend().search(query, model)[:MAX_HITS]]


def search_meetings(query, viewer, limit=50):
    """(meetings, agenda items) matching ``query`` that the viewer may read."""
    query = (query or "").strip()
    if not query:
        return [], []
    items = (
        AgendaItem.objects.readable_by(viewer)
        .filter(pk__in=_hit_ids(query, AgendaItem))
        .select_related("meeting", "meeting__body")
        .order_by("-meeting__start", "sort_order")[:limit]
    )
    meetings = (
        MeetingPage.objects.visible_to(viewer)
        .filter(pk__in=_hit_ids(query, MeetingPage))
        .select_related("body")
        .order_by("-start")[:limit]
    )
    return list(meetings), list(items)
