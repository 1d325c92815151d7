from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from antq.community.models import (
    CommunityModel,
    Evaluation,
    Example,
    LeadOrganisation,
    ModelCategory,
    Site,
)
from antq.core.forms import DatePicker, NumberField, VersionedForm, clean_point, point_fields
from antq.core.idempotency import OnceForm
from antq.units.forms import UnitPickerField


class ModelForm(OnceForm, VersionedForm):
    name = forms.CharField(label=_("Tên mô hình"), max_length=255)
    category = forms.ModelChoiceField(
        label=_("Nhóm"), queryset=ModelCategory.objects.filter(active=True)
    )
    lead_organisation = forms.ChoiceField(
        label=_("Cơ quan, tổ chức chủ trì"), choices=LeadOrganisation.choices
    )
    unit = UnitPickerField(label=_("Đơn vị đăng ký"), date_field="started_on")
    started_on = forms.DateField(label=_("Ngày bắt đầu"), widget=DatePicker())
    description = forms.CharField(
        label=_("Mô tả"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    site_unit = UnitPickerField(
        label=_("Áp dụng đầu tiên tại"),
        date_field="started_on",
        required=False,
        help_text=_("Đơn vị (thường là một khu dân cư) nơi mô hình chạy từ ngày bắt đầu."),
    )
    groups = NumberField(label=_("Số tổ, nhóm"), integer=True, min_value=0, initial=1)
    participants = NumberField(label=_("Số tham gia"), integer=True, min_value=0, initial=0)
    participant_kind = forms.ChoiceField(label=_("Tính theo"), choices=Site.Participants.choices)
    status = forms.ChoiceField(label=_("Tình trạng"), choices=CommunityModel.Status.choices)

    def __init__(self, *args, units=None, editing: bool = False, statuses=(), **kwargs):
        """`statuses`: when editing, those the model may take now (its own and
        those its moves lead to), the only ones offered; any other that is
        posted (the model moved meanwhile) is the service's to refuse (409)."""
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["status"].widget.choices = [
                (status, CommunityModel.Status(status).label) for status in statuses
            ]
            for name in (
                "unit",
                "started_on",
                "site_unit",
                "groups",
                "participants",
                "participant_kind",
            ):
                del self.fields[name]
        else:
            del self.fields["status"]
            ordered = units.order_by("depth", "name_folded")
            self.fields["unit"].queryset = ordered
            self.fields["site_unit"].queryset = ordered


class SiteForm(forms.Form):
    unit = UnitPickerField(label=_("Đơn vị áp dụng"), date_field="started_on")
    origin = forms.ModelChoiceField(
        label=_("Nhân rộng từ điểm"),
        queryset=None,
        required=False,
        help_text=_("Điểm đang áp dụng mà đơn vị mới học theo."),
    )
    started_on = forms.DateField(label=_("Ngày áp dụng"), widget=DatePicker())
    groups = NumberField(label=_("Số tổ, nhóm"), integer=True, min_value=0, initial=1)
    participants = NumberField(label=_("Số tham gia"), integer=True, min_value=0, initial=0)
    participant_kind = forms.ChoiceField(label=_("Tính theo"), choices=Site.Participants.choices)
    latitude, longitude = point_fields()

    def clean(self):
        data = super().clean()
        clean_point(self)
        return data

    def __init__(self, *args, units=None, sites=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units.order_by("depth", "name_folded")
        self.fields["origin"].queryset = sites
        self.fields["origin"].label_from_instance = lambda site: site.unit.name
        self.fields["started_on"].initial = timezone.localdate()


class EvaluationForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    result = forms.ChoiceField(label=_("Kết quả"), choices=Evaluation.Result.choices)
    note = forms.CharField(label=_("Nhận xét"), max_length=500, required=False)


class RecogniseForm(forms.Form):
    year = forms.IntegerField(
        label=_("Công nhận điển hình năm"),
        min_value=2000,
        max_value=2100,
        required=False,
        help_text=_("Để trống để bỏ công nhận."),
    )


class ExampleForm(OnceForm, VersionedForm):
    kind = forms.ChoiceField(label=_("Loại"), choices=Example.Kind.choices)
    unit = UnitPickerField(label=_("Đơn vị"))
    person_name = forms.CharField(
        label=_("Họ và tên"),
        max_length=120,
        required=False,
        help_text=_("Với cá nhân; để trống với tập thể."),
    )
    position = forms.CharField(label=_("Chức vụ, nghề nghiệp"), max_length=255, required=False)
    achievement = forms.CharField(label=_("Thành tích"), widget=forms.Textarea(attrs={"rows": 3}))
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units.order_by("depth", "name_folded")
