import django_filters
from django import forms

from foiatrack.audit.vocabulary import GRANULARITY_CHOICES
from foiatrack.received.models import ReceivedFile, Table
from foiatrack.security import LARGEST_ID


class IdFilter(django_filters.NumberFilter):
    """An id: a whole number a database key can hold. Anything else (1e308, 30 digits)
    makes the filter invalid, which views answer with 400, not a database overflow."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", LARGEST_ID)
        super().__init__(*args, **kwargs)


class ReceivedFileFilter(django_filters.FilterSet):
    agency = IdFilter(field_name="agency_id")
    stage = django_filters.CharFilter(field_name="stage__code")
    status = django_filters.ChoiceFilter(
        field_name="tables__status", choices=Table.Status.choices, distinct=True
    )

    class Meta:
        model = ReceivedFile
        fields = ["agency", "stage", "status"]


class TableFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(field_name="status", choices=Table.Status.choices)
    granularity = django_filters.ChoiceFilter(field_name="granularity", choices=GRANULARITY_CHOICES)
    stage = django_filters.CharFilter(field_name="received_file__stage__code")
    agency = IdFilter(field_name="received_file__agency_id")
    jurisdiction = django_filters.CharFilter(field_name="received_file__agency__jurisdiction__slug")
    covers_from = django_filters.DateFilter(field_name="period_end", lookup_expr="gte")
    covers_until = django_filters.DateFilter(field_name="period_start", lookup_expr="lte")

    class Meta:
        model = Table
        fields = ["status", "granularity", "stage", "agency", "jurisdiction"]
