"""The field catalogue (issue 22): every field class the advocates' inventories list, per stage."""

import json

import pytest
from django.core.management import call_command

from foiatrack.audit.field_catalogue import (
    FIELDS,
    STAGE_FIELDS,
    STAGE_ORDER,
    catalogue_as_dict,
    check_catalogue,
    fields_for_role,
)
from foiatrack.audit.vocabulary import PERSONAL_ROLES, ROLES
from foiatrack.stages import STAGES

# The field classes issue 22 names for each stage, written here from the text so the
# test fails if the catalogue drops one.
REQUIRED = {
    "call": [
        "priority",
        "call_source",
        "anonymous_caller",
        "cross_street",
        "fire_responding",
        "actions",
        "remarks",
        "disposition",
        "service_beat",
        "time_dispatched",
        "time_arrived",
        "time_cleared",
        "response_time",
    ],
    "report": [
        "location_description",
        "arrest_made",
        "domestic",
        "ward",
        "community_area",
        "fbi_code",
        "complainant_race",
        "complainant_age",
        "complainant_sex",
        "weapon",
        "injury",
        "complainant_count",
        "offender_count",
        "witness_count",
        "officer_race",
        "officer_age",
        "officer_sex",
        "officer_assignment",
    ],
    "arrest": [
        "subject_race",
        "subject_age",
        "subject_sex",
        "subject_ethnicity",
        "offense_code",
        "offense_description",
    ],
    "court": [
        "charge_sequence",
        "initial_charge",
        "amended_charge",
        "charge_class",
        "disposition",
        "disposition_date",
        "case_status",
        "latest_appearance",
        "arresting_agency",
        "judge",
    ],
    "sentence": ["sentence_minimum", "sentence_maximum", "fine"],
    "jail": [
        "booking_number",
        "custody_status",
        "prisoner_type",
        "housing_division",
        "custody_level",
        "arrest_datetime",
        "bond",
    ],
    "prison": [
        "admission_date",
        "projected_release_date",
        "parole_date",
        "discharge_date",
        "case_number",
        "charge_class",
        "offense_count",
        "sentence",
        "commitment_county",
    ],
}


def test_catalogue_names_only_known_roles_and_stages():
    check_catalogue()
    assert all(role in ROLES for field in FIELDS.values() for role in field.roles)


@pytest.mark.parametrize("stage", sorted(REQUIRED))
def test_each_stage_offers_every_field_class_the_inventories_list(stage):
    missing = [code for code in REQUIRED[stage] if code not in STAGE_FIELDS[stage]]
    assert missing == []


def test_catalogue_stages_are_the_pipelines_stages_with_prison_after_sentence():
    assert STAGE_ORDER == STAGES
    assert STAGES[STAGES.index("sentence") + 1] == "prison"


def test_personal_fields_are_those_whose_roles_are_personal():
    personal = {code for code, field in FIELDS.items() if field.personal}
    assert {"person_name", "date_of_birth", "inmate_number"} <= personal
    for code in personal:
        assert any(role in PERSONAL_ROLES for role in FIELDS[code].roles), code
    assert not FIELDS["subject_race"].personal  # demographics are published as shares


def test_every_role_a_field_needs_leads_back_to_that_field():
    for code, field in FIELDS.items():
        for role in field.roles:
            assert code in fields_for_role(role)


def test_field_catalogue_command_prints_the_contracted_json(capsys):
    call_command("field_catalogue", "--json")
    printed = json.loads(capsys.readouterr().out)
    assert set(printed) == {"stages"}
    assert list(printed["stages"]) == STAGES
    for stage, fields in printed["stages"].items():
        assert [field["code"] for field in fields] == STAGE_FIELDS[stage]
        for field in fields:
            assert set(field) == {"code", "label", "roles", "personal"}
            assert field["roles"] == list(FIELDS[field["code"]].roles)
    assert printed == catalogue_as_dict()


def test_field_catalogue_command_prints_a_readable_list(capsys):
    call_command("field_catalogue")
    out = capsys.readouterr().out
    assert "prison:" in out and "Projected release date" in out
