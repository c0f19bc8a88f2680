"""Probabilistic linkage (no shared key) on time + place + type, judged against known truth."""

from datetime import timedelta

import pandas as pd
import pytest

from foiatrack.audit.linkage import LinkSide, link_tables

from .known_truth import calls_and_reports, precision_recall

CALL_ROLES = {
    "Date": "timestamp",
    "Type": "event_type",
    "Address": "address",
    "District": "district",
    "Beat": "beat",
}
REPORT_ROLES = {
    "Date": "timestamp",
    "Primary Type": "offense_type",
    "Block": "block",
    "District": "district",
    "Beat": "beat",
}


def _link(truth, **options):
    return link_tables(
        LinkSide.from_roles(truth.calls, CALL_ROLES),
        LinkSide.from_roles(truth.reports, REPORT_ROLES),
        keep_pairs=True,
        **options,
    )


def _pairs(result) -> set[tuple[int, int]]:
    lefts, rights = result.pairs["left_row"].to_pylist(), result.pairs["right_row"].to_pylist()
    return set(zip(lefts, rights, strict=True))


@pytest.fixture(scope="module")
def truth():
    return calls_and_reports(calls=4000, reports=1200, days=20, with_keys=False)


def test_time_place_and_type_find_most_true_pairs_with_few_false_ones(truth):
    result = _link(truth)

    precision, recall = precision_recall(_pairs(result), truth.true_pairs)
    assert result.method == "probabilistic"
    assert precision >= 0.95
    assert recall >= 0.85
    assert result.linked_left == result.linked_right == len(_pairs(result))


def test_probabilistic_links_are_one_to_one(truth):
    result = _link(truth)

    lefts, rights = result.pairs["left_row"].to_pylist(), result.pairs["right_row"].to_pylist()
    assert len(set(lefts)) == len(lefts)
    assert len(set(rights)) == len(rights)


def test_every_accepted_pair_clears_the_threshold_and_confidence_says_so(truth):
    result = _link(truth, threshold=0.9)

    probabilities = result.pairs["match_probability"].to_pylist()
    assert min(probabilities) >= 0.9
    assert result.confidence["threshold"] == 0.9
    assert result.confidence["mean_match_probability"] == pytest.approx(
        sum(probabilities) / len(probabilities), abs=1e-6
    )


def test_a_higher_threshold_never_accepts_more_pairs(truth):
    loose, strict = _link(truth, threshold=0.5), _link(truth, threshold=0.99)

    assert strict.linked_left <= loose.linked_left


def test_reports_from_another_month_link_to_nothing(truth):
    later = truth.reports.copy()
    later["Date"] = (
        pd.to_datetime(later["Date"], format="%m/%d/%Y %I:%M:%S %p") + timedelta(days=60)
    ).dt.strftime("%m/%d/%Y %I:%M:%S %p")

    result = link_tables(
        LinkSide.from_roles(truth.calls, CALL_ROLES), LinkSide.from_roles(later, REPORT_ROLES)
    )

    assert result.method == "probabilistic"
    assert (result.linked_left, result.linked_right) == (0, 0)


def test_unrelated_tables_in_the_same_place_and_period_link_nothing_and_say_why():
    calls = calls_and_reports(calls=4000, reports=1200, days=20, with_keys=False, seed=1)
    other = calls_and_reports(calls=4000, reports=1200, days=20, with_keys=False, seed=2)

    result = link_tables(
        LinkSide.from_roles(calls.calls, CALL_ROLES),
        LinkSide.from_roles(other.reports, REPORT_ROLES),
    )

    assert result.details["candidate_pairs"] > 0  # coincidences exist, they are not links
    assert (result.linked_left, result.linked_right) == (0, 0)
    assert "no group of matching records" in result.reason


def test_reports_with_dates_only_are_linked_by_day_place_and_type(truth):
    dated = truth.reports.copy()
    dated["Date"] = pd.to_datetime(dated["Date"], format="%m/%d/%Y %I:%M:%S %p").dt.strftime(
        "%m/%d/%Y"
    )

    result = link_tables(
        LinkSide.from_roles(truth.calls, CALL_ROLES),
        LinkSide.from_roles(dated, {**REPORT_ROLES, "Date": "date"}),
        keep_pairs=True,
    )

    precision, recall = precision_recall(_pairs(result), truth.true_pairs)
    assert result.details["blocking"]["time_window_seconds"] == 86_400
    assert precision >= 0.95
    assert recall >= 0.85


def test_points_alone_give_the_place_when_no_district_beat_or_block_is_shared(truth):
    point_roles = {"Date": "timestamp", "Latitude": "latitude", "Longitude": "longitude"}

    result = link_tables(
        LinkSide.from_roles(truth.calls, {**point_roles, "Type": "event_type"}),
        LinkSide.from_roles(truth.reports, {**point_roles, "Primary Type": "offense_type"}),
        keep_pairs=True,
    )

    precision, recall = precision_recall(_pairs(result), truth.true_pairs)
    assert result.details["blocking"]["place"] == "cell"
    assert precision >= 0.95
    assert recall >= 0.8


def test_keys_report_the_columns_compared(truth):
    result = _link(truth)

    kinds = {key["kind"]: (key["left"], key["right"]) for key in result.keys}
    assert kinds["time"] == ("Date", "Date")
    assert kinds["place:block"] == ("Address", "Block")
    assert kinds["type"] == ("Type", "Primary Type")


def test_a_tight_candidate_budget_blocks_on_a_finer_place(truth):
    coarse = _link(truth)
    fine = _link(truth, max_candidate_pairs=1)

    assert coarse.details["blocking"]["place"] == "district"
    assert fine.details["blocking"]["place"] != "district"
    assert fine.details["candidate_pairs"] < coarse.details["candidate_pairs"]
