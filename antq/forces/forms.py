from django import forms
from django.utils.translation import gettext_lazy as _

from antq.core.forms import DatePicker, NumberField, VersionedForm
from antq.core.idempotency import OnceForm
from antq.forces.models import Gender, Level, Member, Role, Training
from antq.units.forms import UnitPickerField
from antq.units.models import Unit


class TeamForm(VersionedForm):
    """A new team: its residential area chosen in the searchable picker among
    those that existed on the founding date (a closed area for a past date)."""

    unit = UnitPickerField(
        label=_("Khu dân cư"), date_field="established_on", queryset=Unit.objects.none()
    )
    name = forms.CharField(
        label=_("Tên tổ"),
        max_length=255,
        required=False,
        help_text=_("Để trống: “Tổ bảo vệ an ninh, trật tự” và tên khu dân cư."),
    )
    established_on = forms.DateField(label=_("Ngày thành lập"), widget=DatePicker())
    decision_number = forms.CharField(
        label=_("Số quyết định thành lập"),
        max_length=60,
        required=False,
        help_text=_("Quyết định của Chủ tịch UBND xã, ví dụ 125/QĐ-UBND."),
    )
    decision_date = forms.DateField(label=_("Ngày quyết định"), widget=DatePicker(), required=False)
    decision_signer = forms.CharField(label=_("Người ký"), max_length=120, required=False)
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, areas=None, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["unit"]
            del self.fields["established_on"]
        else:
            self.fields["unit"].queryset = areas


class MemberForm(OnceForm, VersionedForm):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=120)
    birth_year = forms.IntegerField(
        label=_("Năm sinh"), error_messages={"invalid": _("Năm sinh là một số, ví dụ 1985.")}
    )
    gender = forms.ChoiceField(label=_("Giới tính"), choices=Gender.choices)
    role = forms.ChoiceField(label=_("Chức danh"), choices=Role.choices, initial=Role.MEMBER)
    appointed_on = forms.DateField(label=_("Ngày công nhận"), widget=DatePicker())
    service_since = forms.DateField(
        label=_("Tham gia lực lượng từ"),
        widget=DatePicker(),
        required=False,
        help_text=_(
            "Kể cả thời gian ở bảo vệ dân phố, công an xã bán chuyên trách (xét Kỷ "
            "niệm chương). Để trống: từ ngày công nhận."
        ),
    )
    ended_on = forms.DateField(label=_("Ngày thôi"), widget=DatePicker(), required=False)
    allowance = NumberField.of(
        Member._meta.get_field("allowance"),
        label=_("Mức phụ cấp (đồng/tháng)"),
        integer=True,
        min_value=0,
        required=False,
    )


class TrainingForm(forms.Form):
    course = forms.CharField(label=_("Khóa huấn luyện, bồi dưỡng"), max_length=255)
    start = forms.DateField(label=_("Từ ngày"), widget=DatePicker())
    end = forms.DateField(label=_("Đến ngày"), widget=DatePicker(), required=False)
    result = forms.ChoiceField(label=_("Kết quả"), choices=Training.Result.choices)


class DissolveForm(forms.Form):
    on = forms.DateField(label=_("Ngày giải thể"), widget=DatePicker())
    reason = forms.CharField(label=_("Lý do"), max_length=255, required=False)


LEVEL_CHOICES = [("", _("— chưa xếp loại —")), *Level.choices]
