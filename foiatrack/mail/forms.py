"""Forms for the mail pages."""

from django import forms

from foiatrack.foia.models import FoiaRequest


class SendForm(forms.Form):
    # A fresh key per rendered page: a double click posts the same key and sends once.
    key = forms.CharField(max_length=60, required=False, widget=forms.HiddenInput)
    to = forms.EmailField(
        required=False,
        help_text="Leave empty for the agency's FOIA address (appeals: the reviewer).",
    )
    filed_with = forms.CharField(
        max_length=200, required=False, help_text="Appeals: who reviews it (e.g. the PAC)."
    )


class EmlForm(forms.Form):
    eml = forms.FileField(label=".eml file", help_text="A message saved from a mail client.")


class AssignForm(forms.Form):
    request = forms.IntegerField(min_value=1, label="Request number")

    def clean_request(self) -> FoiaRequest:
        request = FoiaRequest.objects.filter(id=self.cleaned_data["request"]).first()
        if request is None:
            raise forms.ValidationError("There is no request with that number.")
        return request
