from django.core.management.base import BaseCommand

from foiatrack.foia.directory import directory_load


class Command(BaseCommand):
    help = "Load the starting directory of jurisdictions and agencies (idempotent)."

    def handle(self, *args, **options):
        jurisdictions, agencies = directory_load()
        self.stdout.write(f"Directory: {jurisdictions} jurisdictions, {agencies} agencies created.")
