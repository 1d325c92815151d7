from django import forms
from django.utils.translation import gettext_lazy as _

from antq.reminders.models import Kind


class PreferencesForm(forms.Form):
    """Per kind of reminder: receive it (in the app), and also by e-mail."""

    def __init__(self, *args, current: dict[str, tuple[bool, bool]], **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in Kind.choices:
            enabled, email = current.get(kind, (True, True))
            self.fields[f"{kind}__on"] = forms.BooleanField(
                label=label, required=False, initial=enabled
            )
            self.fields[f"{kind}__email"] = forms.BooleanField(
                label=_("gửi cả thư điện tử"), required=False, initial=email
            )

    def rows(self):
        return [(self[f"{kind}__on"], self[f"{kind}__email"]) for kind in Kind.values]

    def choices(self) -> dict[str, tuple[bool, bool]]:
        data = self.cleaned_data
        return {kind: (data[f"{kind}__on"], data[f"{kind}__email"]) for kind in Kind.values}
