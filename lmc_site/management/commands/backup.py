from django.core.management.base import BaseCommand

from lmc_site.backup import write_backup


class Command(BaseCommand):
    help = "Write one timestamped archive of all content, users, revisions and uploaded files."

    def add_arguments(self, parser):
        parser.add_argument("--dir", help="Folder for the archive (default: BACKUP_DIR).")

    def handle(self, *args, **options):
        path = write_backup(options["dir"])
        self.stdout.write(str(path))
