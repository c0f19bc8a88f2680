from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("foia", "0006_communication_mail_fields")]

    operations = [
        migrations.AddField(
            model_name="communication",
            name="is_public",
            field=models.BooleanField(
                default=False, help_text="Show this message on the request's public page."
            ),
        ),
    ]
