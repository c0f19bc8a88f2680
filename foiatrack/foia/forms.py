"""Staff forms. Each hands clean data to a service; none writes on its own."""

from django import forms
from django.utils import timezone

from foiatrack.audit.field_catalogue import FIELD_CHOICES
from foiatrack.foia.deadlines import ReceiptOutOfRange, check_receipt_date
from foiatrack.foia.laws import LAW_CHOICES, ROUTE_CHOICES
from foiatrack.foia.models import Appeal, Communication, FoiaRequest, Status

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class FoiaRequestForm(forms.ModelForm):
    fields_wanted = forms.MultipleChoiceField(
        label="Fields wanted",
        choices=FIELD_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The letter lists each of these by name.",
    )
    access_route = forms.ChoiceField(
        label="Access route",
        choices=[("", "The route recorded for this agency and stage (else FOIA)"), *ROUTE_CHOICES],
        required=False,
        help_text="Court records in Illinois come through the clerk, not the FOIA.",
    )

    class Meta:
        model = FoiaRequest
        fields = [
            "title",
            "agency",
            "records_requested",
            "stages",
            "period_start",
            "period_end",
            "fields_wanted",
            "fields_wanted_other",
            "detail_level_wanted",
            "format_wanted",
            "access_route",
            "date_received",
            "tracking_number",
            "commercial",
            "recurrent",
            "tags",
            "projects",
            "is_public",
            "embargo_until",
            "private_notes",
        ]
        widgets = {
            "period_start": DATE_INPUT,
            "period_end": DATE_INPUT,
            "date_received": DATE_INPUT,
            "embargo_until": DATE_INPUT,
            "stages": forms.CheckboxSelectMultiple,
            "records_requested": forms.Textarea(attrs={"rows": 6}),
            "fields_wanted_other": forms.Textarea(attrs={"rows": 2}),
            "private_notes": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "fields_wanted_other": "Other fields wanted",
            "detail_level_wanted": "Detail level wanted",
            "format_wanted": "Format wanted",
        }
        help_texts = {
            "date_received": "Leave empty for a draft; fill it in if the request was already sent.",
            "is_public": "Show this request on the public list (after any embargo).",
            "private_notes": "Never shown publicly.",
        }

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = self.fields["agency"].queryset.select_related(
            "jurisdiction"
        )
        if editing:
            # After creation the date of receipt is set by the 'submitted' status change.
            self.fields["date_received"].help_text = "Corrections move the due date."

    def clean_access_route(self):
        route = self.cleaned_data["access_route"]
        # Editing with no choice keeps the route the request already follows.
        if not route and self.instance.pk:
            return self.instance.access_route
        return route

    def clean_date_received(self):
        received = self.cleaned_data["date_received"]
        if received is None:
            if self.instance.pk and self.instance.status != Status.DRAFT:
                raise forms.ValidationError("A request that was sent keeps its date of receipt.")
            return None
        # Future, before the first records law, a period ending before it starts: the
        # model's clean (foia.request_dates), which the admin runs too.
        return received


class StatusChangeForm(forms.Form):
    to_status = forms.ChoiceField(label="New status", choices=Status.choices)
    effective_date = forms.DateField(
        label="Took effect on", required=False, widget=DATE_INPUT, help_text="Default: today."
    )
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, allowed: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if allowed is not None:
            # Only the moves the lifecycle allows are offered; the service checks again.
            self.fields["to_status"].choices = [
                (value, label) for value, label in Status.choices if value in allowed
            ]


class CommunicationForm(forms.ModelForm):
    class Meta:
        model = Communication
        fields = ["direction", "date", "channel", "subject", "body", "attachment"]
        widgets = {"date": DATE_INPUT, "body": forms.Textarea(attrs={"rows": 5})}


class FeesForm(forms.ModelForm):
    class Meta:
        model = FoiaRequest
        fields = ["fees_quoted", "fees_paid"]

    def clean(self):
        cleaned = super().clean()
        for name in ("fees_quoted", "fees_paid"):
            if cleaned.get(name) is not None and cleaned[name] < 0:
                self.add_error(name, "Fees cannot be negative.")
        return cleaned


class AppealForm(forms.ModelForm):
    class Meta:
        model = Appeal
        fields = ["filed_with", "filed_on", "date_due", "notes"]
        widgets = {
            "filed_on": DATE_INPUT,
            "date_due": DATE_INPUT,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"date_due": "Decision due"}


class AppealDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=[c for c in Appeal.Outcome.choices if c[0] != Appeal.Outcome.PENDING]
    )
    decided_on = forms.DateField(widget=DATE_INPUT)


class DeadlineCalculatorForm(forms.Form):
    """The public calculator; the JSON endpoint validates its query string with it too."""

    law = forms.ChoiceField(choices=LAW_CHOICES)
    received = forms.DateField(label="Day the body received the request", widget=DATE_INPUT)
    extended = forms.BooleanField(required=False, label="Extension taken")
    commercial = forms.BooleanField(required=False, label="Commercial request")
    recurrent = forms.BooleanField(required=False, label="Recurrent requester")

    def clean_received(self):
        received = self.cleaned_data["received"]
        try:
            check_receipt_date(received)
        except ReceiptOutOfRange as error:
            raise forms.ValidationError(str(error)) from None
        return received


class ExemptionForm(forms.Form):
    section = forms.CharField(
        max_length=100, label="Section cited", help_text="e.g. 5 ILCS 140/7(1)(c)"
    )
    text = forms.CharField(label="Text of the section", widget=forms.Textarea(attrs={"rows": 3}))
    fields = forms.MultipleChoiceField(
        label="Fields withheld",
        choices=FIELD_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="None ticked: the exemption was cited for the request as a whole.",
    )


class FieldsNotHeldForm(forms.Form):
    fields = forms.MultipleChoiceField(
        label="Fields the agency says it does not keep",
        choices=FIELD_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class TrackingNumberForm(forms.Form):
    number = forms.CharField(max_length=100, label="Agency reference number")
    status = forms.ChoiceField(choices=Status.choices, initial=Status.SUBMITTED)
    note = forms.CharField(max_length=300, required=False)


class TrackingStatusForm(forms.Form):
    status = forms.ChoiceField(choices=Status.choices)
    note = forms.CharField(max_length=300, required=False)


def _not_in_the_future(day, what: str):
    if day and day > timezone.localdate():
        raise forms.ValidationError(
            f"{what} cannot be in the future: enter today's date or an earlier one."
        )
    return day


def _today_at_most(field: forms.Field) -> None:
    # The browser's date picker stops at today too; the server still checks.
    field.widget.attrs["max"] = timezone.localdate().isoformat()


class MarkSentForm(forms.Form):
    """A draft was sent: the day the agency received it may be any day up to today."""

    received_on = forms.DateField(
        label="Day the agency received it",
        widget=DATE_INPUT,
        help_text="An earlier day is fine: the clock is counted from it.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _today_at_most(self.fields["received_on"])

    def clean_received_on(self):
        received = _not_in_the_future(self.cleaned_data["received_on"], "The day of receipt")
        try:
            check_receipt_date(received)
        except ReceiptOutOfRange as error:
            raise forms.ValidationError(str(error)) from None
        return received


class MessageForm(forms.ModelForm):
    """A message to or from the agency, which may move the request's status at once
    (an extension letter extends, a fee letter sets the fee due, a denial records the
    exemption cited). The outcomes offered are the lifecycle's allowed moves."""

    outcome = forms.ChoiceField(label="This message moves the request to", required=False)
    fee_amount = forms.DecimalField(
        label="Fee asked (USD)", required=False, min_value=0, max_digits=10, decimal_places=2
    )
    exemption_section = forms.CharField(
        label="Exemption cited", required=False, max_length=100, help_text="e.g. 5 ILCS 140/7(1)(c)"
    )
    exemption_text = forms.CharField(
        label="Text of the exemption", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    class Meta:
        model = Communication
        fields = ["direction", "date", "channel", "subject", "body", "attachment"]
        widgets = {"date": DATE_INPUT, "body": forms.Textarea(attrs={"rows": 4})}
        labels = {"date": "Date of the message"}

    def __init__(self, *args, foia_request: FoiaRequest, outcomes: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.foia_request = foia_request
        self.fields["outcome"].choices = [("", "No change of status")] + [
            (value, label) for value, label in Status.choices if value in outcomes
        ]
        _today_at_most(self.fields["date"])

    def clean_date(self):
        return _not_in_the_future(self.cleaned_data["date"], "The message's date")

    def clean(self):
        cleaned = super().clean()
        day, received = cleaned.get("date"), self.foia_request.date_received
        if day and received and cleaned.get("direction") == "in" and day < received:
            self.add_error(
                "date",
                f"The agency cannot have answered before it received the request "
                f"({received:%B} {received.day}, {received.year}). Check the date, or correct "
                f"the day of receipt under Edit.",
            )
        section, text = cleaned.get("exemption_section"), cleaned.get("exemption_text")
        if bool(section) != bool(text):
            missing = "exemption_text" if section else "exemption_section"
            self.add_error(missing, "Give both the section cited and its text, or neither.")
        return cleaned
