"""Link runs between two tables (data admins)."""

from rest_framework import serializers

from foiatrack.pipeline.models import LinkRun

# --- Data admins: link runs -----------------------------------------------------------------


class LinkRunSerializer(serializers.ModelSerializer):
    left_table_name = serializers.CharField(source="left_table.name", help_text="Left table.")
    right_table_name = serializers.CharField(source="right_table.name", help_text="Right table.")
    status = serializers.ChoiceField(
        choices=LinkRun.Status.choices, help_text="queued, running, done or failed."
    )
    error = serializers.CharField(source="error_message", help_text="Why it failed.")
    confidence = serializers.JSONField(help_text="Match-confidence summary (probabilistic).")
    keys = serializers.JSONField(help_text="Keys used: [{kind, left, right}].")

    class Meta:
        model = LinkRun
        fields = [
            "id",
            "left_table",
            "left_table_name",
            "right_table",
            "right_table_name",
            "status",
            "left_rows",
            "right_rows",
            "linked_left",
            "linked_right",
            "link_rate",
            "method",
            "confidence",
            "linkability_level",
            "keys",
            "reason",
            "error",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "id": {"help_text": "The run's number."},
            "left_table": {"help_text": "Table number (earlier stage)."},
            "right_table": {"help_text": "Table number (later stage)."},
            "left_rows": {"help_text": "Rows on the left."},
            "right_rows": {"help_text": "Rows on the right."},
            "linked_left": {"help_text": "Left rows with a link."},
            "linked_right": {"help_text": "Right rows with a link."},
            "link_rate": {"help_text": "Share of left rows linked, 0–1."},
            "method": {"help_text": "deterministic or probabilistic."},
            "linkability_level": {"help_text": "L0–L3."},
            "reason": {"help_text": "Why nothing could be linked, if so."},
            "created_at": {"help_text": "When it was queued."},
            "started_at": {"help_text": "When a worker started it."},
            "finished_at": {"help_text": "When it finished."},
        }


class LinkRunCreateSerializer(serializers.Serializer):
    left_table = serializers.IntegerField(help_text="Audited table, earlier stage.")
    right_table = serializers.IntegerField(help_text="Audited table, later stage.")
