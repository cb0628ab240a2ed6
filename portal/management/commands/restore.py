from django.core.management.base import BaseCommand, CommandError

from portal.backup import BackupError, media_storage, restore_backup


class Command(BaseCommand):
    help = (
        "Restores an archive written by `backup` into an empty database and an empty media folder "
        "(refuses to overwrite anything). Checks every checksum first."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--database-url", help="Target database (default: the configured one).")
        parser.add_argument("--media-root", help="Target media folder (default: the configured storage).")

    def handle(self, *args, archive, database_url=None, media_root=None, **options):
        try:
            manifest = restore_backup(archive, database_url=database_url, storage=media_storage(media_root))
        except BackupError as error:
            raise CommandError(str(error)) from error
        media = sum(1 for name in manifest["files"] if name.startswith("media/"))
        self.stdout.write(
            f"Restored the {manifest['database']} database and {media} media files from {manifest['created']}."
        )
