"""The minutes (Niederschrift) as a tagged PDF, laid out like a German municipal Niederschrift."""

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from .agenda import confidential_entries, public_entries


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
    else:
        title = _("Niederschrift – %(body)s, Sitzung vom %(date)s") % {
            "body": body.title,
            "date": timezone.localtime(meeting.start).strftime("%d.%m.%Y"),
        }
    context = {
        "title": title,
        "meeting": meeting,
        "body": body,
        "variant": variant,
        "public_part": public_entries(entries) if variant != Variant.EXTRACT else [],
        "confidential_part": confidential_entries(entries) if variant == Variant.FULL else [],
        "item": item,
        "attendances": attendances if variant == Variant.FULL else (),
        "approved_at": meeting.last_published_at,
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    html = render_to_string("meetings/pdf/minutes.html", context)
    from weasyprint import HTML

    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")


def pdf_response(content, filename, viewer_dependent=False):
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    if viewer_dependent:
        response.viewer_dependent = True
    return response
