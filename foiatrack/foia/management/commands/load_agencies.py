from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from foiatrack.foia.agency_import import ImportFileError, agencies_import

MAX_ERRORS_SHOWN = 50


class Command(BaseCommand):
    help = (
        "Import agencies and their jurisdictions from a CSV in the Police Data Accessibility "
        "Project's agency columns (idempotent). Bad rows are reported by line and skipped; "
        "the command fails (exit 1) only if the file cannot be read or no row loads."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, **options):
        path: Path = options["file"]
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {path}: {error}") from None
        try:
            report = agencies_import(text)
        except ImportFileError as error:
            raise CommandError(str(error)) from None
        for line, reason in report.errors[:MAX_ERRORS_SHOWN]:
            self.stderr.write(f"line {line}: {reason}")
        if len(report.errors) > MAX_ERRORS_SHOWN:
            self.stderr.write(f"... and {len(report.errors) - MAX_ERRORS_SHOWN} more bad rows")
        self.stdout.write(
            f"Agencies: {report.created} created, {report.updated} updated, "
            f"{report.unchanged} unchanged; {report.jurisdictions_created} jurisdictions "
            f"created; {len(report.errors)} rows refused."
        )
        if report.loaded == 0 and report.errors:
            raise CommandError("No row could be loaded.")
