"""Forms for the account pages."""

from django import forms
from django.conf import settings


class TokenCreateForm(forms.Form):
    """Name a new API token and say how long it should last (at most the site's limit)."""

    name = forms.CharField(
        max_length=100, help_text="What the token is for, e.g. “nightly upload script”."
    )
    lifetime_days = forms.IntegerField(min_value=1, label="Expires after (days)")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = settings.API_TOKEN_LIFETIME_DAYS
        field = self.fields["lifetime_days"]
        field.initial = limit
        field.help_text = f"At most {limit}; after that the token answers 401."
        field.widget.attrs.update({"max": limit})

    def clean_lifetime_days(self) -> int:
        days = self.cleaned_data["lifetime_days"]
        limit = settings.API_TOKEN_LIFETIME_DAYS
        if days > limit:
            raise forms.ValidationError(f"A token may last at most {limit} days.")
        return days
