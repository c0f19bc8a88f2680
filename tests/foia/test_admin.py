"""The Django admin lists, filters and searches every FOIA model; amending a closure
moves due dates."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from foiatrack.foia.models import Closure

MODELS = [
    "jurisdiction",
    "agency",
    "foiarequest",
    "statuschange",
    "communication",
    "appeal",
    "closure",
    "project",
    "tag",
]


@pytest.mark.parametrize("model", MODELS)
def test_admin_changelist_opens_with_search(client, superuser, make_request, model):
    make_request(received=timezone.localdate() - timedelta(days=3))
    client.force_login(superuser)

    response = client.get(reverse(f"admin:foia_{model}_changelist"), {"q": "x"})

    assert response.status_code == 200


def test_adding_a_closure_in_the_admin_moves_the_due_date(client, superuser, make_request, police):
    request = make_request(received=timezone.localdate() - timedelta(days=1))
    before = request.date_due
    client.force_login(superuser)

    client.post(
        reverse("admin:foia_closure_add"),
        {"date": before.isoformat(), "agency": police.id, "reason": "Office move"},
    )

    assert Closure.objects.filter(agency=police).exists()
    request.refresh_from_db()
    assert request.date_due > before


def test_status_history_cannot_be_edited_in_the_admin(client, superuser, make_request):
    request = make_request()
    change = request.status_changes.first()
    client.force_login(superuser)

    response = client.post(
        reverse("admin:foia_statuschange_change", args=[change.id]), {"note": "rewritten"}
    )

    assert response.status_code == 403
    change.refresh_from_db()
    assert change.note == "Created."
