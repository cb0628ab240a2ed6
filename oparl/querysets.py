"""The public data of the API: every queryset starts from what anonymous visitors may read.

Each entry names the fields the ``created_*`` / ``modified_*`` filters use and the
serializer; the prefetches keep the number of queries per list page constant.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Prefetch

from documents.models import PortalDocument
from meetings.agenda import agenda_items_for
from meetings.models import AgendaItem, BodyMembership, BodyPage, MeetingPage
from portal.access import ANONYMOUS
from portal.models import User

from . import serializers


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


def public_agenda_items():
    """Items of public meetings; ``full_access`` tells which ones anonymous visitors may read."""
    return agenda_items_for(ANONYMOUS, public_meetings().values("pk")).select_related("meeting")


def public_files():
    """Public documents attached to agenda items anonymous visitors may read."""
    readable = AgendaItem.objects.readable_by(ANONYMOUS).values("pk")
    return PortalDocument.objects.visible_to(ANONYMOUS).filter(
        pk__in=PortalDocument.objects.filter(agenda_items__in=readable).values("pk")
    )


@dataclass
class Kind:
    name: str
    queryset: Callable
    serialize: Callable
    created: str = ""
    modified: str = ""
    tombstones: bool = True

    def for_list(self):
        return self.queryset().order_by("pk")


def _organizations():
    return public_bodies().prefetch_related(
        Prefetch("body_memberships", queryset=public_memberships().order_by("pk"), to_attr="oparl_memberships")
    )


def _meetings():
    return public_meetings().prefetch_related(
        Prefetch(
            "agenda_items",
            queryset=agenda_items_for(ANONYMOUS, public_meetings().values("pk")),
            to_attr="oparl_items",
        )
    )


def _files():
    return public_files().prefetch_related(
        Prefetch(
            "agenda_items",
            queryset=AgendaItem.objects.readable_by(ANONYMOUS).order_by("pk"),
            to_attr="oparl_items",
        )
    )


def _people():
    return public_people().prefetch_related(
        Prefetch("body_memberships", queryset=public_memberships().order_by("pk"), to_attr="oparl_memberships")
    )


KINDS = {
    "organization": Kind(
        "organization",
        _organizations,
        serializers.organization,
        "first_published_at",
        "last_published_at",
    ),
    "meeting": Kind("meeting", _meetings, serializers.meeting, "first_published_at", "last_published_at"),
    "agendaItem": Kind(
        "agendaItem",
        public_agenda_items,
        lambda urls, item: serializers.agenda_item(urls, item, item.meeting),
        "meeting__first_published_at",
        "meeting__last_published_at",
    ),
    "file": Kind("file", _files, serializers.file, "created_at", "created_at"),
    "person": Kind("person", _people, serializers.person, "date_joined", "date_joined"),
    "membership": Kind(
        "membership", public_memberships, serializers.membership, "user__date_joined", "user__date_joined"
    ),
    "paper": Kind("paper", lambda: MeetingPage.objects.none(), None, "first_published_at", "last_published_at", False),
}
