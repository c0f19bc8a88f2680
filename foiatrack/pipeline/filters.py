"""The public datasets list's filters (/gaps/datasets/): search and facets over the public
datasets only (selectors apply public_table_q first). Invalid input makes the FilterSet
invalid: the page answers 400 and says which value was wrong."""

import django_filters
from django.db.models import Q

from foiatrack.audit.vocabulary import FLAG_CHOICES, GRANULARITY_CHOICES
from foiatrack.core.models import Stage
from foiatrack.foia.models import Jurisdiction
from foiatrack.pipeline.models import DatasetCoverage


class DatasetFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_text", label="Search", max_length=100)
    stage = django_filters.ModelChoiceFilter(
        field_name="stage", queryset=Stage.objects.all(), to_field_name="code", label="Stage"
    )
    jurisdiction = django_filters.ModelChoiceFilter(
        field_name="jurisdiction",
        queryset=Jurisdiction.objects.all(),
        to_field_name="slug",
        label="Jurisdiction",
    )
    year = django_filters.NumberFilter(
        method="filter_year", label="Covers year", min_value=1900, max_value=2100
    )
    granularity = django_filters.ChoiceFilter(
        field_name="table__granularity", choices=GRANULARITY_CHOICES, label="Granularity"
    )
    flag = django_filters.ChoiceFilter(method="filter_flag", choices=FLAG_CHOICES, label="Flag")

    class Meta:
        model = DatasetCoverage
        fields: list[str] = []

    def filter_text(self, queryset, name, value):
        """Words of the public title: agency, request's agency, place and stage. Never the
        uploaded file name, which the public does not see."""
        for word in value.split():
            queryset = queryset.filter(
                Q(table__received_file__agency__name__icontains=word)
                | Q(table__received_file__request__agency__name__icontains=word)
                | Q(jurisdiction__name__icontains=word)
                | Q(stage__name__icontains=word)
                | Q(stage__code__icontains=word)
            )
        return queryset

    def filter_year(self, queryset, name, value):
        start, end = f"{int(value)}-01-01", f"{int(value)}-12-31"
        return queryset.filter(table__period_start__lte=end, table__period_end__gte=start)

    def filter_flag(self, queryset, name, value):
        return queryset.filter(table__flags__code=value).distinct()
