"""Pieces the resources' serializers share: stage codes."""

from rest_framework import serializers

from foiatrack.audit.field_catalogue import FIELD_CHOICES

# --- Shared pieces ---------------------------------------------------------------------


class StageCodesField(serializers.SlugRelatedField):
    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "code")
        kwargs.setdefault("many", False)
        super().__init__(**kwargs)


def stage_codes(help_text: str, **kwargs):
    return serializers.SlugRelatedField(slug_field="code", many=True, help_text=help_text, **kwargs)


def _field_codes(help_text: str, **kwargs) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.ChoiceField(choices=FIELD_CHOICES), help_text=help_text, **kwargs
    )
