"""Searching meetings and agenda items through the access policy.

The page index of a meeting holds only its public text (see MeetingPage.public_agenda_text);
agenda items are indexed on their own and every hit is filtered through ``readable_by`` before
anything is shown, so non-public text never answers an anonymous search. The site-wide search
(portal/search.py) uses ``matching_meetings``, ``readable_agenda_items`` and ``describe_agenda_item``.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.search.backends import get_search_backend

from .models import AgendaItem, MeetingPage

MAX_HITS = 200


def _hit_ids(query, model):
    return [hit.pk for hit in get_search_backend().search(query, model)[:MAX_HITS]]


def readable_agenda_items(query, viewer):
    """Agenda items matching ``query`` whose full text the viewer may read, newest first."""
    query = (query or "").strip()
    if not query:
        return AgendaItem.objects.none()
    return (
        AgendaItem.objects.readable_by(viewer)
        .filter(pk__in=_hit_ids(query, AgendaItem))
        .select_related("meeting__body")
        .order_by("-meeting__start", "sort_order")
    )


def describe_agenda_item(item):
    """Title, link, text and meta line of a search hit (the item is one the viewer may read)."""
    meeting = item.meeting
    meta = [
        meeting.body.display_name if meeting.body else "",
        timezone.localtime(meeting.start).strftime("%d.%m.%Y"),
        "" if item.public else _("nicht öffentlich"),
    ]
    return {
        "title": f"TOP {item.number}: {item.title}",
        "url": f"{meeting.url}#top-{item.number}",
        "text": " ".join(filter(None, [item.description, item.minutes, item.decision])),
        "meta": " · ".join(filter(None, meta)),
    }


def matching_meetings(query, viewer):
    """Meetings matching ``query`` (on their public text) that the viewer may see, newest first."""
    query = (query or "").strip()
    if not query:
        return MeetingPage.objects.none()
    return (
        MeetingPage.objects.visible_to(viewer)
        .filter(pk__in=_hit_ids(query, MeetingPage))
        .select_related("body")
        .order_by("-start")
    )
