from functools import partial

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from antq.core.forms import DatePicker, NumberField, VersionedForm
from antq.core.pickers import SearchPicker
from antq.core.tabular import parse_day
from antq.units.history import absence_message, picker_label
from antq.units.models import CHILD_TYPES, KINDS_BY_TYPE, Unit
from antq.units.recipes import sign

CHILD_FIELDS = [
    "type",
    "kind",
    "name",
    "code",
    "valid_from",
    "valid_to",
    "households",
    "population",
    "address",
    "note",
]


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
    valid_from = forms.DateField(
        label=_("Ngày thành lập"),
        required=False,
        widget=DatePicker(),
        help_text=_("Không sau hôm nay; để trống là hôm nay."),
    )
    valid_to = forms.DateField(
        label=_("Ngày ngừng hoạt động"),
        required=False,
        widget=DatePicker(),
        help_text=_("Chỉ nhập khi ghi lại một đơn vị đã không còn hoạt động."),
    )
    households = NumberField(label=_("Số hộ"), integer=True, min_value=0, required=False)
    population = NumberField(label=_("Số nhân khẩu"), integer=True, min_value=0, required=False)
    address = forms.CharField(label=_("Địa chỉ"), max_length=255, required=False)
    note = forms.CharField(
        label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(
        self, *args, parent: Unit, fixed_type: str | None = None, closed: bool = False, **kwargs
    ):
        """`fixed_type`: editing a unit of that type; `closed`: editing a
        closed unit, whose dates and note alone may be corrected."""
        super().__init__(*args, **kwargs)
        if closed:
            for name in set(self.fields) - {"valid_from", "valid_to", "note", "version"}:
                del self.fields[name]
            self.fields["valid_to"].required = True
            self.fields["valid_to"].help_text = ""
            return
        if fixed_type:
            del self.fields["valid_to"]  # closing is its own page
        elif not parent.is_open:  # a unit of the past, under its parent of then
            self.fields["valid_to"].required = True
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

    def changes(self) -> dict:
        """What the service receives: every field but the type and the version;
        a founding date left empty stays as it was."""
        changes = {k: v for k, v in self.cleaned_data.items() if k not in {"type", "version"}}
        if changes.get("valid_from", "") is None:
            del changes["valid_from"]
        return changes


class UnitCloseForm(VersionedForm):
    date = forms.DateField(label=_("Ngày ngừng hoạt động"), initial=timezone.localdate)
    reason = forms.CharField(label=_("Lý do"), max_length=255, required=False)


class UnitSearchForm(forms.Form):
    q = forms.CharField(label=_("Tìm đơn vị"), max_length=100, required=False)
    type = forms.ChoiceField(
        label=_("Loại"), required=False, choices=[("", _("Tất cả")), *list(Unit.Type.choices)]
    )
    closed = forms.BooleanField(label=_("Gồm đơn vị đã ngừng hoạt động"), required=False)


def _search_url(token: str) -> str:
    return f"{reverse('units:unit-pick')}?t={token}"


def _label_of(value: str) -> str:
    if not value.isdigit():
        return ""
    unit = Unit.objects.select_related("parent").filter(pk=value).first()
    return picker_label(unit) if unit is not None else ""


class UnitPickerField(forms.ModelChoiceField):
    """A unit, chosen by typing part of its name or code, without regard to
    diacritics; listed with its parent ("Khu phố Bắc Sơn — Phường Cẩm Phả").
    The view gives the units offered, as for any ModelChoiceField; the picker
    searches that same set (`units.recipes`), and with `date_field` only the
    units that existed on the form's date. A unit chosen for a day it did not
    exist is refused with its dates and what to pick instead."""

    def __init__(self, *, date_field: str = "", queryset=None, **kwargs):
        kwargs.setdefault("widget", SearchPicker(date_field=date_field))
        super().__init__(queryset=queryset, **kwargs)

    def _set_queryset(self, queryset):
        super()._set_queryset(queryset)
        recipe = getattr(self._queryset, "recipe", None)
        self.widget.search_url = partial(_search_url, sign(recipe)) if recipe else ""
        self.widget.label_for = _label_of

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)

    def label_from_instance(self, unit: Unit) -> str:
        return picker_label(unit)

    def clean(self, value):
        unit = super().clean(value)
        day = parse_day(getattr(self.widget, "day_text", "") or "")
        if unit is not None and day is not None and not unit.is_valid_on(day):
            raise ValidationError(absence_message(unit, day), code="not_on_day")
        return unit
