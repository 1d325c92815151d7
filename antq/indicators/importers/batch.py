"""One import at work: rows read and checked on their own, kept as reports
of the current batch; every batch checked against the database (units,
reports and their states, stored values, the forms' rules) and written with
one statement per kind of change."""

from decimal import Decimal

from django.db import connection
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from antq.accounts.access import Actor
from antq.audit.models import AuditEntry
from antq.audit.services import audit_record_each
from antq.core.actors import person_of
from antq.core.tabular import FORMULA_MESSAGE, looks_like_formula
from antq.indicators.importers.rows import Catalogue, Report
from antq.indicators.importers.summary import ImportSummary
from antq.indicators.models import DataValue, Submission
from antq.indicators.totals import TotalsDelta
from antq.indicators.validation import check_value, parse_value, rule_problems, totals
from antq.units.placement import places_of

MAX_COMMENT = DataValue._meta.get_field("comment").max_length
DHIS2_DEFAULT_OPTIONS = {"default", "HllvX50cXC0"}
PLACE_COLUMNS = (
    "published_province_id", "published_commune_id", "restated_province_id", "restated_commune_id"
)  # fmt: skip
VALUE_COLUMNS = (
    "indicator_id", "unit_id", "period", "period_type", "period_start", "option", "value",
    "comment", *PLACE_COLUMNS, "stored_by_id", "updated_at",
)  # fmt: skip
EDITABLE = Submission.moves["edit"].sources  # the states whose values an import may change


class Import:
    """`read` each row, `flush` every batch; `delta` (the province totals)
    and `broken_rules` are applied and reported by the caller at the end.
    `machine`: the values are written by a program (DHIS2 JSON or CSV, "1.5"
    is one and a half), else by people (a workbook: "1.480" is 1480)."""

    def __init__(self, by: Actor, summary: ImportSummary, *, source: str, machine: bool) -> None:
        self.by = by
        self.source = source
        self.machine = machine
        self.summary = summary
        self.catalogue = Catalogue(by)
        self.stored_by = by.pk if person_of(by) else None
        self.batch: dict[tuple, Report] = {}
        self.batch_values = 0
        self.reports = 0
        self.bumped: set[int] = set()
        # The last word on each report's rules: checked again whenever more of
        # its values arrive, so a report split across batches is judged whole.
        self.broken_rules: dict[tuple, list[dict]] = {}
        self.delta = TotalsDelta()

    def refuse_report(self, report: Report, message: str) -> None:
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
                value = parse_value(indicator, text, machine=self.machine)
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
            report = self.batch[key] = Report(spec, unit_code, period, number, where)
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
            if status not in EDITABLE:
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
        places = places_of({r.unit.id: r.unit for r in reports.values()}.values())
        inserts, updates, deletes = [], [], []
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        indicator_ids = self.catalogue.indicator_ids
        ignored = 0
        for key, report in reports.items():
            current = stored.get(key, {})
            self._check_rules(key, report, current)
            place = places[report.unit.id]
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

    def _reports(self, batch: dict[tuple, Report]) -> dict[tuple, Report]:
        """The batch's reports keyed by (form, unit, period), once their unit
        is found and may be written by this user."""
        catalogue = self.catalogue
        catalogue.load_units({report.unit_code for report in batch.values()})
        reports: dict[tuple, Report] = {}
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

    def _lock_reports(self, reports: dict[tuple, Report]) -> dict[tuple, str]:
        """Each report's status, its row created if missing and locked (in id
        order) until commit, so none is submitted while the import writes. Every
        report the import touches moves to a new version, once, with an audit
        entry of its own (what a later edit based on the old version is told)."""
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
            .values_list("pk", "status", "version")
        )
        state = {pk: (status, version) for pk, status, version in locked}
        fresh = {key: pk for key, pk in ids.items() if pk not in self.bumped}
        # an entry page opened before the import must not overwrite it unseen
        Submission.objects.filter(pk__in=fresh.values()).update(version=F("version") + 1)
        self._audit_versions(reports, fresh, state)
        self.bumped.update(fresh.values())
        self.reports = len(self.bumped)
        return {key: state[pk][0] for key, pk in ids.items()}

    def _audit_versions(self, reports: dict, fresh: dict[tuple, int], state: dict) -> None:
        """One entry per report moved to a new version: a bulk write audited
        row by row, in one INSERT (the reports are built from what the batch
        holds, not read again)."""
        moved = [
            Submission(
                pk=pk,
                form=reports[key].spec.form,
                unit=reports[key].unit,
                period=key[2],
                status=state[pk][0],
                version=state[pk][1] + 1,
            )
            for key, pk in fresh.items()
        ]
        audit_record_each(
            actor=self.by,
            action=AuditEntry.Action.UPDATE,
            objects=moved,
            unit_path_of=lambda s: s.unit.path,
            before_of=lambda s: {"version": s.version - 1},
            after_of=lambda s: {"version": s.version},
            note=self.source,
        )

    def _stored(self, reports: dict[tuple, Report]) -> dict[tuple, dict]:
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

    def _check_rules(self, key: tuple, report: Report, current: dict) -> None:
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
