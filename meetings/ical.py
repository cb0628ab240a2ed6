"""iCalendar (RFC 5545) output of meetings, in Europe/Berlin with a VTIMEZONE."""

from datetime import timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from portal.services import absolute_url

from .agenda import agendas_for, online_link_for
from .models import MeetingPage

PRODID = "-//Stadt Hagen//Integrationsportal//DE"
DEFAULT_DURATION = timedelta(hours=2)
STATUS = {
    MeetingPage.Status.PLANNED: "TENTATIVE",
    MeetingPage.Status.INVITED: "CONFIRMED",
    MeetingPage.Status.HELD: "CONFIRMED",
    MeetingPage.Status.CANCELLED: "CANCELLED",
}


def meeting_url(meeting, request=None):
    url = meeting.get_url(request=request)
    return absolute_url(url, request) if url and url.startswith("/") else url


def _uid_domain():
    return urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "localhost"


def description_for(meeting, entries, viewer, url):
    lines = []
    if meeting.is_cancelled:
        lines.append(_("Die Sitzung wurde abgesagt."))
    if entries:
        lines.append(_("Tagesordnung:"))
        lines.extend(f"TOP {e.number}: {e.title}" for e in entries)
    link = online_link_for(meeting, viewer)
    if link:
        lines.append(_("Online-Teilnahme: %(link)s") % {"link": link})
    lines.append(url)
    return "\n".join(lines)


def build_calendar(meetings, viewer, name, request=None, method="PUBLISH"):
    """A calendar of meetings the caller got through ``visible_to(viewer)``. Each event keeps
    its UID; SEQUENCE counts the invitation's versions (amendments, cancellation)."""
    tz = ZoneInfo(settings.TIME_ZONE)
    meetings = list(meetings)
    agendas = agendas_for(meetings, viewer)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now().replace(microsecond=0)
    domain = _uid_domain()
    for meeting in meetings:
        url = meeting_url(meeting, request)
        start = meeting.start.astimezone(tz)
        end = (meeting.end or meeting.start + DEFAULT_DURATION).astimezone(tz)
        event = Event()
        event.add("uid", f"sitzung-{meeting.pk}@{domain}")
        event.add("sequence", meeting.invitation_sequence)
        event.add("dtstamp", stamp)
        event.add("dtstart", start)
        event.add("dtend", end)
        event.add("summary", f"{meeting.body.display_name}: {meeting.title}" if meeting.body else meeting.title)
        if meeting.location:
            event.add("location", meeting.location)
        event.add("status", STATUS[meeting.status])
        event.add("url", url)
        event.add("description", description_for(meeting, agendas.get(meeting.pk, []), viewer, url))
        if meeting.last_published_at:
            event.add("last-modified", meeting.last_published_at.replace(microsecond=0))
        cal.add_component(event)
    if meetings:
        # Only the years the events need: a short, exact VTIMEZONE.
        first = min(m.start for m in meetings).date().replace(month=1, day=1)
        last = max(m.start for m in meetings).date().replace(month=12, day=31)
        cal.add_missing_timezones(first_date=first, last_date=last + timedelta(days=1))
    return cal.to_ical()


def calendar_response(content, filename, viewer_dependent=False):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    if viewer_dependent:
        response.viewer_dependent = True
    return response
