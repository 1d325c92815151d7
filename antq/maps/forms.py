from django import forms

from antq.core.forms import clean_point, point_fields


class LocationForm(forms.Form):
    """A point typed, or placed on the small map (the thing's own form has
    the same two fields)."""

    latitude, longitude = point_fields()

    def __init__(self, *args, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["longitude"].widget.unit = unit.pk if unit is not None else None

    def clean(self):
        data = super().clean()
        clean_point(self)
        return data
