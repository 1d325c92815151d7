from django import forms
from django.utils.translation import gettext_lazy as _

from antq.awards.models import AwardType, RecipientKind, Round
from antq.core.forms import DatePicker, NumberField
from antq.documents.forms import SigningFields
from antq.units.forms import UnitPickerField


class RoundForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label=_("Đợt"), choices=Round.Kind.choices)
    name = forms.CharField(label=_("Tên đợt"), max_length=255)
    deadline = forms.DateField(label=_("Hạn đề nghị"), widget=DatePicker())


class NominationForm(forms.Form):
    award_type = forms.ModelChoiceField(
        label=_("Hình thức khen thưởng"), queryset=AwardType.objects.filter(active=True)
    )
    recipient_kind = forms.ChoiceField(label=_("Đối tượng"), choices=RecipientKind.choices)
    unit = UnitPickerField(label=_("Đơn vị"))
    person_name = forms.CharField(
        label=_("Họ và tên"), max_length=120, required=False, help_text=_("Với cá nhân.")
    )
    birth_year = forms.IntegerField(label=_("Năm sinh"), required=False, min_value=1900)
    position = forms.CharField(label=_("Chức vụ"), max_length=255, required=False)
    years_of_service = NumberField(
        label=_("Số năm công tác"), integer=True, required=False, min_value=0, max_value=80
    )
    achievement = forms.CharField(label=_("Thành tích"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units.order_by("depth", "name_folded")


class DecisionForm(SigningFields):
    """The award type (which names the issuing body and the signer's title)
    and, optionally, the number, date and who signs."""

    award_type = forms.ModelChoiceField(
        label=_("Hình thức khen thưởng"), queryset=AwardType.objects.filter(active=True)
    )
    field_order = ["award_type", "number", "date", "place", "signing_form", "signer_title",
                   "signer_name"]  # fmt: skip

    def clean(self):
        data = super().clean()
        data["signing_form"] = data.get("signing_form") or None
        data["signer_title"] = data.get("signer_title") or None
        return data


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), max_length=500)


class AwardRecordForm(forms.Form):
    """A decision already issued, as its paper says it."""

    unit = UnitPickerField(
        label=_("Đơn vị ghi nhận"),
        date_field="date",
        queryset=None,
        help_text=_("Đơn vị có danh sách khen thưởng này, như vào ngày ký quyết định."),
    )
    authority = forms.CharField(
        label=_("Cơ quan, người ban hành"),
        max_length=255,
        help_text=_("Ví dụ: Bộ trưởng Bộ Công an; Chủ tịch UBND tỉnh; Thủ tướng Chính phủ."),
    )
    number = forms.CharField(
        label=_("Số, ký hiệu"), max_length=60, help_text=_("Ví dụ: 1234/QĐ-BCA.")
    )
    date = forms.DateField(label=_("Ngày ký"), widget=DatePicker())
    award_type = forms.ModelChoiceField(
        label=_("Hình thức khen thưởng"), queryset=AwardType.objects.all()
    )
    year = NumberField(
        label=_("Năm khen thưởng"),
        integer=True,
        required=False,
        min_value=1945,
        max_value=2100,
        help_text=_("Năm được tính trong thống kê; để trống là năm của ngày ký."),
    )
    summary = forms.CharField(
        label=_("Trích yếu, thành tích"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    original = forms.FileField(label=_("Bản quét quyết định"), required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units.order_by("depth", "name_folded", "valid_from")


class RecipientRowForm(forms.Form):
    """One collective or individual of the decision; a blank row is skipped."""

    recipient_kind = forms.ChoiceField(
        label=_("Đối tượng"), choices=[("", "—"), *RecipientKind.choices], required=False
    )
    unit = forms.CharField(
        label=_("Mã đơn vị"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"list": "record-units", "autocomplete": "off"}),
    )
    name = forms.CharField(label=_("Tên tập thể, họ và tên"), max_length=255, required=False)
    position = forms.CharField(label=_("Chức vụ"), max_length=255, required=False)

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not any(str(data.get(name) or "").strip() for name in self.fields)

    def clean(self):
        data = super().clean()
        if self.is_blank():
            return data
        if not data.get("recipient_kind"):
            self.add_error("recipient_kind", _("Chọn tập thể hoặc cá nhân."))
        if not (data.get("unit") or "").strip():
            self.add_error("unit", _("Nhập mã đơn vị (của tập thể, hoặc nơi cá nhân công tác)."))
        return data


RecipientFormSet = forms.formset_factory(RecipientRowForm, extra=10, max_num=500)


class OriginalForm(forms.Form):
    original = forms.FileField(label=_("Bản quét quyết định"))
