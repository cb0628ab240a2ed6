"""Putting a paper on the agenda of a meeting: the agenda item is made from the paper.

The item is written to the meeting at once (so the consultation can point at it) and into the
meeting's latest and live revisions, so publishing a draft of the meeting keeps it. Its title,
public flag and attachments come from the paper; a non-public paper becomes a non-public item,
which the public sees only as number and neutral title (meetings/agenda.py).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.search import index

from meetings.models import AgendaItem, AgendaItemAttachment
from portal.access import Audience

PUT_ON_AGENDA = "papers.put_on_agenda"


def item_title(paper):
    return f"{paper.title} (Vorlage {paper.number})"[:255]


def put_on_agenda(paper, consultation, meeting, user=None):
    """Create the agenda item for ``consultation`` in ``meeting`` and link it; returns the item."""
    if consultation.paper_id != paper.pk:
        raise ValidationError(_("Diese Beratung gehört nicht zu der Vorlage."))
    if meeting.body_id != consultation.body_id:
        raise ValidationError(_("Die Sitzung gehört nicht zu dem Gremium dieser Beratung."))
    if meeting.is_cancelled:
        raise ValidationError(_("Die Sitzung ist abgesagt."))
    if consultation.agenda_item_id:
        raise ValidationError(_("Diese Beratung steht bereits auf einer Tagesordnung."))
    documents = [paper.main_file] if paper.main_file_id else []
    documents += [link.document for link in paper.attachment_links.select_related("document").order_by("sort_order")]
    with transaction.atomic():
        item = AgendaItem.objects.create(
            meeting=meeting,
            sort_order=AgendaItem.objects.filter(meeting=meeting).count(),
            title=item_title(paper),
            public=paper.audience == Audience.PUBLIC,
            description=paper.proposal,
            presenter=paper.originator_unit
            or (paper.originator_organisation.name if paper.originator_organisation_id else ""),
        )
        for position, document in enumerate(dict.fromkeys(documents)):
            AgendaItemAttachment.objects.create(agenda_item=item, document=document, sort_order=position)
        consultation.meeting = meeting
        consultation.agenda_item = item
        consultation.save(update_fields=["meeting", "agenda_item"])
        add_to_revisions(meeting, item)
        if user is not None:
            from wagtail.log_actions import log

            log(instance=paper, action=PUT_ON_AGENDA, user=user, data={"meeting": meeting.pk, "agenda_item": item.pk})
    index.insert_or_update_object(meeting)
    return item


def add_to_revisions(meeting, item):
    """Write the new item into the meeting's latest and live revisions, so that publishing either
    keeps it (publishing a revision deletes the items it does not have)."""
    revisions = {r.pk: r for r in (meeting.latest_revision, meeting.live_revision) if r is not None}
    for revision in revisions.values():
        page = revision.as_object()
        items = list(page.agenda_items.all())
        if any(existing.pk == item.pk for existing in items):
            continue
        page.agenda_items = [*items, AgendaItem.objects.get(pk=item.pk)]
        revision.content = page.serializable_data()
        revision.save(update_fields=["content"])
