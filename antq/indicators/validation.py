"""The one validator of statistic values, used by the entry form, the
spreadsheet and DHIS2 importers and the API alike."""

import operator
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from antq.core.vietnamese import NotANumber, parse_number
from antq.indicators.expressions import evaluate
from antq.indicators.models import Indicator, ReportForm, ValidationRule

# values[code][option] = Decimal | None; option "" is the total.
Values = dict[str, dict[str, Decimal | None]]


@dataclass(frozen=True)
class ValueProblem:
    code: str
    option: str
    message: str

    def __str__(self) -> str:
        return self.message


YES = {"1", "có", "co", "true", "x"}
NO = {"0", "không", "khong", "false"}


def parse_value(indicator: Indicator, raw, *, machine: bool = False) -> Decimal | None:
    """Text or number as entered → Decimal, read by the one number reader
    (`core.vietnamese.parse_number`: "1.480" is 1480, "2,5" two and a half;
    with `machine`, as programs write numbers: "1.5" is one and a half). A
    yes/no indicator also takes "có"/"không". Raises ValueError (NotANumber)
    with a Vietnamese message; whether the value fits the indicator (whole,
    within its bounds) is `check_value`'s question."""
    if raw.__class__ is str and raw.isascii() and raw.isdigit():
        return Decimal(raw)  # the usual case, as DHIS2 writes it: "14"
    if isinstance(raw, bool):
        return Decimal(int(raw))
    if isinstance(raw, str) and indicator.value_type == Indicator.ValueType.BOOLEAN:
        text = "".join(raw.split()).lower()
        if not text:
            return None
        if text in YES:
            return Decimal(1)
        if text in NO:
            return Decimal(0)
        raise NotANumber(_("Ghi 1 (có) hoặc 0 (không)."))
    return parse_number(raw, machine=machine)


def check_value(indicator: Indicator, value: Decimal) -> str | None:
    """The message for a value outside what the indicator allows, else None."""
    kind = indicator.value_type
    if (
        kind in {Indicator.ValueType.INTEGER, Indicator.ValueType.BOOLEAN}
        and value != value.to_integral()
    ):
        return _("%(name)s phải là số nguyên.") % {"name": indicator.name}
    if kind == Indicator.ValueType.BOOLEAN and value not in {0, 1}:
        return _("%(name)s: ghi 1 (có) hoặc 0 (không).") % {"name": indicator.name}
    low = indicator.min_value if indicator.min_value is not None else Decimal(0)
    high = indicator.max_value
    if kind == Indicator.ValueType.PERCENT and high is None:
        high = Decimal(100)
    if value < low:
        return _("%(name)s không được nhỏ hơn %(min)s.") % {"name": indicator.name, "min": low}
    if high is not None and value > high:
        return _("%(name)s không được lớn hơn %(max)s.") % {"name": indicator.name, "max": high}
    if abs(value) >= Decimal("1e14"):
        return _("%(name)s quá lớn.") % {"name": indicator.name}
    return None


def whole_number_bounds(indicator: Indicator) -> tuple[Decimal, Decimal | None]:
    """The lowest and highest whole number `check_value` accepts for
    `indicator` (None: no upper bound but the 1e14 limit)."""
    low = indicator.min_value if indicator.min_value is not None else Decimal(0)
    high = indicator.max_value
    if indicator.value_type == Indicator.ValueType.PERCENT and high is None:
        high = Decimal(100)
    if indicator.value_type == Indicator.ValueType.BOOLEAN:
        high = Decimal(1) if high is None else min(high, Decimal(1))
    return low, high


def totals(values: Values) -> dict[str, Decimal | None]:
    """Each indicator's total: its "" entry, or the sum of its options."""
    result: dict[str, Decimal | None] = {}
    for code, by_option in values.items():
        if "" in by_option:
            result[code] = by_option[""]
            continue
        present = [v for v in by_option.values() if v is not None]
        result[code] = sum(present, Decimal(0)) if present else None
    return result


class FormSpec:
    """A form's lines and rules, read once: an import validates thousands of
    reports of one form, the entry page one."""

    def __init__(self, form: ReportForm) -> None:
        self.form = form
        self.lines = {line.indicator.code: line for line in form.lines.select_related("indicator")}
        self.options = {
            code: {o["code"] for o in line.indicator.options} for code, line in self.lines.items()
        }
        self.rules = list(form.rules.all())


def spec_of(form: ReportForm) -> FormSpec:
    """The spec of `form`, kept on the instance for the rest of its life."""
    spec = form.__dict__.get("_validation_spec")
    if spec is None:
        spec = form.__dict__["_validation_spec"] = FormSpec(form)
    return spec


def value_problem(spec: FormSpec, code: str, option: str, value: Decimal | None) -> str | None:
    """What is wrong with one value on its own (form, option, type, range), else None."""
    line = spec.lines.get(code)
    if line is None:
        return _("Chỉ tiêu %(code)s không thuộc biểu mẫu này.") % {"code": code}
    if option and option not in spec.options[code]:
        return _("Phân tổ “%(option)s” không có ở chỉ tiêu %(code)s.") % {
            "option": option,
            "code": code,
        }
    if value is None:
        return None
    return check_value(line.indicator, value)


def rule_problems(spec: FormSpec, all_totals: dict[str, Decimal | None]) -> list[ValueProblem]:
    """The form's rules between indicators that `all_totals` break."""
    problems: list[ValueProblem] = []
    for rule in spec.rules:
        problems.extend(_check_rule(rule, all_totals))
    return problems


def validate(
    form: ReportForm, values: Values, *, complete: bool = False, spec: FormSpec | None = None
) -> list[ValueProblem]:
    """Every problem with `values` for `form`: range and type of each value, the
    rules between indicators, and (when completing) the required ones. `spec`:
    the form's lines and rules when the caller has them (the catalogue snapshot)."""
    spec = spec or spec_of(form)
    errors: list[ValueProblem] = []
    for code, by_option in values.items():
        if code not in spec.lines:
            errors.append(ValueProblem(code, "", value_problem(spec, code, "", None) or ""))
            continue
        for option, value in by_option.items():
            if message := value_problem(spec, code, option, value):
                errors.append(ValueProblem(code, option, message))
    all_totals = totals(values)
    if complete:
        for code, line in spec.lines.items():
            if line.required and all_totals.get(code) is None:
                errors.append(
                    ValueProblem(code, "", _("Cần nhập %(name)s.") % {"name": line.indicator.name})
                )
    errors.extend(rule_problems(spec, all_totals))
    return errors


_COMPARISONS = {
    "<=": operator.le,
    ">=": operator.ge,
    "==": operator.eq,
    "<": operator.lt,
    ">": operator.gt,
}


def _check_rule(rule: ValidationRule, all_totals: dict) -> list[ValueProblem]:
    left, right = evaluate(rule.left, all_totals), evaluate(rule.right, all_totals)
    if left is None or right is None:
        return []
    ok = _COMPARISONS[rule.operator](left, right)
    code = rule.left.split()[0]
    return [] if ok else [ValueProblem(code, "", rule.message)]
