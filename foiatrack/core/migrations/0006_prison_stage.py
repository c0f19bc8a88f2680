from django.db import migrations, models

from foiatrack.stages import STAGE_CHOICES


def seed_stages(apps, schema_editor):
    # The same seeding as 0003: adds the prison stage after sentence on databases made before it.
    Stage = apps.get_model("core", "Stage")
    for position, (code, name) in enumerate(STAGE_CHOICES, start=1):
        Stage.objects.update_or_create(code=code, defaults={"name": name, "position": position})


class Migration(migrations.Migration):
    dependencies = [("core", "0005_legacy_api_tokens")]

    operations = [
        migrations.AlterField(
            model_name="stage",
            name="code",
            field=models.CharField(choices=STAGE_CHOICES, max_length=20, unique=True),
        ),
        migrations.RunPython(seed_stages, migrations.RunPython.noop),
    ]
