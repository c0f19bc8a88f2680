"""`manage.py audit_file PATH [--json] [--jurisdiction chicago]`: audit a file, no web app."""

import json
import sys

from django.core.management.base import BaseCommand

from foiatrack.audit import UnreadableFileError, audit_path


class Command(BaseCommand):
    help = "Audit a returned data file: granularity, resolutions, periods, areas and gap flags."

    def add_arguments(self, parser):
        parser.add_argument("path", help="CSV/TSV/TXT, XLSX/XLS or ZIP file")
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        parser.add_argument("--jurisdiction", default=None, help='e.g. "chicago" (known areas)')
        parser.add_argument(
            "--include-hidden",
            action="store_true",
            help="also audit hidden workbook sheets (marked hidden: never published)",
        )

    def handle(self, *args, **options):
        try:
            audits = audit_path(
                options["path"],
                jurisdiction=options["jurisdiction"],
                include_hidden=options["include_hidden"],
            )
        except (UnreadableFileError, OSError) as error:
            # One line, no traceback: the caller is a person or a script checking the status.
            message = str(error) if isinstance(error, UnreadableFileError) else _os_message(error)
            sys.stderr.write(f"audit_file: {message}\n")
            sys.exit(2)
        if options["json"]:
            payload = {"tables": [audit.to_dict() for audit in audits]}
            self.stdout.write(json.dumps(payload, ensure_ascii=False, default=str))
            return
        for audit in audits:
            self.stdout.write(_readable(audit.to_dict(include_examples=False)))


def _os_message(error: OSError) -> str:
    return f"cannot open {error.filename or 'the file'}: {error.strerror or error}"


def _readable(table: dict) -> str:
    period = table["period"]
    lines = [
        f"== {table['name']}: {table['rows']:,} rows, {table['granularity']}-level",
        f"   time: {table['time_resolution']}   place: {table['geo_resolution']}   "
        f"period: {period['start'] or '?'} to {period['end'] or '?'}",
    ]
    if table["missing_periods"]:
        lines.append(f"   missing periods: {', '.join(table['missing_periods'])}")
    if table["aggregate_dimensions"]:
        lines.append(f"   aggregated by: {', '.join(table['aggregate_dimensions'])}")
    if table["total_by_year"]:
        totals = ", ".join(f"{year}: {total:,}" for year, total in table["total_by_year"].items())
        lines.append(f"   totals by year: {totals}")
    if table["missing_areas"]:
        lines.append(f"   missing areas: {', '.join(table['missing_areas'])}")
    for note in table.get("reading_notes") or []:
        lines.append(f"   read: {note}")
    if table["dropped_rows"]:
        dropped = ", ".join(f"{n:,} {reason}" for reason, n in table["dropped_rows"].items())
        lines.append(f"   rows left out: {dropped}")
    lines.append("   columns:")
    for column in table["columns"]:
        lines.append(
            f"     {column['name']:<28} {column['role']:<16} {column['inferred_type']:<10}"
            f" empty {column['null_rate']:.0%}"
        )
    lines.append("   flags:" if table["flags"] else "   flags: none")
    for flag in table["flags"]:
        lines.append(f"     [{flag['severity']}] {flag['code']}: {flag['message']}")
    return "\n".join(lines) + "\n"
