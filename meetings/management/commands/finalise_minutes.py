from django.core.management.base import BaseCommand

from meetings.minutes import finalise_due


class Command(BaseCommand):
    help = (
        "Declares final (genehmigt) the minutes whose objection period is over and that have no open "
        "objection; their public part goes public. Idempotent. Run daily by cron."
    )

    def handle(self, *args, **options):
        done = finalise_due()
        self.stdout.write(f"{len(done)} Niederschrift(en) genehmigt.")
