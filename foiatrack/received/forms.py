from django import forms

from foiatrack.audit.vocabulary import ROLE_CHOICES, ROLE_GROUPS
from foiatrack.core.models import Stage
from foiatrack.foia.models import Agency, FoiaRequest
from foiatrack.received.services import max_upload_bytes, too_large_message

_ROLE_LABELS = dict(ROLE_CHOICES)
GROUPED_ROLE_CHOICES = [
    (group, [(code, _ROLE_LABELS[code]) for code in codes]) for group, codes in ROLE_GROUPS.items()
]


class UploadForm(forms.Form):
    file = forms.FileField(
        allow_empty_file=True,  # the audit explains why an empty file is no use
        help_text="CSV, TSV, TXT, Excel (XLSX/XLS) or a ZIP archive of those.",
    )
    request = forms.ModelChoiceField(
        queryset=FoiaRequest.objects.select_related("agency").order_by("-created_at"),
        required=False,
        label="FOIA request",
        help_text="The request this answers: its agency and stage fill in from it.",
    )
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.select_related("jurisdiction").order_by("name"),
        required=False,
        help_text="Leave empty to take the request's. Its jurisdiction decides which areas "
        "are expected.",
    )
    stage = forms.ModelChoiceField(
        queryset=Stage.objects.all(),
        required=False,
        label="Pipeline stage",
        help_text="Leave empty to take the request's (when it asked for one stage).",
    )
    notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=10_000
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > max_upload_bytes():
            raise forms.ValidationError(too_large_message(upload.size))
        return upload

    def clean(self):
        cleaned = super().clean()
        agency, request = cleaned.get("agency"), cleaned.get("request")
        if agency and request and request.agency_id != agency.id:
            self.add_error(
                "request", f"This request was sent to {request.agency}, not to {agency}."
            )
        elif request:
            # The request implies the rest: it was sent to one agency, for its stages.
            cleaned["agency"] = agency or request.agency
            stages = list(request.stages.all())
            if cleaned.get("stage") is None and len(stages) == 1:
                cleaned["stage"] = stages[0]
        return cleaned


class RolesForm(forms.Form):
    """One role per column of an audited table, as the audit inferred them."""

    def __init__(self, *args, columns, **kwargs):
        super().__init__(*args, **kwargs)
        self.columns = list(columns)
        for column in self.columns:
            self.fields[self.field_name(column)] = forms.ChoiceField(
                choices=GROUPED_ROLE_CHOICES, initial=column.role, label=column.name
            )

    @staticmethod
    def field_name(column) -> str:
        return f"role_{column.position}"

    def role_overrides(self, previous: dict[str, str]) -> dict[str, str]:
        """Earlier corrections, plus every column whose role the admin changed now."""
        overrides = dict(previous)
        for column in self.columns:
            chosen = self.cleaned_data[self.field_name(column)]
            if chosen != column.role:
                overrides[column.name] = chosen
        return overrides

    def bound_columns(self):
        return [(column, self[self.field_name(column)]) for column in self.columns]
