"""Organisation admins fill their organisation's seats in bodies (Gremien) themselves.

An organisation belongs to the bodies it has a ``BodySeat`` in; each current body membership
acting for it takes one of its seats. Every change is recorded in the audit log.
"""

import datetime

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from wagtail.log_actions import log

from portal.models import Membership

from .models import BodyMembership, BodySeat

ROLES = [BodyMembership.Role.MEMBER, BodyMembership.Role.SUBSTITUTE]


def seats_of(organisation):
    """The organisation's seats, each with ``current`` (its current body memberships) and ``free``."""
    current = BodyMembership.objects.active().filter(organisation=organisation).select_related("user")
    seats = list(
        BodySeat.objects.filter(organisation=organisation, seats__gt=0, body__live=True)
        .select_related("body")
        .prefetch_related(Prefetch("body__body_memberships", queryset=current, to_attr="current"))
    )
    for seat in seats:
        seat.current = seat.body.current
        seat.free = max(seat.seats - len(seat.current), 0)
    return seats


def colleagues(organisation):
    """The active members of the organisation, who may take its seats."""
    return Membership.objects.active().filter(organisation=organisation).select_related("user")


def free_seats(seat):
    return seat.seats - BodyMembership.objects.active().filter(body=seat.body, organisation=seat.organisation).count()


@transaction.atomic
def add_to_body(seat, user, role, added_by):
    membership = BodyMembership.objects.create(
        body=seat.body, user=user, organisation=seat.organisation, role=role, start=timezone.localdate()
    )
    log(instance=membership, action="meetings.body_membership.add", user=added_by)
    return membership


@transaction.atomic
def end_body_membership(membership, ended_by):
    """From today on the person is no longer in the body (the record stays, for the minutes)."""
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    membership.end = yesterday
    if membership.start and membership.start > yesterday:
        membership.start = yesterday
    membership.save(update_fields=["start", "end"])
    log(instance=membership, action="meetings.body_membership.end", user=ended_by)
