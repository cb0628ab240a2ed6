"""What the meetings' page types show: the calendar, a body and a meeting.

The page types render their templates as every Wagtail page does; the templates ask for these
parts through the tags of ``meetings_tags`` (the models know nothing of this module). Parts that
are the same for everyone with the same access are rendered once per access group.
"""

from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from documents.models import PortalDocument
from portal import pagecache
from portal.access import ANONYMOUS, get_viewer

from .agenda import (
    agenda_for,
    confidential_entries,
    may_read_confidential,
    online_link_for,
    preview_agenda,
    public_entries,
)
from .forms import CalendarFilterForm, MeetingResponseForm, ObjectionForm
from .models import ActionItem, BodyMembership, BodyPage, MeetingPage, MeetingResponse, Objection

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
    return ", ".join(words)


def calendar_context(viewer, params):
    meetings = MeetingPage.objects.visible_to(viewer)
    bodies = list(BodyPage.objects.live().order_by("title"))
    years = sorted({d.year for d in meetings.datetimes("start", "year")}, reverse=True)
    form = CalendarFilterForm(params, bodies=bodies, years=years)
    past = form.value("zeit") == "vergangene"
    if form.value("gremium"):
        meetings = meetings.filter(body_id=form.value("gremium"))
    if form.value("jahr"):
        meetings = meetings.filter(start__year=form.value("jahr"))
    meetings = meetings.past() if past else meetings.upcoming()
    paginator = Paginator(meetings.select_related("body"), PER_PAGE)
    page_obj = paginator.get_page(params.get("seite"))
    return {
        "params": params,
        "form": form,
        "past": past,
        "meetings": page_obj,
        "bodies": bodies,
        "feed_url": reverse("meetings:ical_public"),
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
    }
