"""Randomised (hypothesis) checks of the public scorecard and the suppression rules
(issue 14). The requests are synthetic rows written straight to the database, with
dates drawn at random, typos (a response dated before the receipt) included; the expected
figures are counted here with plain Python over the public requests only."""

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from foiatrack.core.suppression import public_rate, public_total, small_count
from foiatrack.foia.models import FoiaRequest, Status
from foiatrack.foia.scorecards import public_scorecard

RECEIVED = date(2025, 3, 3)
ANSWERED = {Status.FULFILLED, Status.PARTIALLY_FULFILLED, Status.REJECTED, Status.NO_RECORDS}
STATUSES = [Status.SUBMITTED, Status.ACKNOWLEDGED, Status.FULFILLED, Status.REJECTED]
VISIBILITY = ["public", "private", "embargoed"]

one_request = st.tuples(
    st.sampled_from(VISIBILITY),
    st.sampled_from(STATUSES),
    st.integers(min_value=-5, max_value=40),  # days to acknowledgement (negative: a typo)
    st.integers(min_value=-5, max_value=60),  # days to the final answer
)


def _shown(value: int):
    return "<10" if 0 < value < 10 else value


def _create(agency, user, spec) -> FoiaRequest:
    visibility, status, ack, closed = spec
    return FoiaRequest.objects.create(
        title="synthetic",
        records_requested="x",
        agency=agency,
        requester=user,
        status=status,
        is_public=visibility != "private",
        embargo_until=date(2999, 1, 1) if visibility == "embargoed" else None,
        date_received=RECEIVED,
        date_acknowledged=RECEIVED + timedelta(days=ack),
        date_closed=RECEIVED + timedelta(days=closed) if status in ANSWERED else None,
    )


@pytest.mark.django_db
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(specs=st.lists(one_request, max_size=30))
def test_public_scorecard_counts_public_requests_only_and_hides_small_counts(
    police, staff_user, specs
):
    FoiaRequest.objects.all().delete()
    for spec in specs:
        _create(police, staff_user, spec)
    public = [spec for spec in specs if spec[0] == "public"]
    answered = [spec for spec in public if spec[1] in ANSWERED]
    fulfilled = [spec for spec in answered if spec[1] == Status.FULFILLED]

    card = public_scorecard(police)

    assert card["requests_sent"] == _shown(len(public))
    assert card["responded"] == _shown(len(public))  # every one has an acknowledgement date
    assert card["answered"] == _shown(len(answered))
    for median in ("median_days_to_first_response", "median_days_to_completion"):
        assert card[median] is None or card[median] >= 0
    if 0 < len(answered) < 10 or 0 < len(fulfilled) < 10:
        assert card["fulfilled_pct"] is None
    elif answered and not 0 < len(answered) - len(fulfilled) < 10:
        assert card["fulfilled_pct"] == round(100 * len(fulfilled) / len(answered), 1)


@given(
    part=st.integers(min_value=0, max_value=5000), whole=st.integers(min_value=0, max_value=5000)
)
def test_a_published_rate_never_rests_on_a_suppressed_count(part, whole):
    rate = public_rate(part, whole)
    if rate is not None:
        for count in (part, whole, whole - part):
            assert small_count(count) != "<10"
        assert rate == round(100 * part / whole, 1)


@given(parts=st.lists(st.integers(min_value=0, max_value=3000), min_size=1, max_size=6))
def test_a_total_gives_no_suppressed_part_back_by_subtraction(parts):
    total, left_out = public_total(parts)
    published = [part for part in parts if not 0 < part < 10]
    # total minus every published part is zero: nothing hidden can be read off
    assert total == small_count(sum(published))
    assert left_out == any(0 < part < 10 for part in parts)
