"""Small-cell suppression, one set of rules for every public number. Pure Python.

- A count of 1–9 is shown as "<10" (a few records or requests can point to a person); zero
  stays zero (it points to no one, and blank must never read as zero).
- A suppressed count must not come back by arithmetic:
  * a rate or percentage is published only when its numerator, its denominator and their
    difference (100 % minus the rate gives the rest) are all publishable;
  * a total over parts that are published elsewhere is published only when no part is
    suppressed; otherwise the total counts only the publishable parts and says so
    (`public_total`), so "total minus the other parts" gives nothing back.
- A fill or redaction share of a column reveals the count behind it (0.3 % of 1,003 rows is
  3): `public_share` hides the share when that count, or its complement, is 1–9.
"""

SMALL_CELL_LIMIT = 10
SMALL_CELL_TEXT = "<10"


def is_small(value: int | None) -> bool:
    """True for a count the public may not see exactly (1–9)."""
    return value is not None and 0 < value < SMALL_CELL_LIMIT


def small_count(value: int | None) -> int | str | None:
    """A count as the public may see it: 1–9 become "<10"; None stays None."""
    if value is None:
        return None
    if is_small(value):
        return SMALL_CELL_TEXT
    return value


def publishable(*counts: int | None) -> bool:
    """True when none of these counts is unknown or suppressed."""
    return all(count is not None and not is_small(count) for count in counts)


def public_rate(part: int | None, whole: int | None, digits: int = 1) -> float | None:
    """part / whole as a percentage, None unless part, whole and whole − part are all
    publishable (any one of them and the rate would give a hidden count back)."""
    if part is None or not whole or part < 0 or part > whole:
        return None
    if not publishable(part, whole, whole - part):
        return None
    return round(100 * part / whole, digits)


def public_share(rate: float | None, rows: int | None, digits: int = 1) -> float | None:
    """A stored share (0–1) of `rows` as a public percentage: None when the count behind it
    or its complement is 1–9, or the table itself has under 10 rows."""
    if rate is None or rows is None:
        return None
    count = round(rate * rows)
    if not publishable(rows, count, rows - count):
        return None
    return round(100 * rate, digits)


def public_total(parts: list[int | None]) -> tuple[int | str | None, bool]:
    """(the total the public may see, whether suppressed parts were left out of it).

    When each part is also published, a total that includes a "<10" part gives that part
    back by subtraction; so the total counts only the publishable parts."""
    known = [part for part in parts if part is not None]
    if not known:
        return None, False
    shown = sum(part for part in known if not is_small(part))
    left_out = any(is_small(part) for part in known)
    return small_count(shown), left_out
