"""`manage.py reconcile_files AGGREGATE RECORDS [--json]`: an agency's stated counts against
the records it sent.

Both files are read and audited by the audit engine (FILE::TABLE picks a sheet or archive
member); period, area and type are matched by role, or named with --period-column,
--area-column, --type-column and --count-column ("COL" for both files or "AGG,REC").
With --json it prints one object: periods, cells [{period, area, type, stated, received,
missing}], stated_total, received_total, missing_total, unmatched (and areas, dimensions).
A file that cannot be read, or two tables with no shared dimension, exit 2 with one line.
"""

import json

from django.core.management.base import BaseCommand

from foiatrack.audit.reconcile import reconcile_tables

from ._dimension_options import ERRORS, add_dimension_options, fail, open_pair


class Command(BaseCommand):
    help = "Compare an aggregate's stated counts with the records received, cell by cell."

    def add_arguments(self, parser):
        parser.add_argument("aggregate", help="the count table; FILE::TABLE for a sheet")
        parser.add_argument("records", help="the record-level table")
        add_dimension_options(parser)

    def handle(self, *args, **options):
        try:
            aggregate, records = open_pair(options["aggregate"], options["records"], options)
            result = reconcile_tables(aggregate, records)
        except ERRORS as error:
            fail("reconcile_files", error)
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, default=str))
            return
        self.stdout.write(_readable(result))


def _readable(result: dict) -> str:
    lines = [
        f"stated {result['stated_total']:,}, received {result['received_total']:,}, "
        f"missing {result['missing_total']:,}"
    ]
    for row in result["periods"]:
        lines.append(
            f"  {row['period']}: stated {row['stated']:,}, received {row['received']:,}, "
            f"missing {row['missing']:,}"
        )
    unmatched = result["unmatched"]
    for kind in ("type", "area", "period"):
        only = unmatched.get(f"{kind}s_only_in_records") or []
        if only:
            lines.append(f"{kind}s only in the records: " + ", ".join(str(o[kind]) for o in only))
        lacking = unmatched.get(f"{kind}s_only_in_aggregate") or []
        if lacking:
            lines.append(f"{kind}s with no records: " + ", ".join(map(str, lacking)))
    return "\n".join(lines) + "\n"
