"""Mails go out after commit from the task queue: a mail server that is down never loses an
invitation or a notification, never gives an error page, and each mail is sent exactly once."""

import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from portal.models import Invitation, Notification, NotificationKind
from portal.notifications import notify

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
SMTP_DOWN = "tests.portal.test_mail_queue.SMTPDownBackend"


class SMTPDownBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.fixture
def task_queue():
    """The production task backend (database); the worker runs when the test says so."""
    with override_settings(TASKS=DATABASE_TASKS, MAIL_RETRY_DELAYS=[3600]):
        yield


def run_worker():
    call_command("db_worker", "--batch", "--interval", "0", "--no-startup-delay", verbosity=0)


def make_due():
    """An hour passes: the deferred retries are due."""
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())


def invite_in_members_area(people):
    url = reverse("portal:organisation_people", args=[people.org_a.pk])
    return people.client("org_admin").post(url, {"email": "neu@example.org", "role": "member"})


def invite_in_admin(people):
    return people.client("editor").post(
        reverse("wagtailsnippets_portal_invitation:add"),
        {"email": "neu@example.org", "organisation": people.org_b.pk, "role": "member"},
    )


@pytest.mark.parametrize("invite", [invite_in_members_area, invite_in_admin])
def test_an_invitation_saved_while_smtp_is_down_is_kept_and_sent_once_later(people, task_queue, invite):
    with override_settings(EMAIL_BACKEND=SMTP_DOWN):
        response = invite(people)
        assert response.status_code == 302
        invitation = Invitation.objects.get(email="neu@example.org")
        assert invitation.sent_at is None
        messages = [str(m) for m in response.wsgi_request._messages]
        assert any("wird per E-Mail verschickt" in m for m in messages), messages
        run_worker()  # the mail server is still down: the mail waits for a retry
    invitation.refresh_from_db()
    assert invitation.sent_at is None and not mail.outbox
    make_due()
    run_worker()
    make_due()
    run_worker()
    call_command("requeue_tasks", verbosity=0)
    run_worker()
    assert [m.to for m in mail.outbox] == [["neu@example.org"]]
    invitation.refresh_from_db()
    assert invitation.sent_at is not None
    assert invitation.get_accept_url() in mail.outbox[0].body


def test_immediate_task_backend_keeps_the_invitation_when_smtp_is_down(people):
    """Without a worker (tests, `make run`) the mail is tried at once; no error page either."""
    with override_settings(EMAIL_BACKEND=SMTP_DOWN):
        assert invite_in_members_area(people).status_code == 302
    invitation = Invitation.objects.get(email="neu@example.org")
    assert invitation.sent_at is None
    Invitation.objects.filter(pk=invitation.pk).update(created_at=timezone.now() - timezone.timedelta(minutes=5))
    call_command("requeue_tasks", verbosity=0)
    call_command("requeue_tasks", verbosity=0)
    assert len(mail.outbox) == 1


def test_a_notification_waits_for_the_mail_server_and_goes_out_once(people, task_queue):
    user = people.users["member_a"]
    with override_settings(EMAIL_BACKEND=SMTP_DOWN):
        [notification] = notify(
            [user], NotificationKind.MINUTES_APPROVED, "Niederschrift genehmigt", "Text", "/sitzungen/"
        )
        run_worker()
    assert Notification.objects.get(pk=notification.pk).sent_at is None
    make_due()
    run_worker()
    call_command("requeue_tasks", verbosity=0)
    run_worker()
    assert [m.to for m in mail.outbox] == [[user.email]]
    assert mail.outbox[0].extra_headers["Message-ID"] == f"<notification-{notification.pk}@integrationsportal>"


def test_tasks_of_a_killed_worker_run_again(people, task_queue):
    from django_tasks_db.models import DBTaskResult

    user = people.users["member_a"]
    [notification] = notify([user], NotificationKind.MINUTES_APPROVED, "Niederschrift genehmigt", "Text", "/sitzungen/")
    # a worker claimed the task and was killed before it finished
    DBTaskResult.objects.update(status="RUNNING", started_at=timezone.now(), worker_ids=["worker-1"])
    run_worker()
    assert not mail.outbox
    call_command("requeue_tasks", "--worker-id", "worker-1", verbosity=0)
    run_worker()
    run_worker()
    assert [m.to for m in mail.outbox] == [[user.email]]
    assert Notification.objects.get(pk=notification.pk).sent_at is not None


def test_a_meeting_invitation_sent_while_smtp_is_down_is_kept_and_sent_once_later(people, meetings, task_queue):
    from meetings.models import MeetingPage

    url = f"/admin/meetings/{meetings.upcoming.pk}/einladung/"
    with override_settings(EMAIL_BACKEND=SMTP_DOWN):
        response = people.client("editor").post(url)
        assert response.status_code == 302
        messages = [str(m) for m in response.wsgi_request._messages]
        assert any("per E-Mail verschickt" in m for m in messages), messages
        run_worker()  # the mail server is still down: nothing is lost, nothing sent
    assert MeetingPage.objects.get(pk=meetings.upcoming.pk).status == MeetingPage.Status.INVITED
    queued = Notification.objects.filter(kind=NotificationKind.MEETING_INVITATION, digest=False)
    assert queued.count() == 2 and not queued.exclude(sent_at=None).exists()
    assert not mail.outbox
    make_due()
    run_worker()
    call_command("requeue_tasks", "--worker-id", "none", verbosity=0)
    run_worker()
    assert sorted(m.to[0] for m in mail.outbox) == ["leitung@example.org", "mitglied-a@example.org"]
    assert all(m.attachments[0][0] == "sitzung.ics" for m in mail.outbox)
    assert not queued.filter(sent_at=None).exists()
