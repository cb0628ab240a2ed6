"""Models of the meetings app: the pages (calendar, Gremium, meeting), the agenda with its
attachments and the published attendance, the minutes with their attendance and objections, the
places meetings are held at, memberships and seats, RSVPs, action items, calendar tokens, and the
querysets that read them through the access policy."""

from .admin_form import attendance_key, too_many_votes, voters_present
from .agenda import (
    NEUTRAL_TITLE,
    AgendaItem,
    AgendaItemAttachment,
    AgendaItemDeparture,
    AgendaItemExcludedOrganisation,
    AgendaItemExcludedPerson,
    Attendance,
)
from .memberships import BodyMembership, BodySeat
from .minutes import DEFAULT_OBJECTION_DAYS, MINUTES_FIELDS, Minutes, MinutesAttendance, MinutesEntry, Objection
from .pages import (
    APPROVER_GROUP,
    MEETING_AUDIENCES,
    MINUTES_WORKFLOW,
    BodyPage,
    MeetingIndexPage,
    MeetingPage,
    is_approver,
)
from .participation import ActionItem, CalendarToken, MeetingResponse
from .places import Place
from .querysets import (
    ActionItemQuerySet,
    AgendaItemQuerySet,
    BodyMembershipQuerySet,
    MeetingManager,
    MeetingQuerySet,
    full_access_q,
    minutes_access_q,
)

__all__ = [
    "APPROVER_GROUP",
    "DEFAULT_OBJECTION_DAYS",
    "MINUTES_FIELDS",
    "MEETING_AUDIENCES",
    "MINUTES_WORKFLOW",
    "NEUTRAL_TITLE",
    "ActionItem",
    "ActionItemQuerySet",
    "AgendaItem",
    "AgendaItemAttachment",
    "AgendaItemDeparture",
    "AgendaItemExcludedOrganisation",
    "AgendaItemExcludedPerson",
    "AgendaItemQuerySet",
    "Attendance",
    "BodyMembership",
    "BodyMembershipQuerySet",
    "BodyPage",
    "BodySeat",
    "CalendarToken",
    "MeetingIndexPage",
    "MeetingManager",
    "MeetingPage",
    "Minutes",
    "MinutesAttendance",
    "MinutesEntry",
    "Objection",
    "MeetingQuerySet",
    "MeetingResponse",
    "Place",
    "full_access_q",
    "minutes_access_q",
    "is_approver",
    "attendance_key",
    "too_many_votes",
    "voters_present",
]
