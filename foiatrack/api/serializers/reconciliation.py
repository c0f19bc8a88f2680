"""Serializers for reconciliations (stated counts vs records) and delivery comparisons."""

from rest_framework import serializers

KINDS = ("period", "area", "type", "count")


class DatasetReconciliationSerializer(serializers.Serializer):
    table_id = serializers.IntegerField(help_text="The dataset (table) id.")
    reconciliation = serializers.JSONField(
        allow_null=True,
        help_text="periods, cells [{period, area, type, stated, received, missing}], "
        'stated_total, received_total, missing_total, unmatched; "<10" where withheld.',
    )
    reconciliation_id = serializers.IntegerField(
        allow_null=True, help_text="The reconciliation run these figures come from."
    )


class DatasetChangesSerializer(serializers.Serializer):
    table_id = serializers.IntegerField(help_text="The dataset (table) id.")
    changes = serializers.JSONField(
        allow_null=True,
        help_text="columns_added, columns_dropped, columns_renamed, fill_changes, "
        "redaction_changes, periods_lost, areas_lost, rows_per_period, flags_added, "
        "flags_cleared.",
    )
    degradations = serializers.JSONField(help_text="What DEGRADED_DELIVERY cites.")
    comparison_id = serializers.IntegerField(
        allow_null=True, help_text="The comparison run these changes come from."
    )


class PairRunSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The run's id.")
    status = serializers.CharField(help_text="queued, running, done or failed.")
    error_message = serializers.CharField(help_text="Why a failed run failed; empty otherwise.")
    column_overrides = serializers.JSONField(
        help_text="The columns an admin named per dimension, first and second table."
    )
    result = serializers.JSONField(
        allow_null=True, help_text="The figures, as reconcile_files or compare_files --json."
    )
    created_at = serializers.DateTimeField(help_text="When the run was asked for.")
    finished_at = serializers.DateTimeField(allow_null=True, help_text="When it ended.")


class ReconciliationSerializer(PairRunSerializer):
    aggregate_table = serializers.IntegerField(
        source="aggregate_table_id", help_text="The table stating counts."
    )
    records_table = serializers.IntegerField(
        source="records_table_id", help_text="The record-level table."
    )


class ComparisonSerializer(PairRunSerializer):
    old_table = serializers.IntegerField(source="old_table_id", help_text="The earlier delivery.")
    new_table = serializers.IntegerField(source="new_table_id", help_text="The later delivery.")
    degradations = serializers.JSONField(help_text="What DEGRADED_DELIVERY cites.")


class _OverridesField(serializers.JSONField):
    """{"period": ["first table's column", "second table's column"], ...}; errors are one
    flat message, as the API's error body promises."""

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        problem = "column_overrides maps period, area, type or count to two column names."
        if not isinstance(value, dict) or not set(value) <= set(KINDS):
            raise serializers.ValidationError(problem)
        for pair in value.values():
            if not (
                isinstance(pair, list)
                and len(pair) == 2
                and all(isinstance(c, str) and len(c) <= 200 and "\x00" not in c for c in pair)
            ):
                raise serializers.ValidationError(problem)
        return value


class ReconciliationCreateSerializer(serializers.Serializer):
    aggregate_table = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, help_text="The table stating counts."
    )
    records_table = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, help_text="The record-level table."
    )
    column_overrides = _OverridesField(
        required=False, help_text='e.g. {"area": ["Zone", "District"]}'
    )


class ComparisonCreateSerializer(serializers.Serializer):
    old_table = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, help_text="The earlier delivery."
    )
    new_table = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, help_text="The later delivery."
    )
    column_overrides = _OverridesField(
        required=False, help_text='e.g. {"area": ["Zone", "District"]}'
    )
