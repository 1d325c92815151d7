"""DHIS2 dataValueSets in and out, and the spreadsheet template of a form.

Input is DHIS2's JSON (`{"dataValues": [{"dataElement", "period", "orgUnit",
"categoryOptionCombo", "value", "comment"}]}`) or its CSV with the same
columns. dataElement is an indicator code, orgUnit a unit code (resolved on the
period's first day, since codes were reused in 2025), categoryOptionCombo an
optional disaggregation option. Every row goes through the form validator with
the values already stored; any conflict means nothing is written, and the
answer is DHIS2's import summary.
"""

import csv
import io
import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from antq.accounts.access import EDIT, can
from antq.audit.models import AuditEntry
from antq.audit.services import audit_record
from antq.core.periods import InvalidPeriod, Period, parse
from antq.core.tabular import FORMULA_MESSAGE, looks_like_formula
from antq.indicators.models import DataValue, Indicator, ReportForm, Submission
from antq.indicators.services import ancestors, existing_values, write_values
from antq.indicators.totals import TotalsDelta
from antq.indicators.validation import Values, parse_value, validate
from antq.units.models import Unit

MAX_COMMENT = DataValue._meta.get_field("comment").max_length

MAX_VALUES = 500_000


@dataclass
class ImportSummary:
    imported: int = 0
    updated: int = 0
    ignored: int = 0
    conflicts: list[dict] = field(default_factory=list)

    def as_dhis2(self) -> dict:
        status = "ERROR" if self.conflicts else "SUCCESS"
        return {
            "responseType": "ImportSummary",
            "status": status,
            "description": _("Có lỗi; không giá trị nào được ghi.")
            if self.conflicts
            else _("Đã nhập."),
            "importCount": {
                "imported": self.imported,
                "updated": self.updated,
                "ignored": self.ignored,
                "deleted": 0,
            },
            "conflicts": self.conflicts[:1000],
        }


def parse_payload(data: bytes | str, content_type: str = "application/json") -> list[dict]:
    """Rows of a dataValueSets JSON or CSV payload, keys lower-cased. Raises ValueError."""
    text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
    # The declared type decides; only an undeclared one is guessed from the text.
    is_csv = "csv" in content_type or (
        "json" not in content_type and not text.lstrip().startswith("{")
    )
    if is_csv:
        reader = csv.DictReader(io.StringIO(text))
        if not reader.fieldnames:
            raise ValueError(_("Tệp CSV trống."))
        rows = [
            {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()} for row in reader
        ]
    else:
        try:
            document = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError(_("JSON không hợp lệ: %(error)s") % {"error": exc}) from None
        values = document.get("dataValues") if isinstance(document, dict) else None
        if not isinstance(values, list):
            raise ValueError(_("Thiếu mảng dataValues."))
        rows = [
            {str(k).lower(): v for k, v in row.items()} for row in values if isinstance(row, dict)
        ]
    if not rows:
        raise ValueError(_("Không có giá trị nào để nhập."))
    if len(rows) > MAX_VALUES:
        raise ValueError(_("Quá nhiều giá trị (tối đa %(max)s).") % {"max": MAX_VALUES})
    return rows


class _Resolver:
    """Caches lookups of indicators, forms and units while reading a payload."""

    def __init__(self, by):
        self.by = by
        self.indicators = {i.code: i for i in Indicator.objects.filter(active=True)}
        self.forms = {}
        for form in ReportForm.objects.prefetch_related("lines__indicator"):
            for line in form.lines.all():
                self.forms.setdefault(line.indicator.code, form)
        self.units: dict[tuple[str, str], Unit | None] = {}

    def unit(self, code: str, period: Period) -> Unit | None:
        key = (code, period.id)
        if key not in self.units:
            self.units[key] = (
                Unit.objects.filter(code=code).valid_on(period.start).first()
                or Unit.objects.filter(code=code).valid_on(period.end).first()
            )
        return self.units[key]


def _read_row(index: int, row: dict, resolver: _Resolver, conflicts: list[dict]):
    def conflict(obj, message):
        # Spreadsheet rows say where they came from ("Dòng 5, cột F").
        where = row.get("_where")
        conflicts.append({"object": where or str(obj), "value": message, "row": index})

    code = str(row.get("dataelement", "")).strip()
    indicator = resolver.indicators.get(code)
    if indicator is None or indicator.is_derived:
        return conflict(code, _("Không có chỉ tiêu nhập được mã “%(code)s”.") % {"code": code})
    form = resolver.forms.get(code)
    if form is None:
        return conflict(code, _("Chỉ tiêu %(code)s chưa thuộc biểu mẫu nào.") % {"code": code})
    try:
        period = parse(str(row.get("period", "")))
    except InvalidPeriod as exc:
        return conflict(row.get("period", ""), str(exc))
    if not form.is_open:
        return conflict(
            code, _("Biểu mẫu %(form)s đã đóng, không nhận số liệu.") % {"form": form.code}
        )
    if period.type != form.period_type:
        return conflict(
            period.id,
            _("%(code)s báo cáo theo kỳ %(kind)s.")
            % {"code": code, "kind": form.get_period_type_display().lower()},
        )
    unit_code = str(row.get("orgunit", "")).strip()
    unit = resolver.unit(unit_code, period)
    if unit is None:
        return conflict(
            unit_code,
            _("Không có đơn vị mã “%(code)s” trong %(period)s.")
            % {"code": unit_code, "period": period.label},
        )
    if resolver.by is not None and not can(resolver.by, EDIT, unit.path):
        return conflict(
            unit_code, _("Bạn không có quyền nhập số liệu cho %(unit)s.") % {"unit": unit.name}
        )
    if unit.type not in form.unit_types:
        return conflict(
            unit_code,
            _("%(unit)s không báo cáo biểu %(form)s.") % {"unit": unit.name, "form": form.code},
        )
    option = str(row.get("categoryoptioncombo") or "").strip()
    if option in {"default", "HllvX50cXC0"}:
        option = ""  # DHIS2's default category option combo
    try:
        value = parse_value(indicator, row.get("value"))
    except ValueError as exc:
        return conflict(row.get("value"), str(exc))
    comment = str(row.get("comment") or "").strip()
    if looks_like_formula(comment):
        return conflict(comment[:50], str(FORMULA_MESSAGE))
    if len(comment) > MAX_COMMENT:
        return conflict(
            comment[:50],
            _("Ghi chú dài quá %(max)s ký tự.") % {"max": MAX_COMMENT},
        )
    return form, unit, period, code, option, value, comment


def values_import(
    *,
    by,
    rows: list[dict],
    source: str = "dataValueSets",
    progress: Callable[[int, int], None] | None = None,
) -> ImportSummary:
    """Validate every row, then write all of them or none. Approved reports are
    locked: their values are conflicts until the report is reopened."""
    summary = ImportSummary()
    resolver = _Resolver(by)
    grouped: dict[tuple, dict] = defaultdict(lambda: {"values": {}, "comments": {}})
    for index, row in enumerate(rows, start=1):
        parsed = _read_row(index, row, resolver, summary.conflicts)
        if parsed is None:
            continue
        form, unit, period, code, option, value, comment = parsed
        group = grouped[(form.pk, unit.pk, period.id)]
        group.update(form=form, unit=unit, period=period)
        group["values"].setdefault(code, {})[option] = value
        if comment:
            group["comments"][code] = comment
    _check_groups(grouped, summary)
    if summary.conflicts:
        return summary
    places: dict[int, dict] = {}
    delta = TotalsDelta()
    touched: list[int] = []
    with transaction.atomic():
        # Checked again under lock: a report submitted since the check above
        # must not receive the import's figures.
        _closed_conflicts(grouped, _closed_reports(grouped, lock=True), summary)
        if summary.conflicts:
            return summary
        for done, group in enumerate(grouped.values(), start=1):
            unit, period = group["unit"], group["period"]
            if unit.pk not in places:
                places[unit.pk] = ancestors(unit)
            created, updated, unchanged = write_values(
                by=by,
                unit=unit,
                period=period,
                values=group["values"],
                comments=group["comments"],
                place=places[unit.pk],
                delta=delta,
            )
            submission, _made = Submission.objects.get_or_create(
                form=group["form"],
                unit=unit,
                period=period.id,
                defaults={"period_start": period.start},
            )
            touched.append(submission.pk)
            summary.imported += created
            summary.updated += updated
            summary.ignored += unchanged
            if progress:
                progress(done, len(grouped))
        audit_record(
            actor=by,
            action=AuditEntry.Action.IMPORT,
            object_type="indicators.datavalue",
            object_repr=source[:255],
            note=source[:255],
            after={
                "imported": summary.imported,
                "updated": summary.updated,
                "ignored": summary.ignored,
                "reports": len(grouped),
            },
        )
        # a form opened before the import must not overwrite it unseen
        Submission.objects.filter(pk__in=touched).update(version=F("version") + 1)
        # Totals once per (indicator, period, province), last: their locks last until commit.
        delta.apply()
    return summary


def _closed_reports(grouped: dict, *, lock: bool = False) -> set[tuple]:
    """The (form, unit, period) keys of `grouped` whose report is submitted or
    approved. With `lock`, the reports' rows are locked (in id order) for the
    rest of the transaction, so none can be submitted while the import writes."""
    reports = Submission.objects.filter(unit__in={g["unit"].pk for g in grouped.values()})
    if lock:
        reports = reports.select_for_update().order_by("pk")
    rows = reports.values_list("form_id", "unit_id", "period", "status")
    closed = {Submission.Status.SUBMITTED, Submission.Status.APPROVED}
    return {(form, unit, period) for form, unit, period, status in rows if status in closed}


def _closed_conflicts(grouped: dict, keys: set[tuple], summary: ImportSummary) -> None:
    for key in keys & set(grouped):
        unit, period = grouped[key]["unit"], grouped[key]["period"]
        summary.conflicts.append(
            {
                "object": f"{unit.code}/{period.id}",
                "value": _(
                    "Báo cáo %(period)s của %(unit)s đã nộp hoặc đã duyệt; "
                    "cần mở lại trước khi sửa."
                )
                % {"period": period.label, "unit": unit.name},
            }
        )


def _check_groups(grouped: dict, summary: ImportSummary) -> None:
    closed = _closed_reports(grouped)
    _closed_conflicts(grouped, closed, summary)
    for key, group in grouped.items():
        form, unit, period = group["form"], group["unit"], group["period"]
        if key in closed:
            continue
        codes = [line.indicator.code for line in form.lines.all()]
        merged: Values = existing_values(unit, period, codes)
        for code, by_option in group["values"].items():
            merged.setdefault(code, {}).update(by_option)
        for problem in validate(form, merged):
            summary.conflicts.append(
                {"object": f"{unit.code}/{period.id}/{problem.code}", "value": problem.message}
            )


def values_export(*, form: ReportForm, root: Unit, first: Period, last: Period) -> dict:
    """Values of `form` under `root` as a dataValueSets document (round trip)."""
    rows = (
        DataValue.objects.filter(
            indicator__in=form.indicators.all(),
            unit__path__prefix=root.path,
            period_start__gte=first.start,
            period_start__lte=last.start,
        )
        .values_list("indicator__code", "period", "unit__code", "option", "value", "comment")
        .order_by("period_start", "unit__code", "indicator__code")
    )
    return {
        "dataSet": form.code,
        "dataValues": [
            {
                "dataElement": code,
                "period": period,
                "orgUnit": unit,
                "categoryOptionCombo": option,
                "value": _number(value),
                "comment": comment,
            }
            for code, period, unit, option, value, comment in rows
        ],
    }


def _number(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text
