"""DHIS2 dataValueSets in and out.

Input is DHIS2's JSON (`{"dataValues": [{"dataElement", "period", "orgUnit",
"categoryOptionCombo", "value", "comment"}]}`) or its CSV with the same
columns. dataElement is an indicator code, orgUnit a unit code (resolved on the
period's first day, since codes were reused in 2025), categoryOptionCombo an
optional disaggregation option. The answer is DHIS2's import summary.

A national year is about 1.6 million values, so the file is read as a stream
(`Payload`) and never held whole. Rows are checked one by one against the
catalogue read once; every `BATCH` values, the batch's units, reports and
stored values are read in a few queries, the form's rules are checked on the
reports as they now stand, and the batch is written with one statement per
kind of change, all inside one transaction. Any conflict anywhere rolls the
whole import back: all or nothing, with memory bounded by the batch.
"""

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import BinaryIO

import ijson
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from antq.accounts.access import EDIT, scope_paths
from antq.audit.models import AuditEntry
from antq.audit.services import audit_record
from antq.core.periods import InvalidPeriod, Period, parse
from antq.core.tabular import FORMULA_MESSAGE, looks_like_formula
from antq.indicators.models import DataValue, Indicator, ReportForm, Submission
from antq.indicators.services import places_of
from antq.indicators.totals import TotalsDelta
from antq.indicators.validation import (
    FormSpec,
    check_value,
    parse_value,
    rule_problems,
    spec_of,
    totals,
    whole_number_bounds,
)
from antq.units.models import Unit

MAX_COMMENT = DataValue._meta.get_field("comment").max_length
MAX_VALUES = 500_000  # for a payload held in memory (an API request body)
MAX_CONFLICTS = 1000  # listed; the count goes on
BATCH = 20_000  # values checked and written together
DHIS2_DEFAULT_OPTIONS = {"default", "HllvX50cXC0"}
PLACE_COLUMNS = (
    "published_province_id", "published_commune_id", "restated_province_id", "restated_commune_id"
)  # fmt: skip
VALUE_COLUMNS = (
    "indicator_id", "unit_id", "period", "period_type", "period_start", "option", "value",
    "comment", "published_province_id", "published_commune_id", "restated_province_id",
    "restated_commune_id", "stored_by_id", "updated_at",
)  # fmt: skip


@dataclass
class ImportSummary:
    imported: int = 0
    updated: int = 0
    ignored: int = 0
    deleted: int = 0
    conflicts: list[dict] = field(default_factory=list)
    conflict_count: int = 0

    def conflict(self, entry: dict) -> None:
        self.conflict_count += 1
        if len(self.conflicts) < MAX_CONFLICTS:
            self.conflicts.append(entry)

    def as_dhis2(self) -> dict:
        if self.conflicts:
            description = _("Có %(count)s lỗi; không giá trị nào được ghi.") % {
                "count": f"{self.conflict_count:,}".replace(",", ".")
            }
        else:
            description = _("Đã nhập.")
        return {
            "responseType": "ImportSummary",
            "status": "ERROR" if self.conflicts else "SUCCESS",
            "description": description,
            "importCount": {
                "imported": self.imported,
                "updated": self.updated,
                "ignored": self.ignored,
                "deleted": self.deleted,
            },
            "conflicts": self.conflicts,
        }


class Payload:
    """The rows of a dataValueSets file (JSON or CSV), read as a stream, keys
    lower-cased. Iterating raises ValueError with a Vietnamese message for a
    file that cannot be read; `position` and `size` (bytes) measure progress."""

    def __init__(self, handle: BinaryIO, content_type: str = "application/json") -> None:
        self.handle = handle
        head = handle.read(64)
        handle.seek(0, io.SEEK_END)
        self.size = handle.tell()
        self.start = 3 if head.startswith(b"\xef\xbb\xbf") else 0
        handle.seek(self.start)
        # The declared type decides; only an undeclared one is guessed from the text.
        self.is_csv = "csv" in content_type or (
            "json" not in content_type and not head[self.start :].lstrip().startswith(b"{")
        )

    @property
    def position(self) -> int:
        try:
            return min(self.handle.tell(), self.size)
        except (OSError, ValueError):  # closed at the end of the stream
            return self.size

    def __iter__(self) -> Iterator[dict]:
        count = 0
        rows = self._csv() if self.is_csv else self._json()
        try:
            for row in rows:
                count += 1
                yield row
        except UnicodeDecodeError:
            raise ValueError(_("Tệp không phải văn bản UTF-8.")) from None
        if not count:
            raise ValueError(_("Không có giá trị nào để nhập."))

    def _csv(self) -> Iterator[dict]:
        text = io.TextIOWrapper(self.handle, encoding="utf-8", newline="")
        try:
            reader = csv.reader(text)
            header = next(reader, None)
            if not header:
                raise ValueError(_("Tệp CSV trống."))
            keys = [_canonical_key(name) for name in header]
            for cells in reader:
                if any(cells):
                    yield {key: cell.strip() for key, cell in zip(keys, cells, strict=False)}
        except csv.Error as exc:
            raise ValueError(_("CSV không hợp lệ: %(error)s") % {"error": exc}) from None
        finally:
            text.detach()

    def _json(self) -> Iterator[dict]:
        found = False
        try:
            for row in ijson.items(self.handle, "dataValues.item"):
                found = True
                if isinstance(row, dict) and not CANONICAL_KEYS.issuperset(row):
                    row = {_canonical_key(key): value for key, value in row.items()}
                yield row
            if not found:
                self.handle.seek(self.start)
                if not any(True for _item in ijson.items(self.handle, "dataValues")):
                    raise ValueError(_("Thiếu mảng dataValues."))
        except ijson.JSONError as exc:
            raise ValueError(_("JSON không hợp lệ: %(error)s") % {"error": exc}) from None


CANONICAL_KEYS = frozenset(
    {"dataElement", "period", "orgUnit", "categoryOptionCombo", "value", "comment", "_where"}
)
_BY_LOWER = {key.lower(): key for key in CANONICAL_KEYS}


def _canonical_key(name) -> str:
    """DHIS2's spelling of a column or key written in any case ("orgunit")."""
    text = str(name).strip()
    return _BY_LOWER.get(text.lower(), text)


def parse_payload(data: bytes | str, content_type: str = "application/json") -> list[dict]:
    """Rows of a dataValueSets payload held in memory (an API body). Raises ValueError."""
    raw = data.encode() if isinstance(data, str) else data
    rows = []
    for row in Payload(io.BytesIO(raw), content_type):
        rows.append(row)
        if len(rows) > MAX_VALUES:
            raise ValueError(_("Quá nhiều giá trị (tối đa %(max)s).") % {"max": MAX_VALUES})
    return rows


@dataclass(slots=True)
class _Target:
    indicator: Indicator
    spec: FormSpec
    period: Period
    low: Decimal = Decimal(0)  # bounds of a whole number (see check_value)
    high: Decimal | None = None


@dataclass
class _Report:
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


class _Catalogue:
    """What rows are checked against, read once: indicators, forms and their
    rules, the importer's scope; units and periods as they are met."""

    def __init__(self, by) -> None:
        self.indicators = {i.code: i for i in Indicator.objects.filter(active=True)}
        self.by_id = {i.pk: i for i in self.indicators.values()}
        self.indicator_ids = {code: i.pk for code, i in self.indicators.items()}
        self.specs: dict[str, FormSpec] = {}
        for form in ReportForm.objects.prefetch_related("lines__indicator", "rules"):
            spec = spec_of(form)
            for code in spec.lines:
                self.specs.setdefault(code, spec)
        self.scope = scope_paths(by, EDIT) if by is not None else None
        self.units: dict[str, list[Unit]] = {}
        self.unit_on: dict[tuple[str, str], Unit | None] = {}
        self.targets: dict[tuple[str, str], _Target | tuple[str, str]] = {}

    def target(self, code: str, period: str) -> "_Target | tuple[str, str]":
        """Where values of indicator `code` for `period` go, or (what, why) they
        cannot be taken. Asked once per row, computed once per pair."""
        key = (code, period)
        found = self.targets.get(key)
        if found is None:
            found = self.targets[key] = self._target(code.strip(), period.strip())
        return found

    def _target(self, code: str, text: str) -> "_Target | tuple[str, str]":
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
        return _Target(indicator, spec, period, *whole_number_bounds(indicator))

    def load_units(self, codes: set[str]) -> None:
        """The units of `codes`, all versions, instead of the previous batch's:
        memory follows the batch, not the country."""
        self.units = {code: [] for code in codes}
        self.unit_on = {}
        rows = Unit.objects.filter(code__in=codes).only(
            "code", "name", "path", "type", "valid_from", "valid_to"
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
        return self.scope is None or any(unit.path.startswith(p) for p in self.scope)


class _Import:
    def __init__(self, by, summary: ImportSummary) -> None:
        self.summary = summary
        self.catalogue = _Catalogue(by)
        self.stored_by = by.pk if getattr(by, "is_authenticated", False) else None
        self.batch: dict[tuple, _Report] = {}
        self.batch_values = 0
        self.places: dict[int, dict] = {}
        self.reports = 0
        self.bumped: set[int] = set()
        # The last word on each report's rules: checked again whenever more of
        # its values arrive, so a report split across batches is judged whole.
        self.broken_rules: dict[tuple, list[dict]] = {}
        self.delta = TotalsDelta()

    def refuse_report(self, report: _Report, message: str) -> None:
        where = report.where or report.unit_code
        self.summary.conflict({"object": where, "value": message, "row": report.number})

    def read(self, number: int, raw) -> None:
        """Check one row on its own; keep it for the batch."""
        if not isinstance(raw, dict):
            return self.summary.conflict(
                {"object": str(raw)[:50], "value": _("Không phải một giá trị."), "row": number}
            )
        where = raw.get("_where") or ""

        def refuse(obj, message):
            self.summary.conflict({"object": where or str(obj), "value": message, "row": number})

        target = self.catalogue.target(str(raw.get("dataElement")), str(raw.get("period")))
        if isinstance(target, tuple):
            return refuse(*target)
        indicator, spec = target.indicator, target.spec
        option = str(raw.get("categoryOptionCombo") or "").strip()
        if option in DHIS2_DEFAULT_OPTIONS:
            option = ""
        text = raw.get("value")
        if text.__class__ is str and text.isdigit() and text.isascii() and len(text) < 15:
            # the usual cell ("14"): a whole number, only its bounds to check
            value = Decimal(text)
            fits = value >= target.low and (target.high is None or value <= target.high)
        else:
            try:
                value = parse_value(indicator, text)
            except ValueError as exc:
                return refuse(text, str(exc))
            fits = value is None
        if option and option not in spec.options[indicator.code]:
            return refuse(
                option,
                _("Phân tổ “%(option)s” không có ở chỉ tiêu %(code)s.")
                % {"option": option, "code": indicator.code},
            )
        if not fits and (message := check_value(indicator, value)):
            return refuse(f"{indicator.code}={text}", message)
        comment = raw.get("comment") or ""
        if comment:
            comment = str(comment).strip()
            if looks_like_formula(comment):
                return refuse(comment[:50], str(FORMULA_MESSAGE))
            if len(comment) > MAX_COMMENT:
                message = _("Ghi chú dài quá %(max)s ký tự.") % {"max": MAX_COMMENT}
                return refuse(comment[:50], message)
        unit_code = str(raw.get("orgUnit") or "").strip()
        period = target.period
        key = (spec.form.id, unit_code, period.id)
        report = self.batch.get(key)
        if report is None:
            report = self.batch[key] = _Report(spec, unit_code, period, number, where)
        report.values[(indicator.code, option)] = value
        if comment:
            report.comments[indicator.code] = comment
        self.batch_values += 1

    def flush(self) -> None:
        """Check the batch against the database and write it."""
        batch, self.batch, self.batch_values = self.batch, {}, 0
        reports = self._reports(batch)
        if not reports:
            return
        statuses = self._lock_reports(reports)
        for key, status in statuses.items():
            if status in {Submission.Status.SUBMITTED, Submission.Status.APPROVED}:
                report = reports.pop(key)
                self.summary.conflict(
                    {
                        "object": f"{report.unit.code}/{report.period.id}",
                        "value": _(
                            "Báo cáo %(period)s của %(unit)s đã nộp hoặc đã duyệt; "
                            "cần mở lại trước khi sửa."
                        )
                        % {"period": report.period.label, "unit": report.unit.name},
                    }
                )
        stored = self._stored(reports)
        self.places = places_of({r.unit.id: r.unit for r in reports.values()}.values())
        inserts, updates, deletes = [], [], []
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        indicator_ids = self.catalogue.indicator_ids
        ignored = 0
        for key, report in reports.items():
            current = stored.get(key, {})
            self._check_rules(key, report, current)
            place = self.places[report.unit.id]
            period, unit_id, comments = report.period, report.unit.id, report.comments
            # the columns every value of the report shares, in VALUE_COLUMNS order
            where = (unit_id, period.id, period.type, period.start)
            ancestry = (*(place[column] for column in PLACE_COLUMNS), self.stored_by, now)
            changes = []
            for (code, option), value in report.values.items():
                indicator_id = indicator_ids[code]
                row = current.get((code, option))
                if row is None:
                    if value is not None:
                        comment = comments.get(code, "") if comments else ""
                        inserts.append((indicator_id, *where, option, value, comment, *ancestry))
                        changes.append((indicator_id, None, value))
                    continue
                pk, old, old_comment = row
                comment = report.comments.get(code, old_comment)
                if value is None:
                    deletes.append(pk)
                elif value != old or comment != old_comment:
                    updates.append((value, comment, pk))
                else:
                    ignored += 1
                    continue
                changes.append((indicator_id, old, value))
            self.delta.add_changes(period.type, period.start, place, changes)
        self.summary.ignored += ignored
        self._write(inserts, updates, deletes, now)
        self.summary.imported += len(inserts)
        self.summary.updated += len(updates)
        self.summary.deleted += len(deletes)

    def _reports(self, batch: dict[tuple, _Report]) -> dict[tuple, _Report]:
        """The batch's reports keyed by (form, unit, period), once their unit
        is found and may be written by this user."""
        catalogue = self.catalogue
        catalogue.load_units({report.unit_code for report in batch.values()})
        reports: dict[tuple, _Report] = {}
        for report in batch.values():
            unit = catalogue.unit(report.unit_code, report.period)
            form = report.spec.form
            if unit is None:
                self.refuse_report(
                    report,
                    _("Không có đơn vị mã “%(code)s” trong %(period)s.")
                    % {"code": report.unit_code, "period": report.period.label},
                )
            elif not catalogue.may_edit(unit):
                self.refuse_report(
                    report,
                    _("Bạn không có quyền nhập số liệu cho %(unit)s.") % {"unit": unit.name},
                )
            elif unit.type not in form.unit_types:
                self.refuse_report(
                    report,
                    _("%(unit)s không báo cáo biểu %(form)s.")
                    % {"unit": unit.name, "form": form.code},
                )
            else:
                report.unit = unit
                reports[(form.id, unit.id, report.period.id)] = report
        return reports

    def _lock_reports(self, reports: dict[tuple, _Report]) -> dict[tuple, str]:
        """Each report's status, its row created if missing and locked (in id
        order) until commit, so none is submitted while the import writes. Every
        report the import touches moves to a new version, once."""
        units = {key[1] for key in reports}
        periods = {key[2] for key in reports}

        def found():
            rows = Submission.objects.filter(unit_id__in=units, period__in=periods)
            return {
                (form, unit, period): pk
                for form, unit, period, pk in rows.values_list("form_id", "unit_id", "period", "pk")
                if (form, unit, period) in reports
            }

        ids = found()
        missing = [key for key in reports if key not in ids]
        if missing:
            q = connection.ops.quote_name
            columns = ("form_id", "unit_id", "period", "period_start", "status")
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {q(Submission._meta.db_table)} "  # noqa: S608 (model names)
                    f"({', '.join(map(q, columns))}, {q('return_reason')}, {q('version')}) "
                    "VALUES (%s, %s, %s, %s, %s, '', 1) ON CONFLICT DO NOTHING",
                    [(*key, reports[key].period.start, Submission.Status.DRAFT) for key in missing],
                )
            ids = found()
        locked = (
            Submission.objects.select_for_update()
            .filter(pk__in=sorted(ids.values()))
            .order_by("pk")
            .values_list("pk", "status")
        )
        status_of = dict(locked)
        fresh = [pk for pk in ids.values() if pk not in self.bumped]
        # an entry page opened before the import must not overwrite it unseen
        Submission.objects.filter(pk__in=fresh).update(version=F("version") + 1)
        self.bumped.update(fresh)
        self.reports = len(self.bumped)
        return {key: status_of[pk] for key, pk in ids.items()}

    def _stored(self, reports: dict[tuple, _Report]) -> dict[tuple, dict]:
        """The values already stored for the batch's reports (this import's own
        earlier batches included): {report: {(code, option): (id, value, comment)}}."""
        units = {key[1] for key in reports}
        periods = {key[2] for key in reports}
        rows = DataValue.objects.filter(unit_id__in=units, period__in=periods).values_list(
            "pk", "indicator_id", "unit_id", "period", "option", "value", "comment"
        )
        stored: dict[tuple, dict] = {}
        by_id = self.catalogue.by_id
        for pk, indicator_id, unit_id, period, option, value, comment in rows:
            indicator = by_id.get(indicator_id)
            spec = indicator and self.catalogue.specs.get(indicator.code)
            if spec is None:
                continue
            key = (spec.form.pk, unit_id, period)
            if key in reports:
                stored.setdefault(key, {})[(indicator.code, option)] = (pk, value, comment)
        return stored

    def _check_rules(self, key: tuple, report: _Report, current: dict) -> None:
        merged: dict[str, dict[str, Decimal | None]] = {}
        for (code, option), (_pk, value, _comment) in current.items():
            merged.setdefault(code, {})[option] = value
        for (code, option), value in report.values.items():
            merged.setdefault(code, {})[option] = value
        problems = rule_problems(report.spec, totals(merged))
        if problems:
            self.broken_rules[key] = [
                {
                    "object": f"{report.unit.code}/{report.period.id}/{p.code}",
                    "value": p.message,
                }
                for p in problems
            ]
        else:
            self.broken_rules.pop(key, None)

    def _write(self, inserts: list, updates: list, deletes: list, now) -> None:
        q = connection.ops.quote_name
        table = q(DataValue._meta.db_table)
        columns = ", ".join(map(q, VALUE_COLUMNS))
        with connection.cursor() as cursor:
            if inserts:
                if connection.vendor == "postgresql":
                    # COPY: several times faster than INSERTs on PostgreSQL
                    sql = f"COPY {table} ({columns}) FROM STDIN"
                    with cursor.cursor.copy(sql) as copy:
                        for row in inserts:
                            copy.write_row(row)
                else:
                    cursor.executemany(
                        f"INSERT INTO {table} ({columns}) "  # noqa: S608
                        f"VALUES ({', '.join(['%s'] * len(VALUE_COLUMNS))})",
                        inserts,
                    )
            if updates:
                cursor.executemany(
                    f"UPDATE {table} SET {q('value')} = %s, {q('comment')} = %s, "  # noqa: S608
                    f"{q('stored_by_id')} = %s, {q('updated_at')} = %s WHERE {q('id')} = %s",
                    [(value, comment, self.stored_by, now, pk) for value, comment, pk in updates],
                )
        if deletes:
            DataValue.objects.filter(pk__in=deletes).delete()


class _RolledBack(Exception):
    pass


def values_import(
    *,
    by,
    rows: Iterable[dict],
    source: str = "dataValueSets",
    progress: Callable[[int, int], None] | None = None,
) -> ImportSummary:
    """Check every row, then keep all of them or none. Submitted and approved
    reports are locked: their values are conflicts until the report is reopened.
    `rows` may be a `Payload` (a file read as a stream) or any iterable of
    dicts; `progress(done, total)` is told after each batch, in bytes for a
    `Payload`, in rows otherwise."""
    summary = ImportSummary()
    sized = len(rows) if hasattr(rows, "__len__") else 0

    def report_progress(count: int) -> None:
        if progress is None:
            return
        if isinstance(rows, Payload):
            progress(rows.position, rows.size)
        else:
            progress(count, sized or count)

    try:
        with transaction.atomic():
            work = _Import(by, summary)
            count = 0
            try:
                for count, row in enumerate(rows, start=1):
                    work.read(count, row)
                    if work.batch_values >= BATCH:
                        work.flush()
                        report_progress(count)
            except ValueError as exc:  # the file itself cannot be read further
                summary.conflict({"object": source[:255], "value": str(exc), "row": count + 1})
            work.flush()
            for problems in work.broken_rules.values():
                for problem in problems:
                    summary.conflict(problem)
            if not count and not summary.conflicts:
                nothing = _("Không có giá trị nào để nhập.")
                summary.conflict({"object": source[:255], "value": nothing})
            if summary.conflicts:
                raise _RolledBack
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
                    "deleted": summary.deleted,
                    "reports": work.reports,
                },
            )
            report_progress(count)
            # Totals once per (indicator, period, province), last: their locks last until commit.
            work.delta.apply()
    except _RolledBack:
        summary.imported = summary.updated = summary.ignored = summary.deleted = 0
    return summary


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
