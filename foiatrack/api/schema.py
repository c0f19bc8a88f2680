"""OpenAPI generation: every operation documents the error bodies it can answer with.

The contract tests check each response's status against the schema, so an error the
API can give must be listed here, not only in prose.
"""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.permissions import AllowAny

from foiatrack.foia.filters import FoiaRequestFilter
from foiatrack.received.models import Table

ERROR_DESCRIPTIONS = {
    "400": "Invalid input: a field, a filter or the body. `fields` lists each problem.",
    "401": "No credentials, or a token that is not accepted.",
    "403": "Logged in, but without the role this endpoint needs.",
    "404": "No such object (or not public), or a page number past the end.",
    "409": "The object's current state refuses the change (e.g. an invalid status move).",
    "413": "The upload is larger than the server's limit.",
    "415": "The body is in a media type this endpoint does not accept.",
    "429": "Too many requests from an anonymous client; see the Retry-After header.",
}


class ErrorDetailSerializer(serializers.Serializer):
    status = serializers.IntegerField(help_text="The HTTP status code, repeated.")
    code = serializers.CharField(
        help_text="A stable machine-readable code: invalid, not_authenticated, "
        "authentication_failed, permission_denied, not_found, method_not_allowed, "
        "invalid_transition, conflict, upload_too_large, unreadable_file, throttled, …"
    )
    message = serializers.CharField(help_text="What went wrong, in a sentence for a person.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.JSONField()),
        required=False,
        help_text="Validation errors only: {field name: [messages]}; 'non_field_errors' "
        "for problems with the request as a whole.",
    )


class ErrorSerializer(serializers.Serializer):
    """The body of every error response."""

    error = ErrorDetailSerializer(help_text="What failed and why.")


# Descriptions for the pages' filters that carry no label, per FilterSet. A label set on
# the FilterSet itself wins; these only fill the gaps so every parameter is described.
FILTER_DESCRIPTIONS = {
    "FoiaRequestFilter": {
        "q": "Text in the title, records asked for, tracking number or agency name.",
        "status": "Request status; repeat the parameter for several.",
        "agency": "Agency slug.",
        "tags": "Tag name; repeat the parameter for several.",
        "project": "Project slug.",
        "stage": "Pipeline stage code.",
        "jurisdiction": "Jurisdiction slug.",
        "overdue": "true: only overdue requests; false: only those not overdue.",
        "mine": "true: only requests you own.",
    },
    "TableFilter": {
        "status": "Audit status (public datasets: always done).",
        "granularity": "record or aggregate.",
        "stage": "Pipeline stage code of the file.",
        "agency": "Id (a number) of the agency that sent the file.",
        "jurisdiction": "Slug of that agency's jurisdiction.",
        "covers_from": "Only tables whose period ends on or after this day.",
        "covers_until": "Only tables whose period starts on or before this day.",
    },
    "ReceivedFileFilter": {
        "agency": "Id (a number) of the agency that sent the file.",
        "stage": "Pipeline stage code.",
        "status": "Files with at least one table in this audit status.",
    },
}


class ApiAutoSchema(AutoSchema):
    """Adds the documented error responses that apply to each operation, and
    descriptions for filter parameters the FilterSets leave unlabelled."""

    def _get_filter_parameters(self):
        parameters = super()._get_filter_parameters()
        filterset = getattr(self.view, "filterset_class", None)
        described = FILTER_DESCRIPTIONS.get(filterset.__name__, {}) if filterset else {}
        for parameter in parameters:
            if not parameter.get("description") and parameter["name"] in described:
                parameter["description"] = described[parameter["name"]]
        return parameters

    def _error_codes(self) -> list[str]:
        codes = ["400", "401", "404"]
        if self.method in ("POST", "PUT", "PATCH"):
            codes.append("415")
        public = all(isinstance(p, AllowAny) for p in self.view.get_permissions())
        if not public:
            codes.append("403")
        else:
            # Permissions are checked before throttles: only open endpoints answer 429.
            codes.append("429")
        return codes

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code, response in responses.items():
            if code in ERROR_DESCRIPTIONS and not response.get("description"):
                response["description"] = ERROR_DESCRIPTIONS[code]
        for code in self._error_codes():
            if code not in responses:
                response = self._get_response_for_code(ErrorSerializer, code, direction=direction)
                response["description"] = ERROR_DESCRIPTIONS[code]
                responses[code] = response
        return responses


# Named once for SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]: the same choices appear in
# several serializers and filters, and one name per set keeps generated clients tidy.
TABLE_STATUS_CHOICES = Table.Status.choices

# The request list's `tags` filter compares tag names (field_name "tags__name"), a path the
# schema generator cannot follow: say so here rather than changing the pages' FilterSet.
extend_schema_field(OpenApiTypes.STR)(FoiaRequestFilter.base_filters["tags"])
