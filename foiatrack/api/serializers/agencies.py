"""Jurisdictions, agencies and their scorecards (public)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from foiatrack.api.serializers.common import stage_codes
from foiatrack.api.serializers.tables import SMALL_COUNT_SCHEMA
from foiatrack.foia.models import (
    Agency,
    Jurisdiction,
)

# --- Public: jurisdictions, agencies, scorecards ---------------------------------------


class JurisdictionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Jurisdiction
        fields = ["slug", "name", "level", "law", "state"]
        extra_kwargs = {
            "slug": {"help_text": "Stable identifier used in URLs and filters."},
            "name": {"help_text": "The government's name."},
            "level": {"help_text": "city, county, state or federal."},
            "law": {"help_text": "Code of the public-records law that applies, e.g. il-foia."},
            "state": {"help_text": "Two-letter US state code; empty for the federal level."},
        }


@extend_schema_field(SMALL_COUNT_SCHEMA)
class SmallCountField(serializers.Field):
    """A count as the public pages print it (core.suppression): 1–9 are "<10"."""

    def to_representation(self, value):
        return value


class ScorecardSerializer(serializers.Serializer):
    """How an agency answers PUBLIC requests (private and embargoed ones count nowhere
    public); first response and completion measured apart; counts of 1–9 are "<10" and a
    percentage is null when a count behind it is."""

    requests_sent = SmallCountField(help_text="Public requests sent (drafts excluded).")
    responded = SmallCountField(
        help_text="Requests with any response: acknowledgement, message or final answer."
    )
    answered = SmallCountField(help_text="Requests with the agency's final answer.")
    exemptions_cited = SmallCountField(help_text="Exemptions cited in the answers.")
    on_time_pct = serializers.FloatField(
        allow_null=True, help_text="Percent of completed requests answered by the due date."
    )
    median_days_to_first_response = serializers.FloatField(
        allow_null=True, help_text="Median business days from receipt to any first response."
    )
    median_days_to_completion = serializers.FloatField(
        allow_null=True, help_text="Median business days from receipt to the final answer."
    )
    fulfilled_pct = serializers.FloatField(
        allow_null=True, help_text="Percent of answers that released everything asked."
    )
    partially_fulfilled_pct = serializers.FloatField(
        allow_null=True, help_text="Percent of answers that released part of it."
    )
    fees_charged = serializers.DecimalField(
        max_digits=12, decimal_places=2, help_text="Total fees quoted, in dollars."
    )
    fees_paid = serializers.DecimalField(
        max_digits=12, decimal_places=2, help_text="Total fees paid, in dollars."
    )
    open_appeals = SmallCountField(help_text="Appeals still pending.")


class AgencySerializer(serializers.ModelSerializer):
    jurisdiction = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, help_text="Slug of the agency's jurisdiction."
    )
    stages = stage_codes("Pipeline stages whose records the agency holds.", read_only=True)
    scorecard = serializers.SerializerMethodField(help_text="The agency's scorecard.")

    class Meta:
        model = Agency
        fields = [
            "slug",
            "name",
            "jurisdiction",
            "stages",
            "foia_officer",
            "email",
            "postal_address",
            "portal_url",
            "notes",
            "scorecard",
        ]
        extra_kwargs = {
            "slug": {"help_text": "Stable identifier used in URLs and filters."},
            "name": {"help_text": "The agency's name."},
            "foia_officer": {"help_text": "The records officer, if known."},
            "email": {"help_text": "Where requests are sent by e-mail."},
            "postal_address": {"help_text": "Where requests are sent by post."},
            "portal_url": {"help_text": "The agency's request portal."},
            "notes": {"help_text": "Access routes, quirks and contacts."},
        }

    @extend_schema_field(ScorecardSerializer)
    def get_scorecard(self, agency: Agency) -> dict:
        # Computed for a whole page at once by the view (agency_scorecards).
        return ScorecardSerializer(self.context["scorecards"][agency.id]).data
