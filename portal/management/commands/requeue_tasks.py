"""Run again what a killed task worker left behind, and queue mails that are still unsent.

Every few minutes from cron, and before the worker starts (``--worker-id`` of that worker: its
unfinished tasks are taken back at once). All tasks are idempotent, so running one again is safe.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django_tasks.base import TaskResultStatus

from portal.models import Invitation, Notification
from portal.notifications import send_notification
from portal.services import send_invitation_mail


class Command(BaseCommand):
    help = "Requeue tasks of workers that died, and mails (invitations, notifications) not yet sent."

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=int, default=900, help="seconds a task may run (default 900)")
        parser.add_argument("--worker-id", help="requeue every unfinished task of this (stopped) worker")

    def handle(self, older_than, worker_id=None, **options):
        from django_tasks_db.models import DBTaskResult

        now = timezone.now()
        running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
        stale = [
            row.pk
            for row in running.only("pk", "started_at", "worker_ids")
            if (worker_id and row.worker_ids and row.worker_ids[-1] == worker_id)
            or (row.started_at and row.started_at < now - timedelta(seconds=older_than))
        ]
        requeued = running.filter(pk__in=stale).update(status=TaskResultStatus.READY, run_after=now)
        # mails whose tasks were lost or gave up: their tasks send each at most once
        settled = now - timedelta(minutes=2)
        invitations = list(
            Invitation.objects.filter(
                sent_at=None, accepted_at=None, revoked_at=None, expires_at__gt=now, created_at__lt=settled
            ).values_list("pk", flat=True)
        )
        notifications = list(
            Notification.objects.filter(sent_at=None, digest=False, created_at__lt=settled).values_list("pk", flat=True)
        )
        # one attempt each, no chain of retries of its own: the next run tries again
        last = len(settings.MAIL_RETRY_DELAYS)
        with transaction.atomic():
            for pk in invitations:
                send_invitation_mail.enqueue(pk, attempt=last)
            for pk in notifications:
                send_notification.enqueue(pk, attempt=last)
        self.stdout.write(
            f"{requeued} tasks requeued, {len(invitations)} invitations and {len(notifications)} notifications queued"
        )
