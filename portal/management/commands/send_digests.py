from django.core.management.base import BaseCommand

from portal.notifications import send_digests


class Command(BaseCommand):
    help = "Sends the daily digest of notifications. Idempotent: what was sent is not sent again. Run daily by cron."

    def handle(self, *args, **options):
        count = send_digests()
        self.stdout.write(f"{count} digest(s) sent.")
