"""What the meetings' page types show: the calendar, a body and a meeting.

The page types render their templates as every Wagtail page does; the templates ask for these
parts through the tags of ``meetings_tags`` (the models know nothing of this module). Parts that
are the same for everyone with the same access are rendered once per access group.
"""

import datetime

from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from documents.models import PortalDocument
from portal import pagecache
from portal.access import ANONYMOUS, get_viewer
from portal.services import absolute_url

from .agenda import (
    agenda_for,
    confidential_entries,
    may_read_confidential,
    online_link_for,
    preview_agenda,
    public_entries,
)
from .forms import CalendarFilterForm, MeetingResponseForm, ObjectionForm
from .models import ActionItem, AgendaItem, BodyMembership, BodyPage, MeetingPage, MeetingResponse, Objection

PER_PAGE = 20

RSVP_CLOSED = gettext_lazy(
    "Rückmeldungen sind nicht mehr möglich: Die Sitzung hat bereits begonnen. "
    "Bitte wenden Sie sich bei Fragen direkt an die Geschäftsführung des Gremiums."
)
RSVP_CANCELLED = gettext_lazy("Die Sitzung wurde abgesagt; Rückmeldungen sind nicht mehr nötig.")


# --- the calendar ------------------------------------------------------------------------------


def calendar_listing(request, index_page):
    """Filters and the list of meetings, kept per access group and filter."""
    viewer = get_viewer(request)
    return pagecache.render_for_access(
        viewer,
        pagecache.part_name(f"calendar:{index_page.pk}", request.GET),
        "meetings/includes/calendar.html",
        lambda: calendar_context(viewer, request.GET),
    )


def calendar_title(params):
    """The chosen filters as words for the page title, e.g. "Vergangene Sitzungen, Lenkungsgruppe, 2022"."""
    form = CalendarFilterForm(params, bodies=[], years=[])
    words = [str(_("Vergangene Sitzungen"))] if form.value("zeit") == "vergangene" else []
    gremium = params.get("gremium", "")
    if gremium.isdigit():
        words += BodyPage.objects.live().filter(pk=gremium).values_list("title", flat=True)
    if params.get("jahr", "").isdigit():
        words.append(params["jahr"])
    month = calendar_month(form.value("monat"))
    if month is not None:
        words.append(date_format(month, "F Y"))
    return ", ".join(words)


def calendar_context(viewer, params):
    meetings = MeetingPage.objects.visible_to(viewer)
    bodies = list(BodyPage.objects.live().order_by("title"))
    years = sorted({d.year for d in meetings.datetimes("start", "year")}, reverse=True)
    form = CalendarFilterForm(params, bodies=bodies, years=years)
    past = form.value("zeit") == "vergangene"
    if form.value("gremium"):
        meetings = meetings.filter(body_id=form.value("gremium"))
    feed_url = reverse("meetings:ical_public")
    common = {
        "params": params,
        "form": form,
        "past": past,
        "bodies": bodies,
        "feed_url": feed_url,
        "webcal_url": webcal(absolute_url(feed_url)),
        "this_month": month_param(timezone.localdate()),
    }
    month = calendar_month(form.value("monat"))
    if month is not None:
        return {**common, **month_context(meetings, month, form.value("gremium"))}
    if form.value("jahr"):
        meetings = meetings.filter(start__year=form.value("jahr"))
    meetings = meetings.past() if past else meetings.upcoming()
    paginator = Paginator(meetings.select_related("body"), PER_PAGE)
    page_obj = paginator.get_page(params.get("seite"))
    return {
        **common,
        "meetings": page_obj,
        "with_minutes": with_minutes(viewer, [m.pk for m in page_obj.object_list]),
    }


def with_minutes(viewer, meeting_ids):
    """The ids of those meetings whose minutes the viewer may read (at least one item with its
    summary, decision or result), in one query."""
    items = AgendaItem.objects.readable_by(viewer).filter(meeting_id__in=meeting_ids)
    return set(items.exclude(minutes="", decision="", result="").values_list("meeting_id", flat=True).distinct())


def webcal(url):
    """The subscribe address of a calendar feed: calendar programs open webcal:// links."""
    return "webcal://" + url.split("://", 1)[-1]


# --- the month view ------------------------------------------------------------------------------


def month_param(day):
    return f"{day.year:04d}-{day.month:02d}"


def calendar_month(day):
    """The first day of the month asked for (``?monat=2026-11``), or None (no month view)."""
    if day is None or not 1900 <= day.year <= 2200:
        return None
    return day.replace(day=1)


def month_context(meetings, first, body_id=None):
    """A month as weeks of days (Monday first), each day with its meetings (one query)."""
    import calendar

    tz = timezone.get_current_timezone()
    after = (first + datetime.timedelta(days=32)).replace(day=1)
    before = (first - datetime.timedelta(days=1)).replace(day=1)
    start = datetime.datetime.combine(first, datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(after, datetime.time.min, tzinfo=tz)
    by_day = {}
    for meeting in meetings.filter(start__gte=start, start__lt=end).select_related("body").order_by("start"):
        by_day.setdefault(timezone.localtime(meeting.start).date(), []).append(meeting)
    weeks = [
        [{"date": day, "in_month": day.month == first.month, "meetings": by_day.get(day, [])} for day in week]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    ]
    extra = f"&gremium={body_id}" if body_id else ""
    return {
        "month": first,
        "weeks": weeks,
        "month_meetings": sum(len(v) for v in by_day.values()),
        "previous_url": f"?monat={month_param(before)}{extra}",
        "next_url": f"?monat={month_param(after)}{extra}",
        "today": timezone.localdate(),
    }


def next_public_meetings(count):
    return list(MeetingPage.objects.live().visible_to(ANONYMOUS).upcoming().select_related("body")[:count])


# --- a body ------------------------------------------------------------------------------------

ROLE_ORDER = {role: position for position, role in enumerate(BodyMembership.Role.values)}


def body_organisations(body):
    """The organisations in the body with their roles, chair first (public information)."""
    organisations = {}
    memberships = BodyMembership.objects.active().filter(body=body).select_related("organisation")
    for membership in memberships:
        org = membership.organisation
        if not org.active:
            continue
        entry = organisations.setdefault(org.pk, {"organisation": org, "roles": set()})
        entry["roles"].add(membership.role)
    rows = []
    for entry in organisations.values():
        roles = sorted(entry["roles"], key=ROLE_ORDER.get)
        rows.append(
            {
                "organisation": entry["organisation"],
                "roles": [BodyMembership.Role(r).label for r in roles],
                "rank": ROLE_ORDER[roles[0]],
            }
        )
    return sorted(rows, key=lambda r: (r["rank"], r["organisation"].name))


def body_overview(request, body):
    """Members, upcoming and past meetings of a body as the viewer may see them."""
    meetings = MeetingPage.objects.visible_to(get_viewer(request)).filter(body=body).select_related("body")
    index = body.get_parent()
    return {
        "organisations": body_organisations(body),
        "upcoming": meetings.upcoming()[:10],
        "past": meetings.past()[:10],
        "calendar_url": f"{index.url}?gremium={body.pk}&zeit=vergangene" if index else "",
        "feed_url": reverse("meetings:ical_body", args=[body.pk]),
    }


# --- a meeting ---------------------------------------------------------------------------------


def meeting_parts(request, meeting, rsvp_form=None, objection_form=None):
    """What a meeting page shows the viewer: facts and agenda (kept per access group; in the
    admin preview the draft's), the body member's answer, the objections to draft minutes and
    the organisation's action items."""
    viewer = get_viewer(request)
    if getattr(request, "is_preview", False):
        content = render_to_string("meetings/includes/meeting_content.html", meeting_context(meeting, viewer, True))
    else:
        content = pagecache.render_for_access(
            viewer,
            f"meeting:{meeting.pk}",
            "meetings/includes/meeting_content.html",
            lambda: meeting_context(meeting, viewer),
        )
    is_body_member = viewer.is_authenticated and meeting.body_id in viewer.body_ids
    response = None
    if is_body_member:
        response = MeetingResponse.objects.filter(meeting=meeting, user=viewer.user).first()
        if rsvp_form is None and meeting.rsvp_open:
            rsvp_form = MeetingResponseForm(instance=response)
    objections = objection_parts(meeting, viewer, objection_form) if is_body_member else {}
    action_items = []
    if viewer.organisation_ids:
        action_items = ActionItem.objects.open_for(viewer).filter(meeting__body_id=meeting.body_id)
    return {
        "content": content,
        "is_body_member": is_body_member,
        "rsvp_response": response,
        "rsvp_form": rsvp_form,
        "rsvp_closed_message": RSVP_CANCELLED if meeting.is_cancelled else RSVP_CLOSED,
        "action_items": action_items,
        **objections,
    }


def objection_parts(meeting, viewer, form=None):
    """During the objection period the Gremium's members object to items of the draft minutes."""
    record = meeting.minutes_record_or_none
    if record is None or not record.in_objection_period:
        return {}
    is_open = not record.objection_period_over()
    if form is None and is_open:
        form = ObjectionForm(entries=agenda_for(meeting, viewer))
    mine = Objection.objects.filter(record=record, author=viewer.user).select_related("agenda_item")
    return {
        "objection_record": record,
        "objection_form": form if is_open else None,
        "my_objections": list(mine.order_by("created_at")),
    }


def meeting_context(meeting, viewer, preview=False):
    """Facts, links and agenda of a meeting as the viewer may read them."""
    entries = preview_agenda(meeting) if preview else agenda_for(meeting, viewer)
    confidential = may_read_confidential(meeting, viewer)
    record = meeting.minutes_record_or_none
    invitation = None
    if meeting.invitation_id and not preview:
        invitation = PortalDocument.objects.visible_to(viewer).filter(pk=meeting.invitation_id).first()
    return {
        "invitation": invitation,
        "minutes_draft": record if record is not None and record.in_objection_period and confidential else None,
        "meeting": meeting,
        "public_part": [e for e in entries if e.public],
        "confidential_part": [e for e in entries if not e.public],
        "online_link": online_link_for(meeting, viewer),
        "minutes_public": any(e.has_minutes for e in public_entries(entries)),
        "minutes_full": confidential and any(e.has_minutes for e in confidential_entries(entries)),
        "ics_url": reverse("meetings:ical_meeting", args=[meeting.pk]),
        # the meeting pack and its attachments as they stand published (not in a draft's preview)
        "pack_url": "" if preview or not entries else reverse("meetings:meeting_pack", args=[meeting.pk]),
        "zip_url": (
            ""
            if preview or not any(e.attachments for e in entries)
            else reverse("meetings:meeting_pack_zip", args=[meeting.pk])
        ),
    }
