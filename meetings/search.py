"""Meetings and agenda items in the site search (registered in meetings/wagtail_hooks.py).

The page index of a meeting holds only its public text (see MeetingPage.public_agenda_text);
agenda items are indexed on their own and the site search reads them only through
``AgendaItem.objects.readable_by``, so non-public text never answers an anonymous search.
"""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.search_sources import Hit, Source


def _meetings(viewer):
    from .models import MeetingPage

    return MeetingPage.objects.visible_to(viewer).select_related("body", "minutes_record")


def _describe_meeting(meeting):
    meta = f"{meeting.body.title} · {date_format(timezone.localtime(meeting.start), 'SHORT_DATETIME_FORMAT')}"
    return Hit(meeting.title, meeting.url, f"{meeting.location} {meeting.public_agenda_text()}", meta)


def _agenda_items(viewer):
    from .models import AgendaItem

    # readable_by, not visible_to: a non-public item is found only by those who may read its text
    return AgendaItem.objects.readable_by(viewer).with_minutes_access(viewer).select_related("meeting__body")


def describe_agenda_item(item):
    """Title, link, text and meta line of a search hit (the item is one the viewer may read)."""
    meeting = item.meeting
    # draft minutes only for those who may read them (and never in the index: final_minutes_text)
    minutes = [item.minutes, item.decision] if getattr(item, "minutes_access", False) else []
    meta = [
        meeting.body.display_name if meeting.body else "",
        date_format(timezone.localtime(meeting.start), "SHORT_DATE_FORMAT"),
        "" if item.public else _("nicht öffentlich"),
    ]
    return Hit(
        _("TOP %(number)s: %(title)s") % {"number": item.number, "title": item.title},
        f"{meeting.url}#top-{item.number}",
        " ".join(filter(None, [item.description, *minutes])),
        " · ".join(filter(None, meta)),
    )


MEETINGS = Source(
    "sitzungen", gettext_lazy("Sitzungen"), "meetings.MeetingPage", _meetings, _describe_meeting, "start", "body"
)
AGENDA_ITEMS = Source(
    "tagesordnungspunkte",
    gettext_lazy("Tagesordnungspunkte"),
    "meetings.AgendaItem",
    _agenda_items,
    describe_agenda_item,
    "meeting__start",
    "meeting__body",
)
