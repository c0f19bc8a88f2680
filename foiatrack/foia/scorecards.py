"""Agency scorecards: how an agency answers requests.

`agency_scorecards` gives the raw figures over every request sent (for staff and tests);
`public_scorecards` the figures the public sees, on every page, download and API answer
alike: over PUBLIC requests only (private and embargoed ones count in no public number),
counts of 1–9 shown "<10", and percentages only when neither side nor the rest is
suppressed (core.suppression).

Counts are defined so they sit side by side without contradiction: `responded` counts the
requests the agency answered in any way (acknowledgement, a message or the final answer),
the base of the median days to first response; `answered` those with a final answer, the
base of the median days to completion. A response dated before the receipt (a typo) is
left out of the medians rather than giving a negative number of days.
"""

import statistics
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Count, Min, Q
from django.utils import timezone

from foiatrack.core.suppression import public_rate, small_count
from foiatrack.foia.body_calendars import CalendarCache
from foiatrack.foia.deadlines import BusinessCalendar, business_days_between
from foiatrack.foia.lifecycle import ANSWERED_STATUSES
from foiatrack.foia.models import Agency, Appeal, FoiaRequest, Status


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _median(values: list[int]) -> float | None:
    return statistics.median(values) if values else None


def agency_scorecards(agencies: Iterable[Agency], *, public_only: bool = False) -> dict[int, dict]:
    """Scorecards for many agencies in four queries (whatever their number), keyed by agency id.

    First response (acknowledgement or first message from the agency) and completion
    (the final answer) are measured separately: mixing them flatters slow agencies that
    acknowledge quickly.
    """
    # Reloaded with their jurisdictions so callers may pass bare rows or ids' objects.
    agencies = list(
        Agency.objects.filter(id__in=[a.id for a in agencies]).select_related("jurisdiction")
    )
    calendars = CalendarCache(agencies)
    by_id = {agency.id: agency for agency in agencies}
    requests = FoiaRequest.objects.filter(agency_id__in=by_id)
    if public_only:
        requests = requests.filter(_public_q())
    rows = (
        requests.exclude(status=Status.DRAFT)
        .annotate(
            first_message=Min("communications__date", filter=Q(communications__direction="in")),
            # distinct: the communications join repeats each exemption once per message.
            exemptions_cited=Count("exemptions", distinct=True),
        )
        .values(
            "agency_id",
            "status",
            "date_received",
            "date_acknowledged",
            "date_due",
            "date_closed",
            "fees_quoted",
            "fees_paid",
            "first_message",
            "exemptions_cited",
        )
    )
    open_appeals = dict(
        Appeal.objects.filter(
            request__in=requests.order_by().values("id"), outcome=Appeal.Outcome.PENDING
        )
        .values_list("request__agency_id")
        .annotate(count=Count("id"))
    )
    grouped: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        grouped[row["agency_id"]].append(row)
    cards = {}
    for agency_id, agency in by_id.items():
        cards[agency_id] = _scorecard(
            grouped[agency_id], calendars.for_agency(agency), open_appeals.get(agency_id, 0)
        )
        cards[agency_id]["exemptions_cited"] = sum(
            row["exemptions_cited"] for row in grouped[agency_id]
        )
    return cards


def _scorecard(rows: list[dict], calendar: BusinessCalendar, open_appeals: int) -> dict:
    answered = [row for row in rows if row["status"] in ANSWERED_STATUSES]
    # An appealed request was answered: its completion is the agency's answer.
    completed = [row for row in answered if row["date_closed"]]
    with_deadline = [row for row in completed if row["date_due"]]
    on_time = [row for row in with_deadline if row["date_closed"] <= row["date_due"]]
    first_response_days = []
    completion_days = []
    responded = 0
    for row in rows:
        received = row["date_received"]
        responses = [d for d in (row["date_acknowledged"], row["first_message"]) if d]
        if row["status"] in ANSWERED_STATUSES and row["date_closed"]:
            responses.append(row["date_closed"])
            if received and row["date_closed"] >= received:
                completion_days.append(
                    business_days_between(received, row["date_closed"], calendar)
                )
        responded += bool(responses)
        # A response dated before the receipt is a typo: no negative days in a median.
        valid = [d for d in responses if received and d >= received]
        if valid:
            first_response_days.append(business_days_between(received, min(valid), calendar))
    fulfilled = [row for row in answered if row["status"] == Status.FULFILLED]
    partly = [row for row in answered if row["status"] == Status.PARTIALLY_FULFILLED]
    return {
        "requests_sent": len(rows),
        "responded": responded,
        "answered": len(answered),
        "on_time": len(on_time),
        "with_deadline": len(with_deadline),
        "fulfilled": len(fulfilled),
        "partially_fulfilled": len(partly),
        "on_time_pct": _percent(len(on_time), len(with_deadline)),
        "median_days_to_first_response": _median([max(d, 0) for d in first_response_days]),
        "median_days_to_completion": _median(completion_days),
        "fulfilled_pct": _percent(len(fulfilled), len(answered)),
        "partially_fulfilled_pct": _percent(len(partly), len(answered)),
        "fees_charged": sum((row["fees_quoted"] or Decimal(0) for row in rows), Decimal(0)),
        "fees_paid": sum((row["fees_paid"] or Decimal(0) for row in rows), Decimal(0)),
        "open_appeals": open_appeals,
    }


def agency_scorecard(agency: Agency) -> dict:
    """One agency's scorecard (see agency_scorecards)."""
    return agency_scorecards([agency])[agency.id]


def _public_q() -> Q:
    """Requests the public may see (foia.selectors.public_requests' rule)."""
    today = timezone.localdate()
    return (
        Q(is_public=True)
        & ~Q(status=Status.DRAFT)
        & (Q(embargo_until__isnull=True) | Q(embargo_until__lt=today))
    )


# The fields a public scorecard shows, on every page, download and API answer alike.
PUBLIC_COUNTS = ("requests_sent", "responded", "answered", "exemptions_cited", "open_appeals")


def public_card(card: dict) -> dict:
    """A raw scorecard as the public sees it: counts 1–9 as "<10", each percentage only when
    its numerator, denominator and the rest are all publishable (core.suppression)."""
    shown = {key: small_count(card.get(key)) for key in PUBLIC_COUNTS}
    shown.update(
        on_time_pct=public_rate(card.get("on_time"), card.get("with_deadline")),
        fulfilled_pct=public_rate(card.get("fulfilled"), card.get("answered")),
        partially_fulfilled_pct=public_rate(card.get("partially_fulfilled"), card.get("answered")),
        median_days_to_first_response=card.get("median_days_to_first_response"),
        median_days_to_completion=card.get("median_days_to_completion"),
        fees_charged=card.get("fees_charged", Decimal(0)),
        fees_paid=card.get("fees_paid", Decimal(0)),
    )
    return shown


def public_scorecards(agencies: Iterable[Agency]) -> dict[int, dict]:
    """The public scorecards of many agencies (four queries), keyed by agency id: public
    requests only, small counts suppressed. Every public page, download and API answer
    reads these, so an agency's figures are the same everywhere."""
    raw = agency_scorecards(agencies, public_only=True)
    return {agency_id: public_card(card) for agency_id, card in raw.items()}


def public_scorecard(agency: Agency) -> dict:
    return public_scorecards([agency])[agency.id]
