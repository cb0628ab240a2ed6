"""The invitation to a meeting: editors publish the agenda and invite in one action.

Every body member gets the members' agenda and an .ics; the invitation PDF (Einladung) is kept as
the meeting's invitation document. Later changes go out as an amendment (Nachtrag: the changed
items flagged, a new PDF version, the same iCalendar UID with a higher SEQUENCE); cancelling
the meeting sends a cancellation (METHOD:CANCEL).
"""

import datetime

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

from .agenda import agenda_for, entry_for, online_link_for
from .ical import build_calendar, meeting_url
from .models import AgendaItem, BodyMembership, MeetingPage
from .pdf import render_invitation_pdf


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


def notice_days(meeting):
    return getattr(meeting.body, "notice_days", None) or 7


def notice_too_short(meeting, now=None):
    """Whether the invitation would go out later than the Gremium's notice period (Ladungsfrist)."""
    today = timezone.localdate(now or timezone.now())
    return timezone.localtime(meeting.start).date() - today < datetime.timedelta(days=notice_days(meeting))


def agenda_snapshot(meeting, previous=()):
    """The agenda as invited: per item what the invitation said; ``amended`` marks what changed
    since the previous invitation (new or changed items)."""
    before = {row["pk"]: row for row in previous}
    rows = []
    items = AgendaItem.objects.filter(meeting_id=meeting.pk).order_by("sort_order", "pk")
    for item in items:
        row = {
            "pk": item.pk,
            "number": item.number,
            "title": item.title,
            "public": item.public,
            "public_title": item.public_title,
            "description": item.description,
        }
        old = before.get(item.pk)
        keys = ("number", "title", "public", "public_title", "description")
        row["amended"] = bool(previous) and (old is None or any(old.get(k) != row[k] for k in keys))
        rows.append(row)
    return rows


def agenda_changed(meeting):
    """Whether the published agenda differs from the one last sent."""
    if not meeting.invitation_sent_at:
        return False
    current = agenda_snapshot(meeting, meeting.invited_agenda)
    removed = {row["pk"] for row in meeting.invited_agenda} - {row["pk"] for row in current}
    return bool(removed) or any(row["amended"] for row in current)


def store_invitation_pdf(meeting, snapshot, amendment):
    """The invitation PDF as the meeting's document, a new version on each amendment. Non-public
    items appear with their public title: the document has the meeting's audience."""
    from documents.models import PortalDocument

    amended = {row["pk"] for row in snapshot if row["amended"]}
    items = AgendaItem.objects.filter(meeting_id=meeting.pk).order_by("sort_order", "pk")
    entries = [entry_for(item, item.public) for item in items]
    content = render_invitation_pdf(meeting, entries, amended, amendment)
    date = timezone.localtime(meeting.start).strftime("%d.%m.%Y")
    title = (
        _("Nachtrag zur Einladung: %(body)s am %(date)s") if amendment else _("Einladung: %(body)s am %(date)s")
    ) % {
        "body": meeting.body.title,
        "date": date,
    }
    document = PortalDocument.objects.create_from_bytes(
        title,
        content,
        f"einladung-{meeting.slug}.pdf",
        bodies=[meeting.body] if meeting.body_id else (),
        audience=meeting.audience,
        kind=PortalDocument.Kind.OTHER,
        published_date=timezone.localdate(),
        supersedes=meeting.invitation,
    )
    return document


@transaction.atomic
def send_invitation(meeting, user=None, reason=""):
    """Queue the invitation mail for every body member; returns the number of mails queued.

    Each person's invitation is a notification row, sent by the task worker after commit (as
    they chose: at once with the agenda and an .ics, in the daily digest, or not at all). While
    the mail server is unreachable the rows stay unsent and are tried again; nobody gets one twice.
    """
    # only the meeting's row is locked (its Gremium and invitation are nullable: outer joins)
    meetings = MeetingPage.objects.select_for_update(of=("self",)).select_related("body", "invitation")
    meeting = meetings.get(pk=meeting.pk)
    check_can_invite(meeting)
    if not meeting.invitation_sent_at and notice_too_short(meeting) and not reason.strip():
        raise InvitationError(
            _("Die Ladungsfrist von %(days)d Tagen ist unterschritten. Bitte begründen Sie die kurzfristige Einladung.")
            % {"days": notice_days(meeting)}
        )
    url = meeting_url(meeting)  # mailed links come from the one configured base URL
    repeated = meeting.invitation_sent_at is not None
    snapshot = agenda_snapshot(meeting, meeting.invited_agenda if repeated else ())
    document = store_invitation_pdf(meeting, snapshot, amendment=repeated)
    sequence = meeting.invitation_sequence + 1 if repeated else 0
    fields = {
        "invitation": document,
        "invited_agenda": snapshot,
        "invitation_sequence": sequence,
    }
    if not repeated and reason.strip():
        fields["short_notice_reason"] = reason.strip()
    MeetingPage.objects.filter(pk=meeting.pk).update(**fields)
    for name, value in fields.items():
        setattr(meeting, name, value)
    title = (_("Nachtrag zur Einladung: %(title)s") if repeated else _("Einladung: %(title)s")) % {
        "title": meeting.title
    }
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
    log(
        instance=meeting,
        action="meetings.invitation_sent",
        user=user,
        data={"recipients": count, "sequence": sequence, "reason": fields.get("short_notice_reason", "")},
    )
    return count


@transaction.atomic
def send_cancellation(meeting, user=None):
    """The meeting was cancelled after the invitation: everyone invited gets a cancellation
    (the same UID, a higher SEQUENCE, METHOD:CANCEL). Sent once."""
    meeting = MeetingPage.objects.select_for_update(of=("self",)).select_related("body").get(pk=meeting.pk)
    if not meeting.invitation_sent_at or meeting.cancellation_sent_at or not meeting.is_cancelled:
        return 0
    sequence = meeting.invitation_sequence + 1
    now = timezone.now()
    MeetingPage.objects.filter(pk=meeting.pk).update(invitation_sequence=sequence, cancellation_sent_at=now)
    meeting.invitation_sequence, meeting.cancellation_sent_at = sequence, now
    url = meeting_url(meeting)
    queued = notify(
        recipients(meeting),
        NotificationKind.MEETING_INVITATION,
        _("Absage: %(title)s") % {"title": meeting.title},
        meeting.title,
        meeting.url,
        send=lambda notification: send_invitation_mail.enqueue(notification.pk, meeting.pk, url, True, True),
    )
    log(instance=meeting, action="meetings.cancellation_sent", user=user, data={"recipients": len(queued)})
    return len(queued)


def invitation_mail(notification, meeting, url, repeated, cancel=False):
    """The invitation as the person may read it: the members' agenda and the meeting as .ics."""
    person = notification.user
    viewer = Viewer.for_user(person)
    amended = {row["pk"] for row in meeting.invited_agenda if row.get("amended")} if repeated else set()
    context = {
        "cancel": cancel,
        "amended": amended,
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
    method = "CANCEL" if cancel else "PUBLISH"
    ics = build_calendar([meeting], viewer, meeting.body.title, method=method)
    message.attach("sitzung.ics", ics, f"text/calendar; charset=utf-8; method={method}")
    return message


@task()
def send_invitation_mail(notification_id, meeting_id, url, repeated=False, cancel=False, attempt=0):
    """Send one person's invitation once; tried again later while the mail server is unreachable."""
    meeting = MeetingPage.objects.filter(pk=meeting_id).select_related("body").first()
    if meeting is None:
        return False
    return deliver(
        notification_id,
        lambda notification: invitation_mail(notification, meeting, url, repeated, cancel),
        lambda: retry_later(send_invitation_mail, attempt, notification_id, meeting_id, url, repeated, cancel),
    )
