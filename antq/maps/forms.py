from django import forms
from django.utils.translation import gettext_lazy as _

from antq.core.forms import NumberField


class LocationForm(forms.Form):
    latitude = NumberField(
        label=_("Vĩ độ"), min_value=None, help_text=_("độ, ví dụ 20,95123 (Bắc)")
    )
    longitude = NumberField(
        label=_("Kinh độ"), min_value=None, help_text=_("độ, ví dụ 107,05211 (Đông)")
    )
