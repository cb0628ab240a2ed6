"""Builders of papers for tests."""

import datetime

from papers.models import Consultation, Paper
from portal.access import Audience

SECRET_PAPER_TITLE = "Vertrauliche Vorlage zur Trägerauswahl"
SECRET_PAPER_TEXT = "Geheimer Kostenrahmen 98.765 EUR"


def paper(title="Vorlage Test", *, consultations=(), attachments=(), **fields):
    """A paper; ``consultations`` are (body, role, agenda item or None) in their order."""
    fields.setdefault("originator_unit", "Fachbereich 56")
    fields.setdefault("audience", Audience.PUBLIC)
    fields.setdefault("date", datetime.date(2026, 3, 1))
    new = Paper(title=title, **fields)
    new.consultations = [
        Consultation(body=body, role=role, agenda_item=item, meeting_id=item.meeting_id if item else None, sort_order=n)
        for n, (body, role, item) in enumerate(consultations)
    ]
    if attachments:
        new.set_attachments(attachments)
    new.save()
    return new
