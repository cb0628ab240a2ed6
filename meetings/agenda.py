"""What a viewer may read of an agenda: the one place that redacts non-public items.

Views, e-mails, calendars, PDFs and search results render ``AgendaEntry`` objects built here,
never agenda items themselves. A non-public item the viewer may not read becomes an entry
with its number and a neutral title, and nothing else: its text is not even copied.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch

from documents.models import PortalDocument
from portal.access import Viewer

from .models import NEUTRAL_TITLE, AgendaItem, AgendaItemDeparture, MeetingPage


@dataclass(frozen=True)
class AgendaEntry:
    pk: int
    meeting_id: int
    number: int
    title: str
    public: bool
    redacted: bool = False
    description: str = ""
    presenter: str = ""
    minutes: str = ""
    decision: str = ""
    result: str = ""
    result_label: str = ""
    votes_for: int | None = None
    votes_against: int | None = None
    votes_abstained: int | None = None
    attachments: tuple = field(default_factory=tuple)
    # who left the room for this item because of a conflict of interest: (person id, name) pairs
    departures: tuple = field(default_factory=tuple)

    @property
    def has_minutes(self):
        return bool(self.minutes or self.decision or self.result)

    @property
    def has_votes(self):
        return any(v is not None for v in (self.votes_for, self.votes_against, self.votes_abstained))


def entry_for(item, full_access: bool) -> AgendaEntry:
    """The item as the viewer may read it. Its minutes texts only where the queryset said so
    (``minutes_access``, see ``AgendaItemQuerySet.with_minutes_access``): without it, none."""
    if not full_access:
        return AgendaEntry(
            pk=item.pk,
            meeting_id=item.meeting_id,
            number=item.number,
            title=item.redacted_title,
            public=False,
            redacted=True,
        )
    if not getattr(item, "minutes_access", False):
        return AgendaEntry(
            pk=item.pk,
            meeting_id=item.meeting_id,
            number=item.number,
            title=item.title,
            public=item.public,
            description=item.description,
            presenter=item.presenter,
            attachments=tuple(getattr(item, "visible_attachments", ())),
        )
    return AgendaEntry(
        pk=item.pk,
        meeting_id=item.meeting_id,
        number=item.number,
        title=item.title,
        public=item.public,
        description=item.description,
        presenter=item.presenter,
        minutes=item.minutes,
        decision=item.decision,
        result=item.result,
        result_label=item.get_result_display() if item.result else "",
        votes_for=item.votes_for,
        votes_against=item.votes_against,
        votes_abstained=item.votes_abstained,
        attachments=tuple(getattr(item, "visible_attachments", ())),
        departures=tuple((d.person_id, d.display_name) for d in item.departures.all()) if item.pk else (),
    )


def agenda_items_for(viewer: Viewer, meeting_ids):
    """The agenda items of the given meetings as the viewer may see them (two queries)."""
    return (
        AgendaItem.objects.visible_to(viewer)
        .with_minutes_access(viewer)
        .filter(meeting_id__in=meeting_ids)
        .order_by("meeting_id", "sort_order", "pk")
        .prefetch_related(
            Prefetch(
                "attachments",
                queryset=PortalDocument.objects.visible_to(viewer).order_by("title"),
                to_attr="visible_attachments",
            ),
            Prefetch("departures", queryset=AgendaItemDeparture.objects.select_related("person", "organisation")),
        )
    )


def agendas_for(meetings, viewer: Viewer) -> dict[int, list[AgendaEntry]]:
    """Entries per meeting id, for meetings the caller already got through ``visible_to``."""
    agendas = defaultdict(list)
    ids = [m.pk for m in meetings]
    if not ids:
        return agendas
    for item in agenda_items_for(viewer, ids):
        agendas[item.meeting_id].append(entry_for(item, item.full_access))
    return agendas


def agenda_for(meeting: MeetingPage, viewer: Viewer) -> list[AgendaEntry]:
    return agendas_for([meeting], viewer)[meeting.pk]


def preview_agenda(meeting: MeetingPage) -> list[AgendaEntry]:
    """The agenda of an unsaved draft, for the admin preview (staff only, full text)."""
    entries = []
    for position, item in enumerate(meeting.agenda_items.all()):
        item.sort_order = position
        item.visible_attachments = item.attached_documents()
        item.minutes_access = True
        entries.append(entry_for(item, full_access=True))
    return entries


def public_entries(entries):
    """The public part only (the public minutes variant)."""
    return [e for e in entries if e.public and not e.redacted]


def confidential_entries(entries):
    return [e for e in entries if not e.public and not e.redacted]


def departures_by_person(entries):
    """{person id or name: [TOP numbers]}: the items each person left the room for."""
    left = defaultdict(list)
    for entry in entries:
        for person_id, name in entry.departures:
            left[person_id or name].append(entry.number)
    return left


def may_read_confidential(meeting: MeetingPage, viewer: Viewer) -> bool:
    """Whether the viewer may read the non-public part of this meeting (body members, staff);
    items they are recused from stay redacted for them (see ``full_access_q``)."""
    return viewer.is_staff or meeting.body_id in viewer.body_ids


def online_link_for(meeting: MeetingPage, viewer: Viewer) -> str:
    """The online-meeting link is for logged-in members only."""
    return meeting.online_link if viewer.is_member else ""


__all__ = [
    "AgendaEntry",
    "NEUTRAL_TITLE",
    "agenda_for",
    "agendas_for",
    "confidential_entries",
    "departures_by_person",
    "may_read_confidential",
    "online_link_for",
    "preview_agenda",
    "public_entries",
]
