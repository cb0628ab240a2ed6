"""The minutes (Niederschrift) as a tagged PDF, laid out like a German municipal Niederschrift."""

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from .agenda import departures_by_person, public_entries
from .models import Attendance, BodyMembership


class Variant:
    PUBLIC = "public"
    FULL = "full"
    EXTRACT = "extract"


def render_minutes_pdf(meeting, entries, variant, *, attendances=(), item=None):
    """``entries`` come from meetings.agenda for the right viewer; this only lays them out."""
    body = meeting.body
    if variant == Variant.EXTRACT:
        title = _("Auszug aus der Niederschrift – %(body)s, Sitzung vom %(date)s, TOP %(number)s") % {
            "body": body.title,
            "date": timezone.localtime(meeting.start).strftime("%d.%m.%Y"),
            "number": item.number,
        }
    elif variant == Variant.PUBLIC:
        title = _("Niederschrift, öffentlicher Teil – %(body)s, Sitzung vom %(date)s") % {
            "body": body.title,
            "date": timezone.localtime(meeting.start).strftime("%d.%m.%Y"),
        }
    else:
        title = _("Niederschrift, vollständig mit nicht öffentlichem Teil – %(body)s, Sitzung vom %(date)s") % {
            "body": body.title,
            "date": timezone.localtime(meeting.start).strftime("%d.%m.%Y"),
        }
    public = variant == Variant.PUBLIC or (variant == Variant.EXTRACT and item.public)
    record = meeting.minutes_record_or_none
    draft = record is not None and not record.is_final
    if draft:
        title = _("Entwurf: %(title)s") % {"title": title}
    context = {
        "draft": record if draft else None,
        "title": title,
        "meeting": meeting,
        "body": body,
        "variant": variant,
        "public_part": public_entries(entries) if variant != Variant.EXTRACT else [],
        # The full minutes list the items a recused reader may not read with number and public title.
        "confidential_part": [e for e in entries if not e.public] if variant == Variant.FULL else [],
        "item": item,
        "attendances": with_departures(attendances, entries) if variant == Variant.FULL else (),
        "approved_at": (record.final_at if record is not None else meeting.last_published_at) if not draft else None,
        "approved_in": record.approved_in if record is not None and not draft else None,
        "chair": signatory(meeting, BodyMembership.Role.CHAIR, public),
        "secretary": signatory(meeting, BodyMembership.Role.SECRETARY, public),
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    html = render_to_string("meetings/pdf/minutes.html", context)
    from weasyprint import HTML

    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")


def with_departures(attendances, entries):
    """(attendance, TOP numbers the person left the room for because of a conflict of interest)."""
    left = departures_by_person(entries)
    return [(a, left.get(a.person_id or a.name, [])) for a in attendances]


def signatory(meeting, role, public):
    """The name under a signature line: who held the role in the meeting (attendance), else who
    held it in the body on the day. Public minutes name only people who agreed to be published."""
    day = timezone.localtime(meeting.start).date()
    attendance = (
        meeting.attendances.filter(role=role)
        .exclude(status__in=[Attendance.Status.ABSENT, Attendance.Status.EXCUSED])
        .select_related("person")
        .first()
    )
    if attendance is not None:
        person, name = attendance.person, attendance.display_name
    else:
        membership = (
            BodyMembership.objects.active(on=day).filter(body_id=meeting.body_id, role=role).select_related("user")
        ).first()
        if membership is None:
            return ""
        person, name = membership.user, str(membership.user)
    if public and not (person is not None and person.publish_in_oparl):
        return ""
    return name


def pdf_response(content, filename, viewer_dependent=False):
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    if viewer_dependent:
        response.viewer_dependent = True
    return response


def render_invitation_pdf(meeting, entries, amended=(), amendment=False):
    """The invitation (Einladung) as a tagged PDF: date, place, the agenda with its public and
    non-public part. ``entries`` are redacted as the document's audience may read them."""
    date = timezone.localtime(meeting.start).strftime("%d.%m.%Y")
    title = (
        _("Nachtrag zur Einladung – %(body)s, Sitzung am %(date)s")
        if amendment
        else _("Einladung – %(body)s, Sitzung am %(date)s")
    ) % {"body": meeting.body.title, "date": date}
    context = {
        "title": title,
        "meeting": meeting,
        "body": meeting.body,
        "amendment": amendment,
        "amended": set(amended),
        "public_part": [e for e in entries if e.public],
        "confidential_part": [e for e in entries if not e.public],
        "chair": signatory(meeting, BodyMembership.Role.CHAIR, True),
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    html = render_to_string("meetings/pdf/invitation.html", context)
    from weasyprint import HTML

    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
