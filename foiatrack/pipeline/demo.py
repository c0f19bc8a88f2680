"""Demo content: link runs between the sample files of adjacent stages, then the matrix.

Idempotent: a pair already linked is not linked again. Tables still waiting for a worker
are skipped (run load_demo again once they are audited).
"""

from django.db import transaction

from foiatrack.pipeline.models import LinkRun
from foiatrack.pipeline.services import coverage_recompute, link_run_create
from foiatrack.received.models import Table

# (earlier stage's sample, later stage's sample): the calls share RD numbers with the
# crimes (900 known links); the others show what cannot be linked, and why.
DEMO_PAIRS = [
    ("chicago_calls_cad_2011.csv", "chicago_crimes_2011.csv"),
    ("chicago_crimes_2011.csv", "ccsao_dispositions_sentencing_2011.csv"),
    ("ccsao_dispositions_sentencing_2011.csv", "jail_bookings_2011.csv"),
]


def _table(name: str) -> Table | None:
    return Table.objects.filter(received_file__original_name=name, status=Table.Status.DONE).first()


def load_demo(stdout) -> None:
    """Queue each demo link run once, then rebuild the coverage matrix."""
    for left_name, right_name in DEMO_PAIRS:
        left, right = _table(left_name), _table(right_name)
        if left is None or right is None:
            stdout.write(f"pipeline: {left_name} → {right_name} skipped (not audited yet)")
            continue
        if LinkRun.objects.filter(left_table=left, right_table=right).exists():
            continue
        with transaction.atomic():
            link_run_create(left_table=left, right_table=right)
        stdout.write(f"pipeline: link run queued for {left_name} → {right_name}")
    computation = coverage_recompute()
    stdout.write(f"pipeline: coverage matrix rebuilt at {computation.computed_at:%Y-%m-%d %H:%M}")
