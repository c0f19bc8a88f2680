"""The dates a request may hold, checked in one place. Pure Python.

Every way a request's dates come in (the staff form, the API, which uses that form, and the
admin) reaches FoiaRequest.clean(), which asks `request_date_errors`. A receipt before the
first public-records law, or in the future, or a period that ends before it starts, is a
typo; left in, one such date stretched every public coverage table to 129 year columns.
"""

from datetime import date

# The first public-records law: the federal Freedom of Information Act, signed 4 July 1966.
# No request can have been received under any records law before it.
EARLIEST_RECORDS_LAW = date(1966, 7, 4)


def request_date_errors(
    *,
    date_received: date | None,
    period_start: date | None,
    period_end: date | None,
    today: date,
) -> dict[str, str]:
    """{field: message} for every date that cannot be right; empty when all are."""
    errors: dict[str, str] = {}
    if date_received is not None:
        if date_received > today:
            errors["date_received"] = "The date of receipt cannot be in the future."
        elif date_received < EARLIEST_RECORDS_LAW:
            errors["date_received"] = (
                f"The date of receipt ({date_received.isoformat()}) is before the first "
                f"public-records law (the federal FOIA, {EARLIEST_RECORDS_LAW.isoformat()}): "
                "check the year."
            )
    if period_start is not None and period_start > today:
        errors["period_start"] = "The period asked for cannot start in the future."
    if period_start is not None and period_end is not None and period_end < period_start:
        errors["period_end"] = "The period ends before it starts."
    return errors
