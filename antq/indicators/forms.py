from decimal import Decimal

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from antq.core.forms import VersionedForm
from antq.core.periods import InvalidPeriod, parse
from antq.core.vietnamese import format_number
from antq.indicators.models import ReportForm
from antq.indicators.validation import Values, parse_value


class EntryForm(VersionedForm):
    """One text input per indicator (or per disaggregation option), plus a
    comment; numbers are read the Vietnamese way ("1.480")."""

    def __init__(
        self,
        *args,
        report_form: ReportForm,
        initial_values: Values,
        comments: dict[str, str],
        disabled: bool = False,
        version: int | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        # 0: opened before the report existed, so a report someone started
        # meanwhile is a stale save (409), never silently overwritten
        self.fields["version"].min_value = 0
        self.fields["version"].validators = [MinValueValidator(0)]
        self.fields["version"].initial = 0 if version is None else version
        self.report_form = report_form
        self.lines = list(report_form.lines.select_related("indicator"))
        for line in self.lines:
            indicator = line.indicator
            options = indicator.options or [{"code": "", "label": ""}]
            for option in options:
                name = self.field_name(indicator.code, option["code"])
                value = initial_values.get(indicator.code, {}).get(option["code"])
                self.fields[name] = forms.CharField(
                    label=option["label"] or indicator.name,
                    required=False,
                    disabled=disabled,
                    initial="" if value is None else _plain(value),
                    widget=forms.TextInput(
                        attrs={
                            "inputmode": "decimal",
                            "class": "num",
                            "data-label": option["label"] or indicator.name,
                            "aria-label": indicator.name
                            + (f" — {option['label']}" if option["label"] else ""),
                        }
                    ),
                )
            self.fields[f"comment__{indicator.code}"] = forms.CharField(
                label=_("Ghi chú"),
                required=False,
                max_length=500,
                disabled=disabled,
                initial=comments.get(indicator.code, ""),
                widget=forms.TextInput(
                    attrs={
                        "placeholder": _("Ghi chú"),
                        "aria-label": _("Ghi chú: %(n)s") % {"n": indicator.name},
                    }
                ),
            )

    @staticmethod
    def field_name(code: str, option: str) -> str:
        return f"v__{code}__{option}" if option else f"v__{code}"

    def rows(self):
        for line in self.lines:
            indicator = line.indicator
            options = indicator.options or [{"code": "", "label": ""}]
            yield (
                line,
                [(o, self[self.field_name(indicator.code, o["code"])]) for o in options],
                self[f"comment__{indicator.code}"],
            )

    def clean(self):
        data = super().clean()
        self.values: Values = {}
        self.comments: dict[str, str] = {}
        for line in self.lines:
            indicator = line.indicator
            for option in indicator.options or [{"code": ""}]:
                name = self.field_name(indicator.code, option["code"])
                try:
                    value = parse_value(indicator, data.get(name, ""))
                except ValueError as exc:
                    self.add_error(name, str(exc))
                    continue
                self.values.setdefault(indicator.code, {})[option["code"]] = value
            comment = data.get(f"comment__{indicator.code}", "")
            if comment:
                self.comments[indicator.code] = comment
        return data


def _plain(value: Decimal) -> str:
    """The stored figure as an office writes it: "1.480", "7,5"."""
    text = format(value.normalize(), "f")
    decimals = len(text.split(".")[1]) if "." in text else 0
    return format_number(value, decimals)


class PeriodRangeForm(forms.Form):
    first = forms.CharField(label=_("Từ kỳ"), max_length=7)
    last = forms.CharField(label=_("Đến kỳ"), max_length=7)

    def clean(self):
        data = super().clean()
        try:
            data["first_period"] = parse(data.get("first", ""))
            data["last_period"] = parse(data.get("last", ""))
        except InvalidPeriod as exc:
            raise forms.ValidationError(str(exc)) from None
        if data["first_period"].type != data["last_period"].type:
            raise forms.ValidationError(_("Hai kỳ phải cùng loại."))
        if data["first_period"] > data["last_period"]:
            raise forms.ValidationError(_("Kỳ đầu phải trước kỳ cuối."))
        return data


class ValuesFileForm(forms.Form):
    file = forms.FileField(label=_("Tệp số liệu: mẫu Excel (.xlsx), JSON hoặc CSV"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 20 * 1024 * 1024:
            raise forms.ValidationError(_("Tệp quá lớn (tối đa 20 MB)."))
        if not upload.name.lower().endswith((".json", ".csv", ".xlsx")):
            raise forms.ValidationError(_("Chỉ nhận tệp .json, .csv hoặc .xlsx."))
        return upload
