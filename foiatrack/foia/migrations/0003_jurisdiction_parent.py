import django.db.models.deletion
from django.db import migrations, models

# The directory's own parents (foiatrack.foia.directory.PARENTS), copied here because a
# migration must not import code that may change later.
PARENTS = {"chicago": "cook-county", "cook-county": "illinois"}


def parents_set(apps, schema_editor):
    """Rows loaded by `load_foia_directory` before this field existed get their parent;
    a parent staff already chose is kept, and a missing row is skipped."""
    Jurisdiction = apps.get_model("foia", "Jurisdiction")
    for slug, parent_slug in PARENTS.items():
        parent = Jurisdiction.objects.filter(slug=parent_slug).first()
        if parent is not None:
            Jurisdiction.objects.filter(slug=slug, parent__isnull=True).update(parent=parent)


class Migration(migrations.Migration):
    dependencies = [
        ("foia", "0002_request_ask_exemptions_routes"),
    ]

    operations = [
        migrations.AddField(
            model_name="jurisdiction",
            name="parent",
            field=models.ForeignKey(
                blank=True,
                help_text="The larger jurisdiction whose agencies also serve this one.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="children",
                to="foia.jurisdiction",
            ),
        ),
        migrations.RunPython(parents_set, migrations.RunPython.noop),
    ]
