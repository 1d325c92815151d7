from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from antq.core.forms import NumberField, VersionedForm
from antq.units.models import CHILD_TYPES, KINDS_BY_TYPE, Unit

CHILD_FIELDS = ["type", "kind", "name", "code", "households", "population", "address", "note"]


def _kind_choices(types) -> list:
    """Kinds grouped by the type they belong to, for a <select> with optgroups."""
    groups = [("", "---------")]
    for unit_type in types:
        options = [(k, Unit.Kind(k).label) for k in KINDS_BY_TYPE[unit_type]]
        groups.append((Unit.Type(unit_type).label, options))
    return groups


class UnitChildForm(VersionedForm):
    """Create or edit a unit below `parent`. Validation of the rules lives in the
    service; this form only shapes the input."""

    type = forms.ChoiceField(label=_("Loại đơn vị"))
    kind = forms.ChoiceField(label=_("Loại hình"))
    name = forms.CharField(label=_("Tên"), max_length=255)
    code = forms.CharField(
        label=_("Mã"), max_length=32, required=False, help_text=_("Để trống để hệ thống tự cấp mã.")
    )
    households = NumberField(label=_("Số hộ"), integer=True, min_value=0, required=False)
    population = NumberField(label=_("Số nhân khẩu"), integer=True, min_value=0, required=False)
    address = forms.CharField(label=_("Địa chỉ"), max_length=255, required=False)
    note = forms.CharField(
        label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, parent: Unit, fixed_type: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        types = (fixed_type,) if fixed_type else CHILD_TYPES.get(parent.type, ())
        types = tuple(
            t
            for t in types
            if t in KINDS_BY_TYPE and t != Unit.Type.COMMUNE and t != Unit.Type.DISTRICT
        )
        self.fields["type"].choices = [(t, Unit.Type(t).label) for t in types]
        self.fields["kind"].choices = _kind_choices(types)
        if fixed_type:
            self.fields["type"].disabled = True

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip()


class UnitCloseForm(VersionedForm):
    date = forms.DateField(label=_("Ngày ngừng hoạt động"), initial=timezone.localdate)
    reason = forms.CharField(label=_("Lý do"), max_length=255, required=False)


class UnitSearchForm(forms.Form):
    q = forms.CharField(label=_("Tìm đơn vị"), max_length=100, required=False)
    type = forms.ChoiceField(
        label=_("Loại"), required=False, choices=[("", _("Tất cả")), *list(Unit.Type.choices)]
    )
    closed = forms.BooleanField(label=_("Gồm đơn vị đã ngừng hoạt động"), required=False)
