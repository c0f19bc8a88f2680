"""`manage.py compare_files OLD NEW [--json]`: what changed from one delivery to the next.

Both files are read and audited (FILE::TABLE picks a sheet or archive member). With --json
it prints one object: columns_added, columns_dropped, columns_renamed (matched by role and
values, not only by name), fill_changes, redaction_changes, periods_lost, areas_lost,
rows_per_period, flags_added, flags_cleared (and role_changes, periods_gained,
areas_gained, rows, degradations). --period-column / --area-column name the columns
("COL" for both files or "OLD,NEW"). A file that cannot be read, or two tables with
nothing in common, exit 2 with one line.
"""

import json

from django.core.management.base import BaseCommand

from foiatrack.audit.delivery_diff import compare_tables, degradations

from ._dimension_options import ERRORS, add_dimension_options, fail, open_pair


class Command(BaseCommand):
    help = "Compare two deliveries of the same table: columns, fill, redaction, periods, areas."

    def add_arguments(self, parser):
        parser.add_argument("old", help="the earlier delivery; FILE::TABLE for a sheet")
        parser.add_argument("new", help="the later delivery")
        add_dimension_options(parser)

    def handle(self, *args, **options):
        try:
            old, new = open_pair(options["old"], options["new"], options)
            result = compare_tables(old, new)
        except ERRORS as error:
            fail("compare_files", error)
        result["degradations"] = degradations(result)
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, default=str))
            return
        self.stdout.write(_readable(result))


def _readable(result: dict) -> str:
    lines = []
    for key in ("columns_added", "columns_dropped"):
        if result[key]:
            lines.append(f"{key.replace('_', ' ')}: " + ", ".join(c["column"] for c in result[key]))
    for renamed in result["columns_renamed"]:
        lines.append(f"renamed: {renamed['old']} → {renamed['new']}")
    for change in result["fill_changes"]:
        lines.append(f"fill of {change['new_column']}: {change['old']:.1%} → {change['new']:.1%}")
    for change in result["redaction_changes"]:
        lines.append(
            f"redacted in {change['new_column']}: {change['old']:.1%} → {change['new']:.1%}"
        )
    for key in ("periods_lost", "areas_lost", "flags_added", "flags_cleared"):
        if result[key]:
            lines.append(f"{key.replace('_', ' ')}: " + ", ".join(map(str, result[key])))
    lines.append("worse than before: " + ("yes" if result["degradations"] else "no"))
    return "\n".join(lines) + "\n"
