from django import forms
from django.utils.translation import gettext_lazy as _

from antq.core.forms import DatePicker, NumberField, VersionedForm
from antq.core.idempotency import OnceForm
from antq.plans.models import CommitteeMember, Occurrence, Plan
from antq.plans.services import RECURRENCE_CHOICES
from antq.units.forms import UnitPickerField


class PlanForm(OnceForm):
    unit = UnitPickerField(label=_("Đơn vị ban hành"), date_field="date")
    on_register = forms.BooleanField(
        label=_("Soạn kế hoạch và ban hành trên sổ đăng ký văn bản đi"),
        required=False,
        help_text=_(
            "antq soạn văn bản kế hoạch, cấp số khi ban hành và tạo tệp DOCX, PDF có chữ ký số. "
            "Để trống để ghi một kế hoạch đã ban hành (nhập số, ký hiệu như trên văn bản)."
        ),
    )
    issuer = forms.ChoiceField(
        label=_("Cơ quan ban hành"),
        choices=[("ubnd", _("Ủy ban nhân dân")), ("bcd", _("Ban Chỉ đạo"))],
        initial="ubnd",
        required=False,
    )
    number = forms.CharField(label=_("Số"), max_length=20, required=False)
    symbol = forms.CharField(
        label=_("Ký hiệu"),
        max_length=40,
        initial="KH-UBND",
        required=False,
        help_text=_("Ví dụ KH-UBND, KH-CAT."),
    )
    date = forms.DateField(label=_("Ngày ban hành"), widget=DatePicker())
    title = forms.CharField(
        label=_("Trích yếu"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    first_year = forms.IntegerField(label=_("Từ năm"), min_value=2000, max_value=2100)
    last_year = forms.IntegerField(label=_("Đến năm"), min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label=_("Loại kế hoạch"), choices=Plan.Kind.choices)
    purpose = forms.CharField(
        label=_("I. Mục đích, yêu cầu"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Khi soạn trên sổ đăng ký; mỗi dòng một đoạn. Để trống: antq viết câu chung."),
    )
    organisation = forms.CharField(
        label=_("III. Tổ chức thực hiện"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Khi soạn trên sổ đăng ký; mỗi dòng một đoạn."),
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units.order_by("depth", "name_folded")

    def clean(self):
        data = super().clean()
        data["issuer"] = data.get("issuer") or "ubnd"
        return data


class PlanIssueForm(VersionedForm):
    """Ban hành a plan drafted on the register."""

    date = forms.DateField(label=_("Ngày ban hành"), widget=DatePicker())
    number = forms.IntegerField(
        label=_("Số"),
        min_value=1,
        required=False,
        help_text=_("Để trống: số tiếp theo của sổ đăng ký văn bản đi."),
    )
    signer_name = forms.CharField(
        label=_("Người ký"),
        max_length=120,
        required=False,
        help_text=_("Để trống: người giữ chức danh ký vào ngày ban hành (cấu hình)."),
    )


class TaskForm(OnceForm, VersionedForm):
    number = forms.IntegerField(label=_("Số thứ tự"), min_value=1)
    text = forms.CharField(label=_("Nội dung nhiệm vụ"), widget=forms.Textarea(attrs={"rows": 3}))
    lead = UnitPickerField(label=_("Đơn vị chủ trì"))
    coordinating = forms.CharField(label=_("Đơn vị phối hợp"), max_length=500, required=False)
    deadline = forms.DateField(label=_("Thời hạn"), widget=DatePicker(), required=False)
    repeat = forms.ChoiceField(label=_("Lặp lại"), choices=RECURRENCE_CHOICES, required=False)
    rule = forms.CharField(
        label=_("Quy tắc lặp lại (RRULE)"),
        max_length=255,
        required=False,
        help_text=_("Chỉ khi chọn “Quy tắc khác”, ví dụ FREQ=YEARLY;BYMONTH=8;BYMONTHDAY=19."),
    )
    expected_output = forms.CharField(label=_("Sản phẩm"), max_length=500, required=False)

    def __init__(self, *args, leads=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = leads.order_by("depth", "name_folded")

    def clean(self):
        data = super().clean()
        if data.get("repeat") in {"yearly", "monthly"} and not data.get("deadline"):
            self.add_error("deadline", _("Lặp lại theo ngày của thời hạn: nhập thời hạn."))
        if data.get("repeat") == "custom" and not data.get("rule"):
            self.add_error("rule", _("Nhập quy tắc lặp lại."))
        return data


class TakeOverForm(VersionedForm):
    """A successor takes over a plan whose issuer closed, from a day."""

    unit = UnitPickerField(label=_("Đơn vị tiếp nhận"), date_field="on")
    on = forms.DateField(label=_("Tiếp nhận từ ngày"), widget=DatePicker())

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class ProgressForm(VersionedForm):
    status = forms.ChoiceField(label=_("Tình trạng"), choices=Occurrence.Status.choices)
    percent = NumberField(label=_("Tỷ lệ hoàn thành (%)"), integer=True, min_value=0, max_value=100)
    narrative = forms.CharField(
        label=_("Kết quả thực hiện"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    file = forms.FileField(label=_("Tệp minh chứng"), required=False)


class CommitteeForm(OnceForm):
    unit = UnitPickerField(label=_("Đơn vị"), date_field="decision_date")
    name = forms.CharField(
        label=_("Tên ban chỉ đạo"), max_length=255, help_text=_("Ví dụ: Ban Chỉ đạo 138 tỉnh.")
    )
    decision_number = forms.CharField(label=_("Số quyết định thành lập"), max_length=60)
    decision_date = forms.DateField(label=_("Ngày quyết định"), widget=DatePicker())

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units.order_by("depth", "name_folded")


class CommitteeMemberForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=120)
    position = forms.CharField(label=_("Chức vụ"), max_length=255)
    agency = forms.CharField(label=_("Cơ quan"), max_length=255, required=False)
    role = forms.ChoiceField(label=_("Vai trò"), choices=CommitteeMember.Role.choices)
    started_on = forms.DateField(label=_("Từ ngày"), widget=DatePicker())
    tasks = forms.ModelMultipleChoiceField(
        label=_("Nhiệm vụ phụ trách"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "checks"}),
    )
    communes = forms.ModelMultipleChoiceField(
        label=_("Địa bàn phụ trách"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "checks"}),
    )

    def __init__(self, *args, tasks=None, communes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tasks"].queryset = tasks
        self.fields["tasks"].label_from_instance = lambda t: (
            f"{t.plan.reference} · {t.number}. {t.text[:70]}"
        )
        self.fields["communes"].queryset = communes


class EndTermForm(forms.Form):
    on = forms.DateField(label=_("Kết thúc ngày"), widget=DatePicker())
