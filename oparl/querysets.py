"""The public data of the API: every queryset starts from what anonymous visitors may read.

Each entry names the fields the ``created_*`` / ``modified_*`` filters use and the
serializer; the prefetches keep the number of queries per list page constant.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, Min, OuterRef, Prefetch, Q
from django.utils import timezone

from documents.models import PortalDocument
from meetings.agenda import agenda_items_for
from meetings.models import AgendaItem, BodyMembership, BodyPage, MeetingPage, Place
from papers.models import Consultation, Paper, PaperAttachment, PaperRelation
from portal.access import ANONYMOUS
from portal.models import User

from . import serializers
from .serializers import BODY_ID

FALLBACK_CREATED = datetime(2025, 1, 1, tzinfo=timezone.get_fixed_timezone(60))


def public_memberships():
    return BodyMembership.objects.filter(
        user__publish_in_oparl=True, user__is_active=True, body__in=public_bodies().values("pk")
    ).select_related("user")


def public_people():
    return User.objects.filter(publish_in_oparl=True, is_active=True)


def public_bodies():
    return BodyPage.objects.live().public()


def public_meetings():
    return MeetingPage.objects.visible_to(ANONYMOUS)


def public_places():
    """Places of meetings anonymous visitors may read: a place used only by other meetings (an
    address where a closed group meets) is not public."""
    return Place.objects.filter(pk__in=public_meetings().filter(place__isnull=False).values("place_id"))


def public_agenda_items():
    """Items of public meetings; ``full_access`` tells which ones anonymous visitors may read."""
    return with_consultations(agenda_items_for(ANONYMOUS, public_meetings().values("pk")).select_related("meeting"))


def public_files():
    """Public documents attached to agenda items anonymous visitors may read, the public
    documents of public papers and the invitations of public meetings."""
    readable = AgendaItem.objects.readable_by(ANONYMOUS).values("pk")
    return PortalDocument.objects.visible_to(ANONYMOUS).filter(
        Q(pk__in=PortalDocument.objects.filter(agenda_items__in=readable).values("pk"))
        | Q(pk__in=public_paper_files())
        | Q(pk__in=public_meetings().filter(invitation__isnull=False).values("invitation_id"))
    )


def site_created():
    """``created`` of System, Body and the legislative terms: the first publication of the meeting data."""
    firsts = [
        model.objects.live().aggregate(first=Min("first_published_at"))["first"] for model in (BodyPage, MeetingPage)
    ]
    firsts = [f for f in firsts if f]
    return min(firsts) if firsts else FALLBACK_CREATED


# --- papers (Vorlagen) and their consultations -----------------------------------------------


def public_papers():
    return Paper.objects.visible_to(ANONYMOUS)


def public_paper_files():
    """The ids of the public papers' main files and attachments (``visible_to`` still applies)."""
    papers = public_papers()
    attached = PaperAttachment.objects.filter(paper__in=papers.values("pk")).values("document_id")
    return PortalDocument.objects.filter(Q(pk__in=papers.values("main_file_id")) | Q(pk__in=attached)).values("pk")


def public_consultations():
    """Consultations of public papers in public Gremien; ``oparl_meeting`` and ``oparl_item`` say
    whether their meeting is public and their agenda item readable by anonymous visitors."""
    return (
        Consultation.objects.filter(paper__in=public_papers().values("pk"), body__in=public_bodies().values("pk"))
        .select_related("paper")
        .annotate(
            oparl_meeting=Exists(public_meetings().filter(pk=OuterRef("meeting_id"))),
            oparl_item=Exists(AgendaItem.objects.readable_by(ANONYMOUS).filter(pk=OuterRef("agenda_item_id"))),
        )
        .order_by("sort_order", "pk")
    )


def public_resolutions():
    """Agenda items anonymous visitors may read that have a decision: their Beschlussauszug."""
    return AgendaItem.objects.minutes_readable_by(ANONYMOUS).exclude(decision="", result="").select_related("meeting")


def with_consultations(items):
    """Agenda items with the consultations of public papers on them (``AgendaItem.consultation``)."""
    return items.prefetch_related(
        Prefetch("consultations", queryset=public_consultations(), to_attr="oparl_consultations")
    )


def _papers():
    documents = PortalDocument.objects.visible_to(ANONYMOUS)
    visible = public_papers().values("pk")
    return (
        public_papers()
        .select_related("main_file")
        .annotate(oparl_main_public=Exists(documents.filter(pk=OuterRef("main_file_id"))))
        .prefetch_related(
            Prefetch("consultations", queryset=public_consultations(), to_attr="oparl_consultations"),
            Prefetch(
                "attachments",
                queryset=documents.order_by("title", "pk"),
                to_attr="oparl_attachments",
            ),
            Prefetch("relations", queryset=PaperRelation.objects.filter(target__in=visible), to_attr="oparl_relations"),
        )
    )


@dataclass
class Kind:
    """One kind of OParl object: where its objects come from and how they are shown.

    ``queryset`` (a model's public rows, prefetched for a list page) or ``items`` (objects that
    are not rows: pairs of id and object); ``created`` gives the ``created`` of a new object;
    ``hidden`` what the object's JSON does not show but its files do (changes count as changes).
    """

    name: str
    serialize: Callable | None
    created: Callable
    queryset: Callable | None = None
    items: Callable | None = None
    hidden: Callable | None = None

    def all(self):
        if self.items is not None:
            return self.items()
        if self.queryset is None:
            return []
        return ((obj.pk, obj) for obj in self.queryset().order_by("pk").iterator(chunk_size=500))

    def get_many(self, pks):
        pks = set(pks)
        if not pks:
            return {}
        if self.items is not None:
            return {pk: obj for pk, obj in self.items() if pk in pks}
        return {obj.pk: obj for obj in self.queryset().filter(pk__in=pks)}


def _organizations():
    return public_bodies().prefetch_related(
        Prefetch("body_memberships", queryset=public_memberships().order_by("pk"), to_attr="oparl_memberships")
    )


def _meetings():
    return (
        public_meetings()
        .select_related("place", "invitation")
        .annotate(
            invitation_public=Exists(PortalDocument.objects.visible_to(ANONYMOUS).filter(pk=OuterRef("invitation_id")))
        )
        .prefetch_related(
            Prefetch(
                "agenda_items",
                queryset=with_consultations(agenda_items_for(ANONYMOUS, public_meetings().values("pk"))),
                to_attr="oparl_items",
            )
        )
    )


def _files():
    return public_files().prefetch_related(
        Prefetch(
            "agenda_items",
            queryset=AgendaItem.objects.readable_by(ANONYMOUS).with_minutes_access(ANONYMOUS).order_by("pk"),
            to_attr="oparl_items",
        )
    )


def _people():
    return public_people().prefetch_related(
        Prefetch("body_memberships", queryset=public_memberships().order_by("pk"), to_attr="oparl_memberships")
    )


def _places():
    return public_places().prefetch_related(
        Prefetch("meetings", queryset=public_meetings().only("pk", "place_id").order_by("pk"), to_attr="oparl_meetings")
    )


def _protocols():
    return [(m.pk, m) for m in _meetings().order_by("pk") if serializers.public_minutes(m)]


def _published(page):
    return page.first_published_at or page.last_published_at


def _place_created(place):
    return place.created_at


KINDS = {
    "system": Kind("system", serializers.system, lambda obj: site_created(), items=lambda: [(0, None)]),
    "body": Kind("body", serializers.body, lambda obj: site_created(), items=lambda: [(BODY_ID, None)]),
    "legislativeTerm": Kind(
        "legislativeTerm",
        serializers.legislative_term,
        lambda obj: site_created(),
        items=lambda: [(number, (number, term)) for number, term in serializers.terms()],
    ),
    "organization": Kind("organization", serializers.organization, _published, _organizations),
    "meeting": Kind("meeting", serializers.meeting, _published, _meetings, hidden=serializers.minutes_text),
    "agendaItem": Kind(
        "agendaItem",
        lambda urls, item, **kw: serializers.agenda_item(urls, item, item.meeting, **kw),
        lambda item: _published(item.meeting),
        public_agenda_items,
    ),
    "file": Kind("file", serializers.file, lambda doc: doc.created_at, _files),
    "resultsProtocol": Kind(
        "resultsProtocol",
        lambda urls, meeting, **kw: serializers.results_protocol(urls, meeting),
        _published,
        items=_protocols,
        hidden=serializers.minutes_text,
    ),
    # Locations: one per place, and for a meeting without a place its location text
    "place": Kind("place", lambda urls, place, **kw: serializers.place_location(urls, place), _place_created, _places),
    "location": Kind(
        "location",
        lambda urls, meeting, **kw: serializers.location(urls, meeting),
        _published,
        lambda: public_meetings().filter(place__isnull=True).exclude(location=""),
    ),
    "person": Kind("person", serializers.person, lambda user: user.date_joined, _people),
    "membership": Kind("membership", serializers.membership, lambda m: m.user.date_joined, public_memberships),
    "resolutionFile": Kind(
        "resolutionFile",
        lambda urls, item, **kw: serializers.resolution_file(urls, item),
        lambda item: _published(item.meeting),
        lambda: public_resolutions(),
    ),
    "paper": Kind("paper", serializers.paper, lambda p: p.created_at, lambda: _papers()),
    "consultation": Kind(
        "consultation", serializers.consultation, lambda c: c.paper.created_at, lambda: public_consultations()
    ),
}
# The external lists of the Body (``body/1/<kind>/``), and ``body/`` itself.
LISTS = (
    "organization",
    "person",
    "meeting",
    "paper",
    "agendaItem",
    "consultation",
    "file",
    "membership",
    "location",
    "legislativeTerm",
)
