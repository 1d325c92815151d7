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
