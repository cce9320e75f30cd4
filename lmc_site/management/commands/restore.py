from django.core.management.base import BaseCommand, CommandError

from lmc_site.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore an archive from `backup` into a migrated, empty database."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The .tar.gz archive to restore.")

    def handle(self, *args, **options):
        try:
            records, files = restore_backup(options["file"])
        except BackupError as error:
            raise CommandError(error) from error
        self.stdout.write(self.style.SUCCESS(f"Restored {records} records and {files} files."))
