"""Forms for data admins' and staff actions on the pipeline."""

from django import forms

from foiatrack.pipeline.selectors import tables_linkable


class TableChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, table) -> str:
        received = table.received_file
        stage = received.stage.name if received.stage else "no stage"
        agency = received.agency.name if received.agency else "no agency"
        return f"#{table.id} {table.name} ({stage}, {agency})"


class LinkRunForm(forms.Form):
    """Two audited tables to link; the earlier pipeline stage usually goes on the left."""

    left_table = TableChoiceField(queryset=tables_linkable(), label="Earlier stage (left)")
    right_table = TableChoiceField(queryset=tables_linkable(), label="Later stage (right)")

    def clean(self):
        data = super().clean()
        if data.get("left_table") and data.get("left_table") == data.get("right_table"):
            raise forms.ValidationError("Choose two different tables to link.")
        return data
