"""What a viewer may read of papers and decisions: the consultation path of a paper, the register
of decisions and the papers behind a decision, each through the access policy in a fixed number
of queries.

Agenda items are read only through ``meetings.agenda`` (``AgendaEntry``): an item the viewer may
not read is its number and neutral title, nothing else. Meetings the viewer may not see are not
named at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch
from django.utils.translation import gettext_lazy

from documents.models import PortalDocument
from meetings.agenda import AgendaEntry, agenda_items_for, entry_for
from meetings.models import ActionItem, AgendaItem, BodyPage, MeetingPage
from portal.access import Viewer

from .models import Consultation, Paper


@dataclass(frozen=True)
class Step:
    """One consultation of a paper as the viewer may see it."""

    body: BodyPage
    role: str
    role_label: str
    meeting: MeetingPage | None = None
    entry: AgendaEntry | None = None

    @property
    def decided(self):
        return self.entry is not None and not self.entry.redacted and bool(self.entry.result)


def consultation_path(paper: Paper, viewer: Viewer) -> list[Step]:
    """The Beratungsfolge in its order, with the meetings the viewer may see and the agenda
    items as the viewer may read them (three queries)."""
    consultations = list(paper.consultations.select_related("body").order_by("sort_order", "pk"))
    meeting_ids = {c.meeting_id for c in consultations if c.meeting_id}
    item_ids = {c.agenda_item_id for c in consultations if c.agenda_item_id}
    meetings = (
        {m.pk: m for m in MeetingPage.objects.visible_to(viewer).filter(pk__in=meeting_ids)} if meeting_ids else {}
    )
    items = {}
    if item_ids and meetings:
        items = {i.pk: i for i in agenda_items_for(viewer, list(meetings)).filter(pk__in=item_ids)}
    steps = []
    for c in consultations:
        meeting = meetings.get(c.meeting_id)
        item = items.get(c.agenda_item_id) if meeting is not None else None
        steps.append(
            Step(
                body=c.body,
                role=c.role,
                role_label=c.get_role_display(),
                meeting=meeting,
                entry=entry_for(item, item.full_access) if item is not None else None,
            )
        )
    return steps


def visible_documents(viewer: Viewer, paper: Paper):
    """The paper's main file and attachments the viewer may open (one query)."""
    ids = [paper.main_file_id] if paper.main_file_id else []
    links = list(paper.attachment_links.order_by("sort_order", "pk").values_list("document_id", flat=True))
    docs = {d.pk: d for d in PortalDocument.objects.visible_to(viewer).filter(pk__in=[*ids, *links])}
    return docs.get(paper.main_file_id), [docs[pk] for pk in links if pk in docs]


INVERSE = {
    "supplement": gettext_lazy("ergänzt durch"),
    "amendment": gettext_lazy("geändert durch"),
    "replaces": gettext_lazy("ersetzt durch"),
}


def related_papers(viewer: Viewer, paper: Paper):
    """(label, paper) of the relations in both directions, to papers the viewer may see."""
    visible = Paper.objects.visible_to(viewer).values("pk")
    outgoing = paper.relations.filter(target__in=visible).select_related("target").order_by("sort_order", "pk")
    incoming = paper.referenced_by.filter(paper__in=visible).select_related("paper").order_by("pk")
    return [(r.get_kind_display(), r.target) for r in outgoing] + [(INVERSE[r.kind], r.paper) for r in incoming]


# --- the register of decisions ---------------------------------------------------------------


def decisions(viewer: Viewer):
    """Agenda items with a decision or result whose text the viewer may read, newest first, with
    the state of their implementation from the action items the viewer may see."""
    actions = ActionItem.objects.visible_to(viewer).filter(agenda_item=OuterRef("pk"))
    return (
        AgendaItem.objects.minutes_readable_by(viewer)
        .exclude(decision="", result="")
        .select_related("meeting__body")
        .annotate(
            has_actions=Exists(actions),
            has_open_actions=Exists(actions.open()),
            has_overdue_actions=Exists(actions.overdue()),
        )
        .order_by("-meeting__start", "-sort_order", "-pk")
    )


def filter_implementation(items, value):
    if value == "offen":
        return items.filter(has_open_actions=True)
    if value == "ueberfaellig":
        return items.filter(has_overdue_actions=True)
    if value == "erledigt":
        return items.filter(has_actions=True, has_open_actions=False)
    if value == "ohne":
        return items.filter(has_actions=False)
    return items


def with_details(items, viewer: Viewer):
    """The action items the viewer may see and the papers behind each decision (two queries)."""
    visible_papers = Paper.objects.visible_to(viewer).values("pk")
    return items.prefetch_related(
        Prefetch(
            "action_items",
            queryset=ActionItem.objects.visible_to(viewer).select_related("organisation"),
            to_attr="visible_actions",
        ),
        Prefetch(
            "consultations",
            queryset=Consultation.objects.filter(paper__in=visible_papers).select_related("paper"),
            to_attr="visible_consultations",
        ),
    )
