from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from antq.core.forms import VersionedForm
from antq.documents.forms import SigningFields
from antq.reports.models import Report
from antq.units.forms import UnitPickerField
from antq.units.models import Unit

# the labels of the toolbar app.js puts over a narrative text area
RICH_TEXT = {
    "data-richtext": "1",
    "data-toolbar-label": _("Định dạng nội dung"),
    "data-bold-label": _("Chữ đậm"),
    "data-bold-sample": _("chữ đậm"),
    "data-list-label": _("Gạch đầu dòng"),
}


class ReportCreateForm(forms.Form):
    """A new draft: a province or commune chosen in the searchable picker
    among those that existed during the period typed (a closed one's past is
    drafted by today's unit carrying it); a system administrator may leave it
    empty for the nation."""

    unit = UnitPickerField(label=_("Đơn vị"), date_field="period", queryset=Unit.objects.none())
    period = forms.CharField(
        label=_("Kỳ báo cáo"),
        max_length=7,
        help_text=_("2026S1: 6 tháng đầu năm 2026; 2026: cả năm 2026."),
    )
    view = forms.ChoiceField(
        label=_("Cách tính số liệu"), choices=Report.View.choices, initial=Report.View.RESTATED
    )

    def __init__(self, *args, units, nation: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        if nation:
            self.fields["unit"].required = False
            self.fields["unit"].help_text = _("Để trống: báo cáo toàn quốc.")
        self.fields["period"].initial = str(timezone.localdate().year)

    def clean_period(self):
        return self.cleaned_data["period"].strip().upper()

    def chosen_unit(self) -> Unit | None:
        return self.cleaned_data["unit"]


class NarrativeForm(VersionedForm):
    """One text area per narrative section of the report."""

    def __init__(self, *args, report: Report, sections, **kwargs):
        super().__init__(*args, **kwargs)
        for section in sections:
            self.fields[section.key] = forms.CharField(
                label=f"{section.number}. {section.heading}",
                required=False,
                max_length=50_000,
                initial=report.narrative.get(section.key, ""),
                widget=forms.Textarea(attrs={"rows": 6, **RICH_TEXT}),
            )
        self.fields["version"].initial = report.version

    def narrative(self) -> dict[str, str]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class IssueForm(SigningFields, VersionedForm):
    """Number (empty: the register's next), date, place, who signs and how,
    and the recipients; the issuing body and its header are the register's."""

    recipients = forms.CharField(
        label=_("Nơi nhận"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Mỗi dòng một nơi nhận."),
        required=False,
    )

    def clean(self):
        data = super().clean()
        if not data.get("date"):
            self.add_error("date", _("Nhập ngày ban hành."))
        return data
