from django.core.management.base import BaseCommand, CommandError

from starter_content.content_loader import DATA_FILE, ContentError, load_content, read_data_file


class Command(BaseCommand):
    help = (
        "Load the sourced starter content from content/lmc_content.yaml. Safe to rerun: "
        "it creates what is missing and never overwrites an editor's changes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", default=DATA_FILE, help="Another data file to load.")

    def handle(self, *args, **options):
        try:
            report = load_content(read_data_file(options["file"]))
        except ContentError as error:
            raise CommandError(error) from error
        self.stdout.write(self.style.SUCCESS(report.summary()))
