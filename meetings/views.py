from datetime import timedelta
from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portal.access import ANONYMOUS, Audience, Viewer, get_viewer

from . import ical, minutes, pack, seats
from .agenda import (
    agenda_for,
    may_read_confidential,
    public_entries,
)
from .forms import BodySeatForm, MeetingResponseForm, ObjectionForm
from .models import ActionItem, AgendaItem, BodyMembership, BodyPage, CalendarToken, MeetingPage, MeetingResponse
from .pdf import Variant, pdf_response, render_minutes_pdf

PER_PAGE = 20
FEED_HISTORY = timedelta(days=3 * 365)

RSVP_CLOSED = gettext_lazy(
    "Rückmeldungen sind nicht mehr möglich: Die Sitzung hat bereits begonnen. "
    "Bitte wenden Sie sich bei Fragen direkt an die Geschäftsführung des Gremiums."
)
RSVP_CANCELLED = gettext_lazy("Die Sitzung wurde abgesagt; Rückmeldungen sind nicht mehr nötig.")


def _visible_meeting(request, pk):
    """A live meeting the viewer may see; anonymous → login, others → 404."""
    meeting = MeetingPage.objects.visible_to(get_viewer(request)).select_related("body").filter(pk=pk).first()
    if meeting is None:
        if not request.user.is_authenticated and MeetingPage.objects.live().filter(pk=pk).exists():
            raise _LoginRequired
        raise Http404
    return meeting


class _LoginRequired(Exception):
    pass


def login_or_404(view):
    """Turn _LoginRequired into the login redirect, so helpers can stop a view early."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _LoginRequired:
            return redirect_to_login(request.get_full_path())

    return wrapper


# --- RSVP ------------------------------------------------------------------------------------


@login_required
@require_POST
@login_or_404
def rsvp(request, pk):
    viewer = get_viewer(request)
    meeting = _visible_meeting(request, pk)
    if meeting.body_id not in viewer.body_ids:
        raise PermissionDenied
    if not meeting.rsvp_open:
        messages.error(request, RSVP_CANCELLED if meeting.is_cancelled else RSVP_CLOSED)
        return redirect(meeting.url + "#rueckmeldung")
    response = MeetingResponse.objects.filter(meeting=meeting, user=request.user).first()
    form = MeetingResponseForm(request.POST, instance=response)
    if not form.is_valid():
        # the meeting page again, with the answer and its errors
        context = {**meeting.get_context(request), "rsvp_form": form}
        return TemplateResponse(request, meeting.get_template(request), context, status=400)
    answer = form.save(commit=False)
    answer.meeting, answer.user = meeting, request.user
    answer.save()
    messages.success(
        request, _("Ihre Rückmeldung wurde gespeichert: %(answer)s.") % {"answer": answer.get_answer_display()}
    )
    return redirect(meeting.url + "#rueckmeldung")


# --- iCalendar -------------------------------------------------------------------------------


def _feed_meetings(viewer):
    since = timezone.now() - FEED_HISTORY
    return MeetingPage.objects.visible_to(viewer).filter(start__gte=since).select_related("body").order_by("start")


def ical_public(request):
    """All public meetings: the same for everyone, whoever asks."""
    name = _("Sitzungen – Integrationsportal Hagen")
    content = ical.build_calendar(_feed_meetings(ANONYMOUS), ANONYMOUS, name, request)
    return ical.calendar_response(content, "sitzungen.ics")


def ical_body(request, pk):
    body = get_object_or_404(BodyPage.objects.live(), pk=pk)
    meetings = _feed_meetings(ANONYMOUS).filter(body=body)
    content = ical.build_calendar(meetings, ANONYMOUS, body.title, request)
    return ical.calendar_response(content, f"{body.slug}.ics")


@login_or_404
def ical_meeting(request, pk):
    viewer = get_viewer(request)
    meeting = _visible_meeting(request, pk)
    content = ical.build_calendar([meeting], viewer, meeting.body.title, request)
    return ical.calendar_response(content, f"sitzung-{meeting.pk}.ics", viewer_dependent=True)


def ical_personal(request, token):
    """A member's own feed behind a secret address: what that member may see, nothing else."""
    calendar_token = (
        CalendarToken.objects.select_related("user").filter(token=token, user__is_active=True).first()
        if token
        else None
    )
    if calendar_token is None:
        raise Http404
    viewer = Viewer.for_user(calendar_token.user)
    if not viewer.is_member:
        raise Http404
    content = ical.build_calendar(_feed_meetings(viewer), viewer, _("Meine Sitzungen – Integrationsportal"), request)
    return ical.calendar_response(content, "meine-sitzungen.ics", viewer_dependent=True)


@login_required
@require_POST
def calendar_token(request):
    """Create or renew (the old address stops working) or revoke the personal feed address."""
    if request.POST.get("action") == "revoke":
        CalendarToken.objects.filter(user=request.user).delete()
        messages.success(request, _("Ihr persönlicher Kalender-Feed wurde widerrufen."))
    else:
        token, created = CalendarToken.objects.get_or_create(user=request.user)
        if not created:
            token.renew()
            token.save()
        messages.success(
            request,
            _("Ihr persönlicher Kalender-Feed ist eingerichtet.")
            if created
            else _("Ihr Kalender-Feed hat eine neue Adresse; die alte funktioniert nicht mehr."),
        )
    return redirect(reverse("portal:members_home") + "#kalender")


# --- minutes PDF -----------------------------------------------------------------------------


def _attendances(meeting):
    return list(meeting.attendances.select_related("person", "organisation"))


@login_or_404
def minutes_public_pdf(request, pk):
    viewer = get_viewer(request)
    meeting = _visible_meeting(request, pk)
    # The public variant is one document for everybody: built as anonymous visitors see it.
    base = ANONYMOUS if meeting.audience == Audience.PUBLIC else viewer
    entries = public_entries(agenda_for(meeting, base))
    if not any(e.has_minutes for e in entries):
        raise Http404
    content = render_minutes_pdf(meeting, entries, Variant.PUBLIC)
    return pdf_response(
        content, f"niederschrift-{meeting.slug}-oeffentlich.pdf", viewer_dependent=base is not ANONYMOUS
    )


@login_or_404
def minutes_full_pdf(request, pk):
    viewer = get_viewer(request)
    meeting = _visible_meeting(request, pk)
    if not may_read_confidential(meeting, viewer):
        if not viewer.is_authenticated:
            raise _LoginRequired
        raise Http404
    entries = agenda_for(meeting, viewer)
    if not any(e.has_minutes for e in entries):
        raise Http404
    content = render_minutes_pdf(meeting, entries, Variant.FULL, attendances=_attendances(meeting))
    return pdf_response(content, f"niederschrift-{meeting.slug}.pdf", viewer_dependent=True)


@login_or_404
def minutes_extract_pdf(request, pk, item_pk):
    viewer = get_viewer(request)
    meeting = _visible_meeting(request, pk)
    entry = next((e for e in agenda_for(meeting, viewer) if e.pk == item_pk), None)
    if entry is None:
        raise Http404
    if entry.redacted:
        if not viewer.is_authenticated:
            raise _LoginRequired
        raise Http404
    if not entry.has_minutes:
        raise Http404
    content = render_minutes_pdf(meeting, [entry], Variant.EXTRACT, item=entry)
    return pdf_response(content, f"auszug-{meeting.slug}-top-{entry.number}.pdf", viewer_dependent=not entry.public)


# --- meeting pack (Sitzungsmappe) ---------------------------------------------------------------


@login_or_404
def meeting_pack(request, pk):
    """The meeting as one PDF, with what the viewer may read (anonymous visitors: the public part
    of a public meeting, which they may read on the meeting page anyway)."""
    meeting = _visible_meeting(request, pk)
    content = pack.meeting_pack(meeting, get_viewer(request), request.build_absolute_uri)
    return pdf_response(content, f"sitzungsmappe-{meeting.slug}.pdf", viewer_dependent=True)


@login_or_404
def meeting_pack_zip(request, pk):
    meeting = _visible_meeting(request, pk)
    content = pack.attachments_zip(meeting, get_viewer(request))
    if content is None:
        raise Http404
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="anlagen-{meeting.slug}.zip"'
    response.viewer_dependent = True
    return response


# --- search ----------------------------------------------------------------------------------


def search(request):
    """The meetings' search is the site search (its groups include meetings and agenda items)."""
    query = request.GET.get("q", "").strip()[:200]
    url = reverse("portal:search")
    return redirect(f"{url}?{urlencode({'q': query})}" if query else url, permanent=True)


# --- members' area ---------------------------------------------------------------------------


def members_overview(viewer, limit=10):
    """The member's next meetings (with their answers) and their organisations' open action items."""
    if not viewer.is_authenticated:
        return {}
    meetings = list(
        MeetingPage.objects.visible_to(viewer)
        .filter(body_id__in=viewer.body_ids)
        .upcoming()
        .select_related("body")
        .prefetch_related(
            Prefetch("responses", queryset=MeetingResponse.objects.filter(user=viewer.user), to_attr="my_responses")
        )[:limit]
    )
    action_items = ActionItem.objects.open_for(viewer)
    return {
        "next_meetings": meetings,
        "action_items": list(action_items[:50]),
        "calendar_token": CalendarToken.objects.filter(user=viewer.user).first(),
    }


# --- seats of an organisation (its organisation admins manage them) ---------------------------


@login_required
def organisation_bodies(request, pk):
    from portal.views import managed_organisation

    organisation = managed_organisation(request, pk)
    form = BodySeatForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        membership = seats.add_to_body(
            form.cleaned_data["seat"], form.cleaned_data["person"], form.cleaned_data["role"], request.user
        )
        messages.success(
            request,
            _("%(name)s gehört jetzt dem Gremium „%(body)s“ an.") % {"name": membership.user, "body": membership.body},
        )
        return redirect("meetings:organisation_bodies", pk=organisation.pk)
    return TemplateResponse(
        request,
        "meetings/organisation_bodies.html",
        {"organisation": organisation, "seats": seats.seats_of(organisation), "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def body_membership_end(request, pk):
    """Asks first (GET), ends on the confirmed POST; organisation admins end only the roles they give."""
    from portal.views import managed_organisation

    memberships = BodyMembership.objects.active().select_related("user", "body", "organisation")
    if not get_viewer(request).is_staff:
        memberships = memberships.filter(role__in=seats.ROLES)
    membership = get_object_or_404(memberships, pk=pk)
    managed_organisation(request, membership.organisation_id)
    if request.method == "POST":
        seats.end_body_membership(membership, request.user)
        messages.success(
            request,
            _("%(name)s gehört dem Gremium „%(body)s“ nicht mehr an.")
            % {"name": membership.user, "body": membership.body},
        )
        return redirect("meetings:organisation_bodies", pk=membership.organisation_id)
    return TemplateResponse(request, "meetings/body_membership_end.html", {"membership": membership})


# --- objections to draft minutes ---------------------------------------------------------------


@login_required
@require_POST
@login_or_404
def objection(request, pk):
    """A Gremium member objects to an item of the draft minutes during the objection period."""
    viewer = get_viewer(request)
    meeting = _visible_meeting(request, pk)
    if meeting.body_id not in viewer.body_ids:
        raise PermissionDenied
    record = meeting.minutes_record_or_none
    if record is None or not record.in_objection_period or record.objection_period_over():
        messages.error(request, _("Zu dieser Niederschrift können keine Einwendungen (mehr) erhoben werden."))
        return redirect(meeting.url + "#einwendungen")
    entries = agenda_for(meeting, viewer)
    form = ObjectionForm(request.POST, entries=entries)
    if not form.is_valid():
        context = {**meeting.get_context(request), "objection_form": form}
        return TemplateResponse(request, meeting.get_template(request), context, status=400)
    item = AgendaItem.objects.get(pk=form.cleaned_data["agenda_item"], meeting=meeting)
    try:
        minutes.file_objection(record, item, request.user, form.cleaned_data["text"])
    except minutes.MinutesError as error:
        messages.error(request, str(error))
        return redirect(meeting.url + "#einwendungen")
    messages.success(
        request,
        _("Ihre Einwendung zu TOP %(number)s ist eingegangen. Sie erhalten Nachricht, wie über sie entschieden wurde.")
        % {"number": item.number},
    )
    return redirect(meeting.url + "#einwendungen")
