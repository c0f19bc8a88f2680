"""Reads for the staff request page and dashboard: where the clock stands in words, which
next step makes sense now, and the open requests no law gives a deadline.

The clock and deadline come from selectors (law, calendar, pauses); this module only
puts them into sentences and picks the step, so the page never contradicts itself
(a paused clock is never shown as days over).
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from foiatrack.audit.field_catalogue import FIELDS, STAGE_FIELDS
from foiatrack.core.models import Stage
from foiatrack.foia import selectors
from foiatrack.foia.laws import get_law
from foiatrack.foia.lifecycle import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    PAUSED_STATUSES,
    allowed_transitions,
)
from foiatrack.foia.models import FoiaRequest, Status

# Answers that may be appealed (lifecycle: they lead to APPEAL).
APPEALABLE = frozenset({Status.PARTIALLY_FULFILLED, Status.NO_RECORDS, Status.REJECTED})
# Statuses a logged message may move a request to; appeals have their own forms.
NOT_FROM_A_MESSAGE = frozenset({Status.APPEAL, Status.APPEAL_DECIDED, Status.SUBMITTED})


@dataclass
class ClockSummary:
    """The clock in one sentence, and a state the page styles (and tests read)."""

    state: str
    text: str


@dataclass
class NextStep:
    """The form the page opens first, and letters that go with it."""

    action: str
    title: str
    letters: list[str] = field(default_factory=list)


def _days(count: int) -> str:
    return f"{count} business day" + ("" if count == 1 else "s")


def _long(day: date) -> str:
    return f"{day:%A, %B} {day.day}, {day.year}"


def _paused_since(request: FoiaRequest) -> date | None:
    changes = [c for c in request.status_changes.all() if c.to_status in PAUSED_STATUSES]
    return changes[-1].effective_date if changes else None


def _pending_appeal(request: FoiaRequest):
    pending = [appeal for appeal in request.appeals.all() if appeal.outcome == "pending"]
    return pending[-1] if pending else None


def clock_summary(request: FoiaRequest, today: date | None = None) -> ClockSummary:
    """Where the request stands against the law's clock, in words."""
    today = today or timezone.localdate()
    law = selectors.law_for_request(request)
    if request.status == Status.DRAFT or request.date_received is None:
        return ClockSummary(
            "not_sent", "Not sent yet: the clock starts the day after the agency receives it."
        )
    if request.status in CLOSED_STATUSES:
        closed = f" on {_long(request.date_closed)}" if request.date_closed else ""
        return ClockSummary("closed", f"Closed: {request.get_status_display().lower()}{closed}.")
    if request.status == Status.APPEAL:
        appeal = _pending_appeal(request)
        due = f"; decision due {_long(appeal.date_due)}" if appeal and appeal.date_due else ""
        since = f" since {_long(appeal.filed_on)}" if appeal else ""
        return ClockSummary("appeal", f"Under appeal{since}{due}.")
    if request.status == Status.APPEAL_DECIDED:
        return ClockSummary("appeal", "The appeal is decided; the agency's new answer is due.")
    counter = selectors.request_day_counter(request, today=today)
    if request.status in PAUSED_STATUSES:
        since = _paused_since(request)
        used = f" {_days(counter.elapsed)} had run" if counter else ""
        return ClockSummary(
            "paused",
            f"Clock paused{f' since {_long(since)}' if since else ''}: the agency is waiting "
            f"on us.{used + ' before the pause.' if used else ''} It runs again when we reply.",
        )
    if request.date_due is None or counter is None or counter.left is None:
        elapsed = f" {_days(counter.elapsed)} since receipt." if counter else ""
        return ClockSummary("no_deadline", f"No fixed deadline: {law.deadline_text}.{elapsed}")
    if request.date_due < today:
        over = counter.overrun or 1
        return ClockSummary(
            "overdue", f"Overdue by {_days(over)}: it was due {_long(request.date_due)}."
        )
    if request.date_due == today:
        return ClockSummary("running", "Due today.")
    return ClockSummary(
        "running", f"Running: {_days(max(counter.left, 1))} left, due {_long(request.date_due)}."
    )


def next_step(request: FoiaRequest, overdue: bool = False) -> NextStep | None:
    """The one step that makes sense now; None when the request is closed for good."""
    status = request.status
    if status == Status.DRAFT:
        return NextStep("mark_sent", "Mark as sent", ["initial"])
    if status in OPEN_STATUSES or status == Status.APPEAL_DECIDED:
        return NextStep("log_answer", "Log the agency's answer", ["follow-up"] if overdue else [])
    if status in PAUSED_STATUSES:
        return NextStep("log_reply", "Log our reply")
    if status in APPEALABLE:
        return NextStep("file_appeal", "File the appeal", ["appeal"])
    if status == Status.APPEAL:
        return NextStep("record_decision", "Record the appeal decision")
    return None


def message_outcomes(status: str) -> list[str]:
    """Statuses a logged message may move the request to from `status`."""
    return [s for s in allowed_transitions(status) if s not in NOT_FROM_A_MESSAGE]


def no_deadline_requests(today: date | None = None) -> list[FoiaRequest]:
    """Open requests with no due date: no law gives them one, so no other bucket of the
    dashboard would show them. (A paused request has no due date either; it waits on us and
    shows under "awaiting my action".)"""
    rows = list(
        selectors.requests_with_relations()
        .filter(status__in=OPEN_STATUSES, date_due__isnull=True)
        .exclude(date_received__isnull=True)
        .order_by("date_received")
    )
    return selectors.attach_day_counters(rows, today)


def agency_facts(agencies) -> dict[str, dict]:
    """Per agency id: its law, calendar and contact, for the guided new-request form."""
    facts = {}
    for agency in agencies:
        law = get_law(agency.jurisdiction.law)
        calendar = (
            f"{law.holiday_subdivision} state holidays"
            if law.holiday_subdivision
            else "federal holidays"
        )
        contact = [agency.foia_officer, agency.email, agency.portal_url]
        facts[str(agency.id)] = {
            "law": f"{law.name} ({law.citation})",
            "deadline": law.deadline_text or "no statutory deadline",
            "calendar": f"Business days skip {calendar} and closures staff record.",
            "contact": " · ".join(part for part in contact if part) or "no contact recorded",
            "stage_ids": [str(stage.id) for stage in agency.stages.all()],
        }
    return facts


def field_checklist(chosen: list[str]) -> list[dict]:
    """The catalogue's fields grouped by the first stage that holds them, each once, with
    whether it is ticked; fields no stage lists come last under "Other"."""
    names = dict(Stage.objects.values_list("code", "name"))
    seen: set[str] = set()
    groups = []
    for stage, codes in STAGE_FIELDS.items():
        fresh = [code for code in codes if code not in seen]
        seen.update(fresh)
        if fresh:
            groups.append({"stage": stage, "name": names.get(stage, stage.title()), "codes": fresh})
    rest = [code for code in FIELDS if code not in seen]
    if rest:
        groups.append({"stage": "other", "name": "Other", "codes": rest})
    for group in groups:
        group["fields"] = [
            {"code": code, "label": FIELDS[code].label, "checked": code in chosen}
            for code in group.pop("codes")
        ]
    return groups
