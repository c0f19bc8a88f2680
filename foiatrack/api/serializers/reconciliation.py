"""Serializers for reconciliations (stated counts vs records) and delivery comparisons."""

from rest_framework import serializers

KINDS = ("period", "area", "type", "count")


class DatasetReconciliationSerializer(serializers.Serializer):
    table_id = serializers.IntegerField()
    reconciliation = serializers.JSONField(
        allow_null=True,
        help_text="periods, cells [{period, area, type, stated, received, missing}], "
        'stated_total, received_total, missing_total, unmatched; "<10" where withheld.',
    )
    reconciliation_id = serializers.IntegerField(allow_null=True)


class DatasetChangesSerializer(serializers.Serializer):
    table_id = serializers.IntegerField()
    changes = serializers.JSONField(
        allow_null=True,
        help_text="columns_added, columns_dropped, columns_renamed, fill_changes, "
        "redaction_changes, periods_lost, areas_lost, rows_per_period, flags_added, "
        "flags_cleared.",
    )
    degradations = serializers.JSONField(help_text="What DEGRADED_DELIVERY cites.")
    comparison_id = serializers.IntegerField(allow_null=True)


class PairRunSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    error_message = serializers.CharField()
    column_overrides = serializers.JSONField()
    result = serializers.JSONField(allow_null=True)
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)


class ReconciliationSerializer(PairRunSerializer):
    aggregate_table = serializers.IntegerField(source="aggregate_table_id")
    records_table = serializers.IntegerField(source="records_table_id")


class ComparisonSerializer(PairRunSerializer):
    old_table = serializers.IntegerField(source="old_table_id")
    new_table = serializers.IntegerField(source="new_table_id")
    degradations = serializers.JSONField()


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
    aggregate_table = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    records_table = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    column_overrides = _OverridesField(
        required=False, help_text='e.g. {"area": ["Zone", "District"]}'
    )


class ComparisonCreateSerializer(serializers.Serializer):
    old_table = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    new_table = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    column_overrides = _OverridesField(
        required=False, help_text='e.g. {"area": ["Zone", "District"]}'
    )
