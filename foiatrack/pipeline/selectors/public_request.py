"""One public request's page: what was asked, the law and dates, the public timeline, the
letter and the datasets received. Only requests foia's public_requests() shows (marked
public, past any embargo, not a draft); any other id is a 404, whoever asks.
"""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from foiatrack.foia.letters import render_letter
from foiatrack.foia.models import Communication, FoiaRequest, StatusChange
from foiatrack.foia.selectors import law_for_request, public_requests
from foiatrack.pipeline.selectors.queries import _checked_id, dataset_public_title
from foiatrack.received.models import Table


class PublicSigner:
    """Signs the public copy of a letter: the team, never the staff member's name or mail."""

    email = ""

    def get_full_name(self) -> str:
        return "The foiatrack team"

    def get_username(self) -> str:
        return self.get_full_name()


def public_request_get(*, request_id: int) -> FoiaRequest:
    """A public request with its public timeline prefetched, or 404."""
    queryset = public_requests().prefetch_related(
        Prefetch("status_changes", queryset=StatusChange.objects.order_by("changed_at", "id")),
        Prefetch(
            "communications",
            queryset=Communication.objects.filter(is_public=True).order_by("date", "id"),
            to_attr="public_communications",
        ),
    )
    return get_object_or_404(queryset, id=_checked_id(request_id))


def public_request_timeline(foia_request: FoiaRequest) -> list[dict]:
    """Status changes (the status and day only: notes are staff's) and the messages marked
    public (subject and text), oldest first."""
    events = [
        {
            "when": change.effective_date,
            "kind": "status",
            "text": f"Status: {change.get_to_status_display()}",
            "body": "",
        }
        for change in foia_request.status_changes.all()
    ]
    events += [
        {
            "when": message.date,
            "kind": "message",
            "text": f"{message.get_direction_display()} ({message.get_channel_display()})"
            + (f": {message.subject}" if message.subject else ""),
            "body": message.body,
        }
        for message in foia_request.public_communications
    ]
    return sorted(events, key=lambda event: event["when"])


def public_request_letter(foia_request: FoiaRequest) -> str:
    """The request letter as sent in substance, signed by the team."""
    return render_letter(request=foia_request, kind="initial", author=PublicSigner())


def public_request_law(foia_request: FoiaRequest) -> str:
    law = law_for_request(foia_request)
    return f"{law.name} ({law.citation})"


def public_request_datasets(foia_request: FoiaRequest) -> list[dict]:
    """The audited tables received in answer, by public title, each with its gap report."""
    tables = (
        Table.objects.filter(
            received_file__request=foia_request,
            status=Table.Status.DONE,
            coverage__isnull=False,
        )
        .select_related(
            "coverage__stage",
            "received_file__agency",
            "received_file__stage",
            "received_file__request__agency",
        )
        .defer("findings", "source", "role_overrides")
        .order_by("received_file__uploaded_at", "position", "id")
    )
    return [
        {"id": table.id, "title": dataset_public_title(table, stage=table.coverage.stage)}
        for table in tables
    ]
