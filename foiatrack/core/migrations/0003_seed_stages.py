from django.db import migrations

from foiatrack.stages import STAGE_CHOICES


def seed_stages(apps, schema_editor):
    Stage = apps.get_model("core", "Stage")
    for position, (code, name) in enumerate(STAGE_CHOICES, start=1):
        Stage.objects.update_or_create(code=code, defaults={"name": name, "position": position})


class Migration(migrations.Migration):
    dependencies = [("core", "0002_stage")]
    operations = [migrations.RunPython(seed_stages, migrations.RunPython.noop)]
