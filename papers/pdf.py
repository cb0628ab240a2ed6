"""The Beschlussauszug: one decision as a tagged PDF (PDF/UA), laid out like the minutes PDFs of
meetings/pdf.py, with the papers it was taken on and the action items that implement it."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings.agenda import agenda_items_for, entry_for
from meetings.models import ActionItem, BodyMembership
from meetings.pdf import signatory

from .models import Paper


def render_extract(item, viewer):
    """``item`` is an agenda item the viewer may read (``reading.decisions``)."""
    meeting = item.meeting
    full = agenda_items_for(viewer, [meeting.pk]).filter(pk=item.pk).first()
    entry = entry_for(full, full.full_access)
    papers = (
        Paper.objects.visible_to(viewer).filter(consultations__agenda_item=item).distinct().order_by("year", "serial")
    )
    context = {
        "title": _("Beschlussauszug – %(body)s, Sitzung vom %(date)s, TOP %(number)s")
        % {
            "body": meeting.body.title,
            "date": timezone.localtime(meeting.start).strftime("%d.%m.%Y"),
            "number": entry.number,
        },
        "meeting": meeting,
        "body": meeting.body,
        "entry": entry,
        "papers": list(papers),
        "actions": list(ActionItem.objects.visible_to(viewer).filter(agenda_item=item).select_related("organisation")),
        "secretary": signatory(meeting, BodyMembership.Role.SECRETARY, entry.public),
        "approved_at": meeting.last_published_at,
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    html = render_to_string("papers/pdf/extract.html", context)
    from weasyprint import HTML

    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
