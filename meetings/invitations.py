"""Sending the invitation to a meeting: every body member gets the members' agenda and an .ics."""

from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from portal.access import Viewer
from portal.models import DEFAULT_FREQUENCY, Frequency, NotificationKind, NotificationPreference
from portal.notifications import notify, unsubscribe_url, who_may_see

from .agenda import agenda_for, online_link_for
from .ical import build_calendar, meeting_url
from .models import BodyMembership, MeetingPage


class InvitationError(Exception):
    pass


def recipients(meeting):
    """The people with an active membership in the meeting's body who may see the meeting
    (a staff-only meeting invites only the city staff among them), each once."""
    seen, people = set(), []
    memberships = BodyMembership.objects.active().filter(body_id=meeting.body_id).select_related("user")
    for membership in memberships.order_by("user__last_name", "user__first_name", "user__email"):
        if membership.user_id not in seen:
            seen.add(membership.user_id)
            people.append(membership.user)
    return who_may_see(people, MeetingPage, meeting.pk)


def check_can_invite(meeting):
    if not meeting.live:
        raise InvitationError(_("Die Sitzung ist noch nicht veröffentlicht. Bitte veröffentlichen Sie sie zuerst."))
    if meeting.status not in (MeetingPage.Status.PLANNED, MeetingPage.Status.INVITED):
        raise InvitationError(
            _("Zu einer Sitzung mit dem Status „%(status)s“ kann nicht eingeladen werden.")
            % {"status": meeting.get_status_display()}
        )


@transaction.atomic
def send_invitation(meeting, user=None, request=None):
    """E-mail the invitation to every body member; returns the number of e-mails sent."""
    meeting = MeetingPage.objects.select_for_update().get(pk=meeting.pk)
    check_can_invite(meeting)
    url = meeting_url(meeting, request)
    messages = []
    people = recipients(meeting)
    kind = NotificationKind.MEETING_INVITATION
    choices = dict(
        NotificationPreference.objects.filter(user__in=people, kind=kind).values_list("user_id", "frequency")
    )
    for person in people:
        frequency = choices.get(person.pk, DEFAULT_FREQUENCY[kind])
        if frequency != Frequency.IMMEDIATE:
            # as the person chose: in the daily digest (without the .ics), or not at all
            title = _("Einladung: %(title)s") % {"title": meeting.title}
            notify([person], kind, title, meeting.title, meeting.url)
            continue
        viewer = Viewer.for_user(person)
        context = {
            "meeting": meeting,
            "person": person,
            "entries": agenda_for(meeting, viewer),
            "online_link": online_link_for(meeting, viewer),
            "url": url,
            "repeated": meeting.invitation_sent_at is not None,
        }
        subject = render_to_string("meetings/email/invitation_subject.txt", context).strip()
        message = EmailMultiAlternatives(
            subject,
            render_to_string("meetings/email/invitation_message.txt", context),
            None,
            [person.email],
            headers={"List-Unsubscribe": f"<{unsubscribe_url(person, kind)}>"},
        )
        ics = build_calendar([meeting], viewer, meeting.body.title, request)
        message.attach("sitzung.ics", ics, "text/calendar; charset=utf-8; method=PUBLISH")
        messages.append(message)
    get_connection().send_messages(messages)
    now = timezone.now()
    status = MeetingPage.Status.INVITED if meeting.status == MeetingPage.Status.PLANNED else meeting.status
    MeetingPage.objects.filter(pk=meeting.pk).update(status=status, invitation_sent_at=now)
    meeting.status, meeting.invitation_sent_at = status, now
    log(instance=meeting, action="meetings.invitation_sent", user=user, data={"recipients": len(messages)})
    return len(messages)
