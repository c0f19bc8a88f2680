"""The staff request list's filters. Invalid input makes the FilterSet invalid (a 400)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone

from foiatrack.core.models import Stage
from foiatrack.foia.lifecycle import OPEN_STATUSES
from foiatrack.foia.models import Agency, FoiaRequest, Jurisdiction, Project, Status, Tag


class FoiaRequestFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_text", label="Text")
    status = django_filters.MultipleChoiceFilter(field_name="status", choices=Status.choices)
    # Typed slugs, not drop-downs: a national directory has 18,000 agencies in 3,000
    # places, and a <select> of them all took over a second to render on every list page.
    agency = django_filters.ModelChoiceFilter(
        field_name="agency",
        queryset=Agency.objects.all(),
        to_field_name="slug",
        widget=forms.TextInput(attrs={"placeholder": "e.g. chicago-oemc"}),
        help_text="The agency's short name (slug), as in its page's address.",
    )
    jurisdiction = django_filters.ModelChoiceFilter(
        field_name="agency__jurisdiction",
        queryset=Jurisdiction.objects.all(),
        to_field_name="slug",
        label="Jurisdiction",
        widget=forms.TextInput(attrs={"placeholder": "e.g. chicago"}),
    )
    stage = django_filters.ModelChoiceFilter(
        field_name="stages", queryset=Stage.objects.all(), to_field_name="code", label="Stage"
    )
    # field_name follows to_field_name: the filter compares tags__name with each chosen name.
    tags = django_filters.ModelMultipleChoiceFilter(
        field_name="tags__name", queryset=Tag.objects.all(), to_field_name="name", distinct=True
    )
    project = django_filters.ModelChoiceFilter(
        field_name="projects", queryset=Project.objects.all(), to_field_name="slug"
    )
    overdue = django_filters.BooleanFilter(
        method="filter_overdue", label="Overdue", widget=forms.NullBooleanSelect
    )
    received_after = django_filters.DateFilter(
        field_name="date_received", lookup_expr="gte", label="Received on or after"
    )
    received_before = django_filters.DateFilter(
        field_name="date_received", lookup_expr="lte", label="Received on or before"
    )
    due_after = django_filters.DateFilter(
        field_name="date_due", lookup_expr="gte", label="Due on or after"
    )
    due_before = django_filters.DateFilter(
        field_name="date_due", lookup_expr="lte", label="Due on or before"
    )
    mine = django_filters.BooleanFilter(
        method="filter_mine", label="Only mine", widget=forms.CheckboxInput
    )

    class Meta:
        model = FoiaRequest
        fields: list[str] = []

    def filter_text(self, queryset, name, value):
        return queryset.filter(
            Q(title__icontains=value)
            | Q(records_requested__icontains=value)
            | Q(tracking_number__icontains=value)
            | Q(agency__name__icontains=value)
        )

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        today = timezone.localdate()
        overdue = Q(status__in=OPEN_STATUSES, date_due__lt=today)
        return queryset.filter(overdue) if value else queryset.exclude(overdue)

    def filter_mine(self, queryset, name, value):
        if value and self.request is not None:
            return queryset.filter(requester=self.request.user)
        return queryset


class PublicRequestFilter(django_filters.FilterSet):
    """The public request list's filters (/gaps/requests/): applied to public_requests()
    only, so no filter can reach a private or embargoed request. Unknown slugs, codes or a
    year that is not a number make the FilterSet invalid: the page answers 400 and says why.
    """

    agency = django_filters.ModelChoiceFilter(
        field_name="agency", queryset=Agency.objects.all(), to_field_name="slug"
    )
    jurisdiction = django_filters.ModelChoiceFilter(
        field_name="agency__jurisdiction",
        queryset=Jurisdiction.objects.all(),
        to_field_name="slug",
        label="Jurisdiction",
    )
    status = django_filters.ChoiceFilter(
        field_name="status", choices=[c for c in Status.choices if c[0] != Status.DRAFT]
    )
    stage = django_filters.ModelChoiceFilter(
        field_name="stages", queryset=Stage.objects.all(), to_field_name="code", label="Stage"
    )
    year = django_filters.NumberFilter(
        method="filter_year", label="Period asked includes year", min_value=1900, max_value=2100
    )

    class Meta:
        model = FoiaRequest
        fields: list[str] = []

    def filter_year(self, queryset, name, value):
        """Requests whose asked period covers the year; one with no period asked, by the
        year the agency received it."""
        year = int(value)
        start, end = f"{year}-01-01", f"{year}-12-31"
        asked = Q(period_start__isnull=False) | Q(period_end__isnull=False)
        covers = (Q(period_start__isnull=True) | Q(period_start__lte=end)) & (
            Q(period_end__isnull=True) | Q(period_end__gte=start)
        )
        return queryset.filter((asked & covers) | (~asked & Q(date_received__year=year)))
