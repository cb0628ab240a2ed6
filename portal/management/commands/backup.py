import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from portal.backup import create_backup


class Command(BaseCommand):
    help = (
        "Writes one archive with a database dump (pg_dump or SQLite's backup API), all media files "
        "and a manifest of checksums and versions. Run nightly by cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="Archive path (default: BACKUP_DIR or var/backups, portal-YYYYmmdd-HHMMSS.tar.gz).",
        )

    def handle(self, *args, output=None, **options):
        if not output:
            folder = Path(getattr(settings, "BACKUP_DIR", settings.BASE_DIR / "var" / "backups"))
            output = folder / f"portal-{datetime.datetime.now():%Y%m%d-%H%M%S}.tar.gz"
        manifest = create_backup(output)
        media = sum(1 for name in manifest["files"] if name.startswith("media/"))
        self.stdout.write(f"Backup written to {output} ({manifest['database']} database, {media} media files).")
