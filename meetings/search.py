"""How an agenda item appears as a site search hit (portal/search.py).

The page index of a meeting holds only its public text (see MeetingPage.public_agenda_text);
agenda items are indexed on their own and the site search reads them only through
``AgendaItem.objects.readable_by``, so non-public text never answers an anonymous search.
"""

from django.utils import timezone
from django.utils.translation import gettext as _


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
