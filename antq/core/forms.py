from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class DatePicker(forms.DateInput):
    """The browser's date picker. It reads and writes ISO dates whatever the
    language, so the value is never localized (a Vietnamese "02/12/2026" would
    leave it empty); the browser shows the date in the user's own format."""

    input_type = "date"

    def __init__(self, attrs: dict | None = None):
        super().__init__(attrs, format="%Y-%m-%d")


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: by field where it names one
    the form has, otherwise at the top."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            target = field if field in form.fields else None
            for message in messages:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


class VersionedForm(forms.Form):
    """A form for an object two people can edit: the version it was opened at
    travels with it, and the service refuses a save based on an older one."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


class SpreadsheetUploadForm(forms.Form):
    """The file of an all-or-nothing import (see `audit.imports`): XLSX or CSV,
    at most settings.UNIT_IMPORT_MAX_BYTES."""

    file = forms.FileField(label=_("Tệp Excel (.xlsx) hoặc CSV"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.UNIT_IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("Tệp quá lớn (tối đa %(mb)s MB).")
                % {"mb": settings.UNIT_IMPORT_MAX_BYTES // 1024 // 1024}
            )
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Chỉ nhận tệp .xlsx hoặc .csv."))
        return upload
