"""`manage.py retire_pages`: forget every cached page, e.g. when a new release starts."""

from django.core.management.base import BaseCommand

from lmc_site.cache import retire_pages


class Command(BaseCommand):
    help = "Forget every cached page; the next request renders each one again."

    def handle(self, *args, **options):
        retire_pages()
        self.stdout.write("Cached pages retired.")
