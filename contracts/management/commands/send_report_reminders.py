from django.core.management.base import BaseCommand

from contracts.reminders import send_report_reminders


class Command(BaseCommand):
    help = (
        "Reminds providers of reports due within 14 days and of overdue ones. "
        "Idempotent: a reminder is sent once (overdue ones again after a week). Run daily by cron."
    )

    def handle(self, *args, **options):
        result = send_report_reminders()
        self.stdout.write(f"{result['reports']} report(s) reminded, {result['notifications']} notification(s) queued.")
