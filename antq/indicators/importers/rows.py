"""What each imported row is checked against, on its own: the catalogue of
indicators and forms (read once), the importer's rights, and the units of
the current batch."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from antq.accounts.access import EDIT, Actor, can
from antq.core.periods import InvalidPeriod, Period, parse
from antq.indicators.models import Indicator, ReportForm
from antq.indicators.validation import FormSpec, spec_of, whole_number_bounds
from antq.units.models import Unit


@dataclass(slots=True)
class Target:
    """Where the values of one indicator and period go."""

    indicator: Indicator
    spec: FormSpec
    period: Period
    low: Decimal = Decimal(0)  # bounds of a whole number (see check_value)
    high: Decimal | None = None


@dataclass
class Report:
    """One unit's values for one period of one form, as far as this batch has
    them; `number` and `where` say where its first row was."""

    spec: FormSpec
    unit_code: str
    period: Period
    number: int
    where: str
    unit: Unit | None = None
    values: dict[tuple[str, str], Decimal | None] = field(default_factory=dict)
    comments: dict[str, str] = field(default_factory=dict)


class Catalogue:
    """What rows are checked against, read once: indicators, forms and their
    rules, the importer's rights; units and periods as they are met."""

    def __init__(self, by: Actor) -> None:
        self.by = by
        self.indicators = {i.code: i for i in Indicator.objects.filter(active=True)}
        self.by_id = {i.pk: i for i in self.indicators.values()}
        self.indicator_ids = {code: i.pk for code, i in self.indicators.items()}
        self.specs: dict[str, FormSpec] = {}
        for form in ReportForm.objects.prefetch_related("lines__indicator", "rules"):
            spec = spec_of(form)
            for code in spec.lines:
                self.specs.setdefault(code, spec)
        self.units: dict[str, list[Unit]] = {}
        self.unit_on: dict[tuple[str, str], Unit | None] = {}
        self.targets: dict[tuple[str, str], Target | tuple[str, str]] = {}

    def target(self, code: str, period: str) -> "Target | tuple[str, str]":
        """Where values of indicator `code` for `period` go, or (what, why) they
        cannot be taken. Asked once per row, computed once per pair."""
        key = (code, period)
        found = self.targets.get(key)
        if found is None:
            found = self.targets[key] = self._target(code.strip(), period.strip())
        return found

    def _target(self, code: str, text: str) -> "Target | tuple[str, str]":
        indicator = self.indicators.get(code)
        if indicator is None or indicator.is_derived:
            return code, _("Không có chỉ tiêu nhập được mã “%(code)s”.") % {"code": code}
        spec = self.specs.get(code)
        if spec is None:
            return code, _("Chỉ tiêu %(code)s chưa thuộc biểu mẫu nào.") % {"code": code}
        try:
            period = parse(text)
        except InvalidPeriod as exc:
            return text, str(exc)
        form = spec.form
        if not form.is_open:
            return code, _("Biểu mẫu %(form)s đã đóng, không nhận số liệu.") % {"form": form.code}
        if period.type != form.period_type:
            kind = form.get_period_type_display().lower()
            return period.id, _("%(code)s báo cáo theo kỳ %(kind)s.") % {"code": code, "kind": kind}
        return Target(indicator, spec, period, *whole_number_bounds(indicator))

    def load_units(self, codes: set[str]) -> None:
        """The units of `codes`, all versions, instead of the previous batch's:
        memory follows the batch, not the country. Read with what their
        placement needs (path, type, validity, parent), so placing them costs
        no query per unit."""
        self.units = {code: [] for code in codes}
        self.unit_on = {}
        rows = Unit.objects.filter(code__in=codes).only(
            "code", "name", "path", "type", "valid_from", "valid_to", "parent"
        )
        for unit in rows:
            self.units[unit.code].append(unit)

    def unit(self, code: str, period: Period) -> Unit | None:
        """The unit of `code` on the period's first day, else on its last."""
        key = (code, period.id)
        if key not in self.unit_on:
            candidates = self.units.get(code, [])
            self.unit_on[key] = next(
                (u for u in candidates if u.is_valid_on(period.start)), None
            ) or next((u for u in candidates if u.is_valid_on(period.end)), None)
        return self.unit_on[key]

    def may_edit(self, unit: Unit) -> bool:
        return can(self.by, EDIT, unit.path)
