from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from antq.activities.models import ActivityKind, OutputKind, ThreatCategory
from antq.activities.reviews import reviewed_choices
from antq.core.forms import DatePicker, NumberField, VersionedForm, clean_point, point_fields
from antq.core.idempotency import OnceForm
from antq.core.periods import FIRST_DAY
from antq.core.vietnamese import format_date
from antq.units.forms import UnitPickerField
from antq.units.models import PUBLISHED, RESTATED

VIEW_CHOICES = [(RESTATED, _("Theo đơn vị hiện nay")), (PUBLISHED, _("Theo đơn vị khi đó"))]


class _CategoryChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, category) -> str:
        if category.parent_id:
            return f"{category.parent.name}: {category.name}"
        return category.name


class ActivityForm(OnceForm, VersionedForm):
    """An activity; its outputs are one number field per output kind."""

    unit = UnitPickerField(label=_("Đơn vị tổ chức"), date_field="date")
    kind = forms.ModelChoiceField(
        label=_("Loại hoạt động"), queryset=ActivityKind.objects.filter(active=True)
    )
    title = forms.CharField(label=_("Tên hoạt động"), max_length=255)
    date = forms.DateField(label=_("Ngày"), widget=DatePicker())
    end_date = forms.DateField(
        label=_("Đến ngày"),
        required=False,
        widget=DatePicker(),
        help_text=_("Nếu kéo dài nhiều ngày."),
    )
    host = forms.CharField(
        label=_("Cơ quan, tổ chức chủ trì"),
        max_length=255,
        required=False,
        help_text=_("Ví dụ: Chi bộ, Công an xã, Mặt trận Tổ quốc xã."),
    )
    topic = forms.CharField(
        label=_("Chủ đề, nội dung"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    categories = _CategoryChoice(
        label=_("Lĩnh vực"),
        # each group followed by its threats ("An ninh phi truyền thống: An ninh mạng")
        queryset=ThreatCategory.objects.filter(active=True)
        .select_related("parent")
        .order_by(
            Coalesce("parent__order", "order"),
            Coalesce("parent__code", "code"),
            F("parent").asc(nulls_first=True),
            "order",
        ),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "checks"}),
    )
    presenter_name = forms.CharField(label=_("Báo cáo viên"), max_length=120, required=False)
    presenter_position = forms.CharField(
        label=_("Chức vụ báo cáo viên"), max_length=255, required=False
    )
    chair_name = forms.CharField(label=_("Người chủ trì"), max_length=120, required=False)
    chair_position = forms.CharField(
        label=_("Chức vụ người chủ trì"), max_length=255, required=False
    )
    attendance = NumberField(label=_("Số người dự"), integer=True, initial=0)
    reviewed_period = forms.ChoiceField(
        label=_("Kỳ được sơ kết, tổng kết"),
        choices=(),
        required=False,
        help_text=_(
            "Chỉ với hội nghị sơ kết, tổng kết: hội nghị được tính vào kỳ này "
            "(hội nghị tổng kết năm 2021 họp ngày 19/01/2022 tính vào năm 2021)."
        ),
    )
    is_public = forms.BooleanField(
        label=_("Công khai trên trang của tỉnh (do cán bộ cấp tỉnh quyết định)"), required=False
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units.order_by("depth", "name_folded", "valid_from")
        self.fields["reviewed_period"].choices = reviewed_choices(timezone.localdate())
        self.output_kinds = list(OutputKind.objects.filter(active=True))
        for kind in self.output_kinds:
            self.fields[f"output_{kind.code}"] = NumberField(
                label=f"{kind.name} ({kind.unit_label})" if kind.unit_label else kind.name,
                integer=True,
                required=False,
            )

    def clean_date(self):
        # the service refuses it too (the API); here first, so the page says
        # "quá sớm" rather than which unit existed in 1900
        day = self.cleaned_data["date"]
        if day < FIRST_DAY:
            raise ValidationError(
                _("Ngày %(day)s quá sớm: antq ghi nhận hoạt động từ %(first)s.")
                % {"day": format_date(day), "first": format_date(FIRST_DAY)},
                code="too_early",
            )
        return day

    def clean(self):
        data = super().clean()
        if self.has_error("date", "too_early") and self.has_error("unit", "not_on_day"):
            del self.errors["unit"]  # no unit existed then: the day is what is wrong
        return data

    def outputs(self) -> dict[str, int]:
        data = self.cleaned_data
        return {
            k.code: data[f"output_{k.code}"]
            for k in self.output_kinds
            if data.get(f"output_{k.code}")
        }

    def output_fields(self):
        return [self[f"output_{k.code}"] for k in self.output_kinds]

    def main_fields(self):
        return [f for f in self.visible_fields() if not f.name.startswith("output_")]


class ActivityFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm"), required=False, max_length=100)
    kind = forms.ModelChoiceField(
        label=_("Loại"),
        queryset=ActivityKind.objects.all(),
        required=False,
        to_field_name="code",
        empty_label=_("Tất cả"),
    )
    category = forms.ModelChoiceField(
        label=_("Lĩnh vực"),
        queryset=ThreatCategory.objects.all(),
        required=False,
        to_field_name="code",
        empty_label=_("Tất cả"),
    )
    date_from = forms.DateField(label=_("Từ ngày"), required=False, widget=DatePicker())
    date_to = forms.DateField(label=_("Đến ngày"), required=False, widget=DatePicker())
    view = forms.ChoiceField(label=_("Cách tính"), choices=VIEW_CHOICES, required=False)


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Tệp đính kèm"))


class FestivalPlanForm(forms.Form):
    window_start = forms.DateField(label=_("Từ ngày"), widget=DatePicker())
    window_end = forms.DateField(label=_("Đến ngày"), widget=DatePicker())
    sites_per_commune = NumberField(
        label=_("Số điểm tối thiểu mỗi xã, phường"), integer=True, initial=1
    )
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class FestivalSiteForm(forms.Form):
    unit = UnitPickerField(label=_("Đơn vị tổ chức"), date_field="planned_on")
    planned_on = forms.DateField(label=_("Ngày dự kiến"), widget=DatePicker())
    latitude, longitude = point_fields()

    def clean(self):
        data = super().clean()
        clean_point(self)
        return data

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units.order_by("depth", "name_folded")
