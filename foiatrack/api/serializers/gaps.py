"""The coverage matrix and the funnel (public)."""

from rest_framework import serializers

from foiatrack.foia.models import (
    Jurisdiction,
)
from foiatrack.pipeline.coverage import STATE_CHOICES


class CoverageCellSerializer(serializers.Serializer):
    jurisdiction = serializers.CharField(help_text="Jurisdiction name.")
    jurisdiction_slug = serializers.CharField(help_text="Jurisdiction slug.")
    stage = serializers.CharField(help_text="Pipeline stage code.")
    stage_label = serializers.CharField(help_text="Pipeline stage name.")
    year = serializers.IntegerField(help_text="Calendar year.")
    state = serializers.ChoiceField(choices=STATE_CHOICES, help_text="Coverage state.")
    state_label = serializers.CharField(help_text="Coverage state in words.")
    linkability_level = serializers.CharField(
        allow_blank=True, help_text="Best linkability level (L0–L3) of what is behind it."
    )
    datasets = serializers.IntegerField(help_text="Audited datasets behind the cell.")
    requests = serializers.IntegerField(help_text="Pending requests behind the cell.")


class CoverageSerializer(serializers.Serializer):
    """The coverage matrix: stage × jurisdiction × year."""

    computed_at = serializers.DateTimeField(
        allow_null=True, help_text="When the matrix was last rebuilt."
    )
    last_audited_at = serializers.DateTimeField(
        allow_null=True, help_text="The latest audit it includes."
    )
    cells = CoverageCellSerializer(many=True, help_text="One per stage × jurisdiction × year.")


class CoverageQuerySerializer(serializers.Serializer):
    jurisdiction = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Jurisdiction.objects.all(),
        required=False,
        help_text="Only this jurisdiction (slug).",
    )


class FunnelStepSerializer(serializers.Serializer):
    """One step of calls → reports → court → jail ("from" is a Python keyword, hence
    get_fields)."""

    def get_fields(self):
        return {
            "jurisdiction": serializers.CharField(help_text="Jurisdiction name."),
            "jurisdiction_slug": serializers.CharField(help_text="Jurisdiction slug."),
            "from": serializers.CharField(help_text="Earlier stage."),
            "to": serializers.CharField(help_text="Later stage."),
            "from_records": serializers.JSONField(help_text='Records received ("<10" if few).'),
            "to_records": serializers.JSONField(help_text='Records received ("<10" if few).'),
            "linked": serializers.JSONField(
                help_text="Records of the earlier stage linked; null when not measured."
            ),
            "link_rate_pct": serializers.FloatField(
                allow_null=True, help_text="Percent linked; null when hidden or not measured."
            ),
            "method": serializers.CharField(allow_blank=True, help_text="How it was linked."),
            "explanation": serializers.CharField(help_text="The step in a sentence."),
            "from_jurisdiction": serializers.CharField(
                help_text="Slug of the place whose earlier-stage data is used: this "
                "jurisdiction's, or its nearest parent's when it has none of its own."
            ),
            "to_jurisdiction": serializers.CharField(
                help_text="Slug of the place whose later-stage data is used."
            ),
        }


class FunnelSerializer(serializers.Serializer):
    computed_at = serializers.DateTimeField(
        allow_null=True, help_text="When the funnel was last rebuilt."
    )
    steps = FunnelStepSerializer(
        many=True,
        help_text="Each jurisdiction's steps (by name), earliest stage first. A stage the "
        "place has no data for uses its nearest parent jurisdiction's datasets "
        "(from_jurisdiction / to_jurisdiction name where each side's data comes from).",
    )
