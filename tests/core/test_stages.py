import pytest

from foiatrack.core.models import Stage
from foiatrack.stages import STAGES, next_stage


@pytest.mark.django_db
def test_migration_creates_every_stage_in_pipeline_order():
    assert list(Stage.objects.values_list("code", flat=True)) == STAGES
    assert STAGES[0] == "call" and STAGES[-1] == "prison"


def test_next_stage_follows_the_pipeline_and_ends_at_prison():
    assert next_stage("call") == "report"
    assert next_stage("sentence") == "prison"
    assert next_stage("prison") is None
