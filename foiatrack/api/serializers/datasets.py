"""Audited datasets as the gap pages report them (public)."""

from rest_framework import serializers

from foiatrack.api.serializers.tables import PublicFlagSerializer

# --- Public: the pipeline's gap reports ------------------------------------------------


class DatasetColumnSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="Header as in the file.")
    role = serializers.CharField(help_text="What the column holds (a role code).")
    type = serializers.CharField(help_text="Inferred type.")
    filled_pct = serializers.FloatField(help_text="Percent of rows with a value.")
    redacted_pct = serializers.FloatField(help_text="Percent of rows withheld by the agency.")


class DatasetLinkSerializer(serializers.Serializer):
    other = serializers.CharField(help_text="The dataset it was linked with (its title).")
    method = serializers.CharField(help_text="deterministic or probabilistic.")
    keys = serializers.CharField(help_text="Key kinds used, comma-separated.")
    linked = serializers.JSONField(help_text='Rows of this dataset linked ("<10" when small).')
    rows = serializers.JSONField(help_text='Rows of this dataset ("<10" when small).')
    link_rate_pct = serializers.FloatField(
        allow_null=True, help_text="Percent linked; null when the count is hidden."
    )
    reason = serializers.CharField(allow_blank=True, help_text="Why nothing linked, if so.")


class DatasetReportSerializer(serializers.Serializer):
    """One dataset's public gap report: the same facts as its page under /gaps/."""

    id = serializers.IntegerField(help_text="The dataset's number.")
    name = serializers.CharField(
        help_text="A neutral title: agency — stage, period (table N); never the file name."
    )
    agency = serializers.CharField(allow_blank=True, help_text="Agency name.")
    agency_slug = serializers.CharField(allow_blank=True, help_text="Agency slug.")
    jurisdiction = serializers.CharField(allow_blank=True, help_text="Jurisdiction name.")
    jurisdiction_slug = serializers.CharField(allow_blank=True, help_text="Jurisdiction slug.")
    stage = serializers.CharField(allow_blank=True, help_text="Pipeline stage code.")
    stage_label = serializers.CharField(allow_blank=True, help_text="Pipeline stage name.")
    coverage = serializers.CharField(
        help_text="Coverage state: none, pending, aggregate, record_unlinkable or "
        "record_linkable (the matrix's `state`)."
    )
    coverage_label = serializers.CharField(help_text="Coverage state in words.")
    granularity = serializers.CharField(help_text="Record-level or aggregated, in words.")
    aggregate_dimensions = serializers.ListField(
        child=serializers.CharField(), help_text="What an aggregate is counted by."
    )
    time_resolution = serializers.CharField(help_text="Finest time given, in words.")
    geo_resolution = serializers.CharField(help_text="Finest location given, in words.")
    period_start = serializers.DateField(allow_null=True, help_text="First day with data.")
    period_end = serializers.DateField(allow_null=True, help_text="Last day with data.")
    missing_periods = serializers.ListField(
        child=serializers.CharField(), help_text="Months or years inside the period with no rows."
    )
    areas_covered = serializers.IntegerField(help_text="Areas with rows.")
    missing_areas = serializers.ListField(
        child=serializers.CharField(), help_text="Known areas with no rows."
    )
    rows = serializers.JSONField(help_text='Data rows ("<10" when small).')
    linkability_level = serializers.CharField(help_text="L0 (no link) to L3 (exact keys).")
    linkability_reason = serializers.CharField(allow_blank=True, help_text="Why it has that level.")
    link_keys = serializers.ListField(
        child=serializers.CharField(), help_text="Kinds of linking key present."
    )
    best_link_rate_pct = serializers.FloatField(
        allow_null=True, help_text="Best measured link rate, percent."
    )
    audited_at = serializers.CharField(allow_null=True, help_text="When it was last audited.")
    flags = PublicFlagSerializer(many=True, help_text="What stops linking or use.")
    columns = DatasetColumnSerializer(many=True, help_text="Columns: role and fill, no values.")
    links = DatasetLinkSerializer(many=True, help_text="Measured links with other datasets.")
