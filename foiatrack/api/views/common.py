"""Pieces the resources' views share: tags, form checks, error shapes, guards."""

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from rest_framework import exceptions

from foiatrack.api.errors import Conflict
from foiatrack.api.schema import ErrorSerializer
from foiatrack.core.public_cache import api_cached_for_visitors
from foiatrack.foia import selectors as foia_selectors
from foiatrack.foia import services as foia_services
from foiatrack.foia.models import (
    FoiaRequest,
)
from foiatrack.received.models import GapFlag

PUBLIC = "Public"
STAFF = "Staff"
DATA_ADMIN = "Data admins"
AUTH = "Authentication"


def _conflict(response_serializer, created=False) -> dict:
    code = 201 if created else 200
    return {code: response_serializer, 409: ErrorSerializer}


def _form_value(value):
    """A serializer's validated value as a Django form field expects it (model → pk)."""
    if isinstance(value, list | tuple):
        return [_form_value(item) for item in value]
    return getattr(value, "pk", value)


def _form_cleaned(form) -> dict:
    """The form's cleaned data, or a 400 carrying the form's own messages."""
    if not form.is_valid():
        raise exceptions.ValidationError(
            {
                "non_field_errors" if name == "__all__" else name: list(messages)
                for name, messages in form.errors.items()
            }
        )
    return form.cleaned_data


def _input_cleaned(serializer_class, form_class, data, **defaults) -> dict:
    """The input checked twice: by the API's serializer (its shape, as the schema documents
    it), then by the pages' form (the pages' rules). Either answers 400."""
    incoming = serializer_class(data=data)
    incoming.is_valid(raise_exception=True)
    return _form_cleaned(form_class({**defaults, **incoming.validated_data}))


def _invalid(error: ValidationError):
    """A service's refusal of valid-looking input, as the API's 400."""
    return exceptions.ValidationError({"non_field_errors": error.messages})


def _refused_transition(error: foia_services.TransitionError) -> Conflict:
    """A status change the lifecycle or the law refused, as the API's 409."""
    return Conflict(" ".join(error.messages), code="invalid_transition")


# List views of what is filed on one request: its messages, appeals, exemptions. (No
# docstring: drf-spectacular would publish it as the description of their operations.)
class _FiledOnARequest:
    model = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request
            return self.model.objects.none()
        foia_request = get_object_or_404(FoiaRequest, id=self.kwargs["request_id"])
        return self.model.objects.filter(request=foia_request)


class _NumberFilterGuard:
    """The received FilterSets' NumberFilters accept any decimal (agency=1e308); SQLite
    refuses such a number when the query runs (OverflowError), so say 400 instead of 500.
    PostgreSQL already answers those with an empty result."""

    def paginate_queryset(self, queryset):
        try:
            return super().paginate_queryset(queryset)
        except OverflowError:
            raise exceptions.ValidationError(
                {"non_field_errors": ["A number in the query is out of range."]}
            ) from None


# Anonymous answers cached while the requests and agencies are unchanged. (No docstring:
# drf-spectacular would publish it as the description of the views that use it.)
class _FoiaVisitorCache:
    @api_cached_for_visitors(foia_selectors.public_version)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


def _with_flags(tables):
    return tables.prefetch_related(Prefetch("flags", queryset=GapFlag.objects.all()))
