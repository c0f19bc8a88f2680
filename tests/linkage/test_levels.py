"""Linkability levels L0–L3 (issue 9) from column roles and a measured link rate."""

from foiatrack.audit.linkage import linkability_level


def test_a_table_without_any_identifier_is_level_0():
    level = linkability_level(["district", "event_type", "count"])

    assert level.level == "L0"


def test_an_identifier_no_other_table_shares_is_level_1():
    alone = linkability_level(["event_number", "timestamp"])
    unshared = linkability_level(["event_number"], ["case_number", "timestamp"])

    assert alone.level == unshared.level == "L1"


def test_a_shared_key_kind_with_a_measured_rate_is_level_2_and_named():
    level = linkability_level(["event_number", "report_number"], ["report_number"], link_rate=0.29)

    assert level.level == "L2"
    assert level.shared_keys == ["report_number"]
    assert level.to_dict()["link_rate"] == 0.29


def test_a_shared_key_that_linked_nothing_is_only_level_1():
    level = linkability_level(["report_number"], ["report_number"], link_rate=0.0)

    assert level.level == "L1"


def test_a_shared_person_level_key_is_level_3():
    court = ["case_number", "person_name", "date_of_birth"]
    jail = ["booking_number", "case_number", "person_name", "date_of_birth"]

    level = linkability_level(court, jail, link_rate=0.8)

    assert level.level == "L3"
    assert "case_number" in level.shared_keys
