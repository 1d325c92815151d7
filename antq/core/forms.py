from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from antq.core.geo import point_errors, read_degrees
from antq.core.vietnamese import NotANumber, format_number, parse_number


class DatePicker(forms.DateInput):
    """The browser's date picker. It reads and writes ISO dates whatever the
    language, so the value is never localized (a Vietnamese "02/12/2026" would
    leave it empty); the browser shows the date in the user's own format."""

    input_type = "date"

    def __init__(self, attrs: dict | None = None):
        super().__init__(attrs, format="%Y-%m-%d")


class NumberField(forms.Field):
    """A number typed as an office writes it: "1.480", "7,5", "1.480,5"
    (core.vietnamese.parse_number, the one reader of numbers). Shown back the
    same way. `integer` gives an int and refuses fractions. `max_digits` and
    `decimal_places` are the column's (a DecimalField's: `NumberField.of`):
    a number that would not fit is refused, never stored to break the page
    that reads it."""

    def __init__(
        self,
        *,
        integer: bool = False,
        min_value: int | Decimal | None = 0,
        max_value: int | Decimal | None = None,
        max_digits: int | None = None,
        decimal_places: int | None = None,
        **kwargs,
    ):
        self.integer = integer
        self.min_value, self.max_value = min_value, max_value
        self.max_digits, self.decimal_places = max_digits, decimal_places
        mode = "numeric" if integer else "decimal"
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": mode}))
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            number = parse_number(value, integer=self.integer)
        except NotANumber as error:
            raise ValidationError(str(error), code="invalid") from None
        if number is None:
            return None
        return int(number) if self.integer else number

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if self.min_value is not None and value < self.min_value:
            raise ValidationError(
                _("Không được nhỏ hơn %(n)s.") % {"n": format_number(self.min_value)},
                code="min_value",
            )
        if self.max_value is not None and value > self.max_value:
            raise ValidationError(
                _("Không được lớn hơn %(n)s.") % {"n": format_number(self.max_value)},
                code="max_value",
            )
        self._check_digits(Decimal(value))

    @classmethod
    def of(cls, model_field, **kwargs) -> "NumberField":
        """The field for a model's DecimalField: its digits, its null."""
        kwargs.setdefault("required", not model_field.null and not model_field.blank)
        return cls(
            max_digits=model_field.max_digits, decimal_places=model_field.decimal_places, **kwargs
        )

    def _check_digits(self, value: Decimal) -> None:
        if self.max_digits is None:
            return
        places = self.decimal_places or 0
        whole = self.max_digits - places
        if abs(value) >= Decimal(10) ** whole:
            raise ValidationError(
                _("Số quá lớn (tối đa %(n)s chữ số trước dấu phẩy).") % {"n": whole},
                code="max_digits",
            )
        if value != value.quantize(Decimal(1).scaleb(-places)):
            raise ValidationError(
                _("Tối đa %(n)s chữ số sau dấu phẩy.") % {"n": places}, code="decimal_places"
            )

    def prepare_value(self, value):
        if isinstance(value, int | Decimal) and not isinstance(value, bool):
            decimals = 0 if value == int(value) else len(str(value).split(".")[-1].rstrip("0"))
            return format_number(value, decimals)
        return value


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


class DegreesField(forms.Field):
    """A latitude or longitude typed as a phone or a map shows it ("20,95123"
    or "20.95123"; `core.geo.read_degrees`), optional. The form checks the
    pair with `clean_point`."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        try:
            return read_degrees(value)
        except ValueError as error:
            raise ValidationError(str(error), code="invalid") from None

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return format(value.normalize(), "f").replace(".", ",")
        return value


class PointPicker(forms.TextInput):
    """The longitude's input followed by a small map to click on
    (`static/antq/point-picker.js`, our own file: no inline script or style,
    no tile server). The map draws the communes around the form's unit
    (`unit_field`, the form's unit input, or `unit`, a fixed unit id) from
    `maps:nearby`; a click writes both inputs, typing moves the marker, and
    the arrow keys move it too."""

    def __init__(self, attrs: dict | None = None, *, unit_field: str = "unit"):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})
        self.unit_field = unit_field
        self.unit: int | None = None

    def render(self, name, value, attrs=None, renderer=None):
        from django.templatetags.static import static
        from django.urls import NoReverseMatch, reverse
        from django.utils.html import format_html

        box = super().render(name, value, attrs, renderer)
        try:
            url = reverse("maps:nearby")
        except NoReverseMatch:  # no map in this installation: typing only
            return box
        prefix = name[: -len("longitude")]
        return box + format_html(
            '<div class="point-picker" data-url="{url}" data-lat="{lat}" data-lon="{lon}"'
            ' data-unit-input="{unit_input}" data-unit="{unit}" data-hint="{hint}"'
            ' data-label="{label}" data-none="{none}"></div>'
            '<script src="{js}" defer></script><link rel="stylesheet" href="{css}">',
            url=url,
            lat=f"id_{prefix}latitude",
            lon=f"id_{prefix}longitude",
            unit_input=f"id_{prefix}{self.unit_field}",
            unit=self.unit or "",
            hint=_(
                "Bấm vào sơ đồ để đặt vị trí (các chấm là trung tâm xã, phường); "
                "dùng phím mũi tên để dịch điểm."
            ),
            label=_("Sơ đồ chọn vị trí"),
            none=_("Chưa có sơ đồ cho đơn vị này: hãy nhập tọa độ."),
            js=static("antq/point-picker.js"),
            css=static("antq/maps.css"),
        )


def point_fields(unit_field: str = "unit") -> tuple[DegreesField, DegreesField]:
    """The latitude and longitude of a form, the second with its map."""
    latitude = DegreesField(
        label=_("Vĩ độ"), help_text=_("độ Bắc theo WGS84, ví dụ 20,95123 (không bắt buộc)")
    )
    longitude = DegreesField(
        label=_("Kinh độ"),
        help_text=_("độ Đông theo WGS84, ví dụ 107,05211 (không bắt buộc)"),
        widget=PointPicker(unit_field=unit_field),
    )
    return latitude, longitude


def clean_point(form: forms.Form) -> None:
    """Both or neither, inside Vietnam: the errors beside their inputs."""
    data = form.cleaned_data
    if "latitude" in form.errors or "longitude" in form.errors:
        return
    for name, messages in point_errors(data.get("latitude"), data.get("longitude")).items():
        for message in messages:
            form.add_error(name, message)
