"""Options and error handling shared by reconcile_files and compare_files."""

import sys

from foiatrack.audit import UnreadableFileError
from foiatrack.audit.dimensions import (
    NoSharedDimensionError,
    TableSide,
    open_side,
    split_overrides,
)

HELP = "column name for both files, or OLD,NEW (first file's, second file's)"


def add_dimension_options(parser) -> None:
    """The two files, --json and the --period/area/type/count-column corrections."""
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    for kind in ("period", "area", "type", "count"):
        parser.add_argument(f"--{kind}-column", metavar="COL", help=f"the {kind} column: {HELP}")


def open_pair(first: str, second: str, options: dict) -> tuple[TableSide, TableSide]:
    """Audit both tables; apply the admin's column names (an unknown one is an error)."""
    sides = [open_side(first), open_side(second)]
    per_side = split_overrides(options)
    for kind in ("period", "area", "type", "count"):
        value = options.get(f"{kind}_column")
        if not value:
            continue
        both = "," not in value
        placed = False
        for side, overrides in zip(sides, per_side, strict=True):
            column = overrides.get(kind)
            if column and (column in side.roles or not both):
                side.overrides[kind] = column
                placed = True
        if not placed:
            raise KeyError(f"neither file has a column {value!r} (for --{kind}-column)")
    return sides[0], sides[1]


def fail(command: str, error: Exception) -> None:
    """One line on stderr, exit status 2."""
    if isinstance(error, OSError) and not isinstance(error, UnreadableFileError):
        message = f"cannot open {error.filename or 'the file'}: {error.strerror or error}"
    elif isinstance(error, KeyError):
        message = str(error.args[0]) if error.args else str(error)
    else:
        message = str(error)
    sys.stderr.write(f"{command}: {' '.join(message.split())}\n")
    sys.exit(2)


ERRORS = (UnreadableFileError, NoSharedDimensionError, KeyError, OSError)
