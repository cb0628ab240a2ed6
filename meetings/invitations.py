"""Sending the invitation to a meeting: every body member gets the members' agenda and an .ics."""

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task
from wagtail.log_actions import log

from portal.access import Viewer
from portal.models import NotificationKind
from portal.notifications import deliver, notify, unsubscribe_headers, who_may_see
from portal.services import retry_later

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
def send_invitation(meeting, user=None):
    """Queue the invitation mail for every body member; returns the number of mails queued.

    Each person's invitation is a notification row, sent by the task worker after commit (as
    they chose: at once with the agenda and an .ics, in the daily digest, or not at all). While
    the mail server is unreachable the rows stay unsent and are tried again; nobody gets one twice.
    """
    meeting = MeetingPage.objects.select_for_update().get(pk=meeting.pk)
    check_can_invite(meeting)
    url = meeting_url(meeting)  # mailed links come from the one configured base URL
    repeated = meeting.invitation_sent_at is not None
    title = _("Einladung: %(title)s") % {"title": meeting.title}
    queued = notify(
        recipients(meeting),
        NotificationKind.MEETING_INVITATION,
        title,
        meeting.title,
        meeting.url,
        send=lambda notification: send_invitation_mail.enqueue(notification.pk, meeting.pk, url, repeated),
    )
    count = sum(1 for notification in queued if not notification.digest)
    now = timezone.now()
    status = MeetingPage.Status.INVITED if meeting.status == MeetingPage.Status.PLANNED else meeting.status
    MeetingPage.objects.filter(pk=meeting.pk).update(status=status, invitation_sent_at=now)
    meeting.status, meeting.invitation_sent_at = status, now
    log(instance=meeting, action="meetings.invitation_sent", user=user, data={"recipients": count})
    return count


def invitation_mail(notification, meeting, url, repeated):
    """The invitation as the person may read it: the members' agenda and the meeting as .ics."""
    person = notification.user
    viewer = Viewer.for_user(person)
    context = {
        "meeting": meeting,
        "person": person,
        "entries": agenda_for(meeting, viewer),
        "online_link": online_link_for(meeting, viewer),
        "url": url,
        "repeated": repeated,
    }
    message = EmailMultiAlternatives(
        render_to_string("meetings/email/invitation_subject.txt", context).strip(),
        render_to_string("meetings/email/invitation_message.txt", context),
        None,
        [person.email],
        headers=unsubscribe_headers(person, notification.kind, f"meeting-invitation-{notification.pk}"),
    )
    ics = build_calendar([meeting], viewer, meeting.body.title)
    message.attach("sitzung.ics", ics, "text/calendar; charset=utf-8; method=PUBLISH")
    return message


@task()
def send_invitation_mail(notification_id, meeting_id, url, repeated=False, attempt=0):
    """Send one person's invitation once; tried again later while the mail server is unreachable."""
    meeting = MeetingPage.objects.filter(pk=meeting_id).first()
    if meeting is None:
        return False
    return deliver(
        notification_id,
        lambda notification: invitation_mail(notification, meeting, url, repeated),
        lambda: retry_later(send_invitation_mail, attempt, notification_id, meeting_id, url, repeated),
    )
