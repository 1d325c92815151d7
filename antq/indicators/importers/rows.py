"""What each imported row is checked against, on its own: the catalogue of
indicators and forms (read once), the importer's rights, and the units of
the current batch. Identifiers are read in the import's id schemes: codes
(antq's own API, the default) or DHIS2 UIDs."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from antq.accounts.access import EDIT, Actor, can
from antq.core.dates import future_period_message
from antq.core.periods import InvalidPeriod, Period, parse
from antq.indicators.identifiers import DEFAULT_OPTION_CODE, DEFAULT_OPTION_UID
from antq.indicators.importers import summary as codes
from antq.indicators.importers.options import UID, IdSchemes
from antq.indicators.models import Indicator, ReportForm
from antq.indicators.snapshot import catalogue_snapshot
from antq.indicators.validation import FormSpec, whole_number_bounds
from antq.units.models import Unit


@dataclass(slots=True, frozen=True)
class Refusal:
    """Why a row cannot be taken: the object at fault, a sentence, DHIS2's
    error code and the property it is about."""

    object: str
    value: str
    code: str
    property: str

    def entry(self, indexes: list[int]) -> dict:
        return {
            "object": self.object,
            "value": self.value,
            "errorCode": self.code,
            "property": self.property,
            "indexes": indexes,
        }


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
    them; `number` and `where` say where its first row was, `indexes` the
    0-based index of each of its rows."""

    spec: FormSpec
    unit_code: str
    period: Period
    number: int
    where: str
    unit: Unit | None = None
    values: dict[tuple[str, str], Decimal | None] = field(default_factory=dict)
    comments: dict[str, str] = field(default_factory=dict)
    indexes: list[int] = field(default_factory=list)


class Catalogue:
    """What rows are checked against, read once: indicators, forms and their
    rules, the importer's rights; units and periods as they are met. `form`,
    when the set names its data set, is the only form its values may go to."""

    def __init__(
        self, by: Actor, schemes: IdSchemes | None = None, form: ReportForm | None = None
    ) -> None:
        self.by = by
        self.schemes = schemes or IdSchemes()
        self.form = form
        snapshot = catalogue_snapshot()  # per process, current (core.generations)
        self.indicators = snapshot.indicators
        self.by_id = snapshot.by_id
        self.by_uid = snapshot.by_uid
        self.indicator_ids = snapshot.indicator_ids
        self.specs: dict[str, FormSpec] = snapshot.specs
        self.option_codes = snapshot.option_codes
        self.units: dict[str, list[Unit]] = {}
        self.unit_on: dict[tuple[str, str], Unit | None] = {}
        self.targets: dict[tuple[str, str], Target | Refusal] = {}

    def target(self, name: str, period: str) -> "Target | Refusal":
        """Where values of the data element `name` for `period` go, or why they
        cannot be taken. Asked once per row, computed once per pair."""
        key = (name, period)
        found = self.targets.get(key)
        if found is None:
            found = self.targets[key] = self._target(name.strip(), period.strip())
        return found

    def _indicator(self, name: str) -> Indicator | None:
        if self.schemes.of("data_element") == UID:
            return self.by_uid.get(name)
        return self.indicators.get(name)

    def _target(self, name: str, text: str) -> "Target | Refusal":
        indicator = self._indicator(name)
        if indicator is None or indicator.is_derived:
            message = _("Không có chỉ tiêu nhập được mã “%(code)s”.") % {"code": name}
            return Refusal(name, message, codes.DATA_ELEMENT, "dataElement")
        code = indicator.code
        spec = self.specs.get(code)
        if spec is None:
            message = _("Chỉ tiêu %(code)s chưa thuộc biểu mẫu nào.") % {"code": code}
            return Refusal(name, message, codes.NOT_IN_DATA_SET, "dataElement")
        try:
            period = parse(text)
        except InvalidPeriod as exc:
            return Refusal(text, str(exc), codes.PERIOD, "period")
        future = future_period_message(period)
        if future:
            return Refusal(period.id, future, codes.PERIOD, "period")
        form = spec.form
        if self.form is not None and form.pk != self.form.pk:
            message = _("Chỉ tiêu %(code)s không thuộc biểu mẫu %(form)s.") % {
                "code": code,
                "form": self.form.code,
            }
            return Refusal(name, message, codes.NOT_IN_DATA_SET, "dataElement")
        if not form.is_open:
            message = _("Biểu mẫu %(form)s đã đóng, không nhận số liệu.") % {"form": form.code}
            return Refusal(form.code, message, codes.CLOSED, "dataSet")
        if period.type != form.period_type:
            kind = form.get_period_type_display().lower()
            message = _("%(code)s báo cáo theo kỳ %(kind)s.") % {"code": code, "kind": kind}
            return Refusal(period.id, message, codes.PERIOD_TYPE, "period")
        return Target(indicator, spec, period, *whole_number_bounds(indicator))

    def option(self, name: str) -> str | None:
        """The breakdown (option code, "" for the total) a category option
        combo names, or None when it names none."""
        if name in {"", DEFAULT_OPTION_UID, DEFAULT_OPTION_CODE}:
            return ""
        if self.schemes.of("option") == UID:
            return self.option_codes.get(name)
        return name

    def load_units(self, names: set[str]) -> None:
        """The units named in the batch, all versions, instead of the previous
        batch's: memory follows the batch, not the country. Read with what
        their placement needs (path, type, validity, parent), so placing them
        costs no query per unit."""
        self.units = {name: [] for name in names}
        self.unit_on = {}
        by_uid = self.schemes.of("org_unit") == UID
        rows = Unit.objects.filter(**{"uid__in" if by_uid else "code__in": names}).only(
            "code", "uid", "name", "path", "type", "valid_from", "valid_to", "parent"
        )
        for unit in rows:
            self.units[unit.uid if by_uid else unit.code].append(unit)

    def unit(self, name: str, period: Period) -> Unit | None:
        """The unit `name` means for `period`: by code, the unit of that code
        on the period's first day, else on its last; by UID, that unit if it
        existed in the period."""
        key = (name, period.id)
        if key not in self.unit_on:
            candidates = self.units.get(name, [])
            self.unit_on[key] = next(
                (u for u in candidates if u.is_valid_on(period.start)), None
            ) or next((u for u in candidates if u.is_valid_on(period.end)), None)
        return self.unit_on[key]

    def may_edit(self, unit: Unit) -> bool:
        return can(self.by, EDIT, unit.path)
