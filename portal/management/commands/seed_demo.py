from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from portal import registry
from portal import seed as portal_seed


class Command(BaseCommand):
    help = (
        "Loads the demo data (organisations, people, pages, documents). Idempotent: running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Create the demo accounts even though DEBUG is off.")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to create demo accounts with known passwords while DEBUG is off. Use --force to do it anyway."
            )
        with transaction.atomic():
            # each app's demo data, in the order of their hooks (portal/registry.py)
            for seed in registry.registered(registry.DEMO_SEEDERS):
                seed()
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
        if settings.DEBUG:
            self.stdout.write(f"\nDemo logins (password for all: {portal_seed.DEMO_PASSWORD}):")
            for email, description in portal_seed.DEMO_LOGINS:
                self.stdout.write(f"  {email:32} {description}")
            self.stdout.write("City staff set up two-factor authentication (TOTP) at their first login.\n")
