import django_filters

from foiatrack.audit.vocabulary import GRANULARITY_CHOICES
from foiatrack.received.models import ReceivedFile, Table


class ReceivedFileFilter(django_filters.FilterSet):
    agency = django_filters.NumberFilter(field_name="agency_id")
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
    agency = django_filters.NumberFilter(field_name="received_file__agency_id")
    jurisdiction = django_filters.CharFilter(field_name="received_file__agency__jurisdiction__slug")
    covers_from = django_filters.DateFilter(field_name="period_end", lookup_expr="gte")
    covers_until = django_filters.DateFilter(field_name="period_start", lookup_expr="lte")

    class Meta:
        model = Table
        fields = ["status", "granularity", "stage", "agency", "jurisdiction"]
