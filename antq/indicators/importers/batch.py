"""One import at work: rows read and checked on their own, kept as reports
of the current batch; every batch checked against the database (units,
reports and their states, stored values, the forms' rules) and written with
one statement per kind of change."""

from dataclasses import replace
from decimal import Decimal

from django.db import connection
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from antq.accounts.access import APPROVE, Actor, can
from antq.audit.models import AuditEntry
from antq.audit.services import AuditRow, audit_rows
from antq.core.actors import person_of
from antq.core.bulk import insert_missing, insert_rows
from antq.core.tabular import FORMULA_MESSAGE, looks_like_formula
from antq.indicators.identifiers import DEFAULT_OPTIONS
from antq.indicators.importers import summary as codes
from antq.indicators.importers.options import CREATE, DELETE, UPDATE, ImportOptions
from antq.indicators.importers.rows import Catalogue, Refusal, Report, Target
from antq.indicators.importers.summary import ImportSummary
from antq.indicators.models import DataValue, ReportForm, Submission
from antq.indicators.totals import TotalsDelta, counted_indicators
from antq.indicators.validation import check_value, parse_value, rule_problems, totals
from antq.units.placement import places_of

MAX_COMMENT = DataValue._meta.get_field("comment").max_length
PLACE_COLUMNS = (
    "published_province_id", "published_commune_id", "restated_province_id", "restated_commune_id"
)  # fmt: skip
VALUE_COLUMNS = (
    "indicator_id", "unit_id", "period", "period_type", "period_start", "option", "value",
    "comment", *PLACE_COLUMNS, "stored_by_id", "updated_at",
)  # fmt: skip
EDITABLE = Submission.moves["edit"].sources  # the states whose values an import may change


def _foreign_attribute(raw: dict) -> Refusal | None:
    """antq keeps no attribute option combos: a value for anything but
    DHIS2's default one is refused, never stored as if it were."""
    named = str(raw.get("attributeOptionCombo") or "").strip()
    if named in DEFAULT_OPTIONS:
        return None
    message = _("antq không có tổ hợp thuộc tính “%(name)s”; chỉ nhận tổ hợp mặc định.") % {
        "name": named
    }
    return Refusal(named, message, codes.ATTRIBUTE_OPTION, "attributeOptionCombo")


class Import:
    """`read` each row, `flush` every batch; `delta` (the province totals)
    and `broken_rules` are applied and reported by the caller at the end.
    `machine`: the values are written by a program (DHIS2 JSON or CSV, "1.5"
    is one and a half), else by people (a workbook: "1.480" is 1480).
    `options` say what to do with values that exist or not (importStrategy),
    how identifiers are read, and whether a refused report stops everything
    (atomic) or only itself."""

    def __init__(
        self,
        by: Actor,
        summary: ImportSummary,
        *,
        source: str,
        machine: bool,
        options: ImportOptions | None = None,
        form: ReportForm | None = None,
    ) -> None:
        self.by = by
        self.source = source
        self.machine = machine
        self.options = options or ImportOptions()
        self.summary = summary
        self.catalogue = Catalogue(by, self.options.schemes, form)
        self.stored_by = by.pk if person_of(by) else None
        self.batch: dict[tuple, Report] = {}
        self.batch_values = 0
        self.reports = 0
        self.scope_paths: set[str] = set()  # where the units written are seen (the summary's)
        self.bumped: set[int] = set()
        self.touched: dict[tuple, int] = {}  # (form, unit, period) → submission id
        # The last word on each report's rules: checked again whenever more of
        # its values arrive, so a report split across batches is judged whole.
        self.broken_rules: dict[tuple, list[dict]] = {}
        self.delta = TotalsDelta()
        # (element, period, combo) → (target, option, any whole number fits, form id)
        self.where_to: dict[tuple, tuple] = {}
        self.numbers: dict[str, Decimal] = {}  # "14" → Decimal(14): the same few figures recur

    def refuse_report(self, report: Report, refusal: Refusal) -> None:
        where = report.where or refusal.object
        self.summary.conflict(replace(refusal, object=where).entry(list(report.indexes)))

    def read(self, number: int, raw) -> None:
        """Check one row on its own; keep it for the batch. `number` counts
        rows from 1; DHIS2's indexes count from 0. Runs once per value (a
        national year is 840,000 of them): what depends only on the data
        element, period and combo is worked out once per triple (`_where_to`)."""
        index = number - 1
        if not isinstance(raw, dict):
            message = _("Không phải một giá trị.")
            return self.summary.conflict(
                Refusal(str(raw)[:50], message, codes.VALUE_TYPE, "value").entry([index])
            )
        get = raw.get
        attribute = get("attributeOptionCombo")
        element, period, combo = get("dataElement"), get("period"), get("categoryOptionCombo")
        if not (
            element.__class__ is period.__class__ is str
            and combo.__class__ in (str, None.__class__)
        ):
            # a number, a list or an object where a name belongs: read as its text
            element, period, combo = str(element), str(period), str(combo or "")
        key = (element, period, combo)
        found = self.where_to.get(key)
        if found is None:
            found = self.where_to[key] = self._where_to(*key)
        target, option, any_whole, form_id = found
        if target.__class__ is Refusal:
            return self._refuse_row(index, raw, target)
        if attribute and (refusal := _foreign_attribute(raw)) is not None:
            return self._refuse_row(index, raw, refusal)
        if option.__class__ is Refusal:
            return self._refuse_row(index, raw, option)
        text = get("value")
        deleted = get("deleted")
        if deleted is not None and str(deleted).lower() == "true":
            text = None  # DHIS2's deleted value: delete it here too
        if text.__class__ is str and text.isdigit() and text.isascii() and len(text) < 15:
            # the usual cell ("14"): a whole number, only its bounds to check
            value = self.numbers.get(text)
            if value is None:
                value = Decimal(text)
                if len(self.numbers) < 10_000:
                    self.numbers[text] = value
            fits = any_whole or (
                value >= target.low and (target.high is None or value <= target.high)
            )
        else:
            try:
                value = parse_value(target.indicator, text, machine=self.machine)
            except ValueError as exc:
                return self._refuse_row(
                    index, raw, Refusal(str(text), str(exc), codes.VALUE_TYPE, "value")
                )
            fits = value is None
        code = target.indicator.code
        if not fits and (message := check_value(target.indicator, value)):
            refusal = Refusal(f"{code}={text}", message, codes.VALUE_TYPE, "value")
            return self._refuse_row(index, raw, refusal)
        comment = get("comment") or ""
        if comment:
            comment = str(comment).strip()
            if looks_like_formula(comment):
                refusal = Refusal(comment[:50], str(FORMULA_MESSAGE), codes.COMMENT, "comment")
                return self._refuse_row(index, raw, refusal)
            if len(comment) > MAX_COMMENT:
                message = _("Ghi chú dài quá %(max)s ký tự.") % {"max": MAX_COMMENT}
                refusal = Refusal(comment[:50], message, codes.COMMENT, "comment")
                return self._refuse_row(index, raw, refusal)
        unit_name = get("orgUnit")
        unit_name = unit_name.strip() if unit_name.__class__ is str else str(unit_name or "")
        period = target.period
        report_key = (form_id, unit_name, period.id)
        report = self.batch.get(report_key)
        if report is None:
            report = Report(target.spec, unit_name, period, number, get("_where") or "")
            self.batch[report_key] = report
        report.values[(code, option)] = value
        report.indexes.append(index)
        if comment:
            report.comments[code] = comment
        self.batch_values += 1

    def _where_to(
        self, element, period, combo
    ) -> tuple[Target | Refusal, str | Refusal | None, bool, int | None]:
        """Where a value of `element` for `period` in `combo` goes (its target
        and option code), or why no such value can be taken: the target's
        refusal comes before the option's (the attribute combo is checked
        between them). Then whether every whole number fits the target's
        bounds, and the id of its form."""
        target = self.catalogue.target(str(element), str(period))
        if isinstance(target, Refusal):
            return target, None, False, None
        named = str(combo or "").strip()
        option = self.catalogue.option(named)
        indicator = target.indicator
        if option is None or (option and option not in target.spec.options[indicator.code]):
            message = _("Phân tổ “%(option)s” không có ở chỉ tiêu %(code)s.") % {
                "option": named,
                "code": indicator.code,
            }
            code = codes.OPTION if option is None else codes.OPTION_NOT_OF_ELEMENT
            return target, Refusal(named, message, code, "categoryOptionCombo"), False, None
        any_whole = target.low <= 0 and target.high is None
        return target, option, any_whole, target.spec.form.id

    def _refuse_row(self, index: int, raw: dict, refusal: Refusal) -> None:
        """A row refused on its own; a workbook row says where it was."""
        where = raw.get("_where")
        if where:
            refusal = replace(refusal, object=where)
        self.summary.conflict(refusal.entry([index]))

    def flush(self) -> None:
        """Check the batch against the database and write it."""
        batch, self.batch, self.batch_values = self.batch, {}, 0
        reports = self._reports(batch)
        if not reports:
            return
        statuses = self._lock_reports(reports)
        stored = self._stored(reports)
        places = places_of({r.unit.id: r.unit for r in reports.values()}.values())
        self.scope_paths.update(place["scope_path"] for place in places.values())
        inserts, updates, deletes = [], [], []
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        indicator_ids = self.catalogue.indicator_ids
        counted = counted_indicators((r.unit.id, r.period.id) for r in reports.values())
        for key, report in reports.items():
            current = stored.get(key, {})
            plan = self._plan(report, current)
            if plan and statuses[key] not in EDITABLE and not self._reopened(report):
                # an unchanged value of a locked report changes nothing: ignored, not refused
                message = _(
                    "Báo cáo %(period)s của %(unit)s đã nộp hoặc đã duyệt; "
                    "cần mở lại trước khi sửa."
                ) % {"period": report.period.label, "unit": report.unit.name}
                where = f"{report.unit.code}/{report.period.id}"
                self.refuse_report(report, Refusal(where, message, codes.LOCKED, "period"))
                continue
            if not self._rules_hold(key, report, current, plan):
                continue
            if statuses[key] not in EDITABLE:  # reopened for the import: counts no more
                pair = (report.unit.id, report.period.id)
                counted = {c for c in counted if c[:2] != pair} | counted_indicators([pair])
            place = places[report.unit.id]
            period, unit_id, comments = report.period, report.unit.id, report.comments
            # the columns every value of the report shares, in VALUE_COLUMNS order
            # the date adapted once here, not by the driver for each value
            start = connection.ops.adapt_datefield_value(period.start)
            where = (unit_id, period.id, period.type, start)
            ancestry = (*(place[column] for column in PLACE_COLUMNS), self.stored_by, now)
            changes = []
            for (code, option), (row, value) in plan.items():
                indicator_id = indicator_ids[code]
                if row is None:
                    comment = comments.get(code, "") if comments else ""
                    inserts.append((indicator_id, *where, option, value, comment, *ancestry))
                    changes.append((indicator_id, None, value))
                    continue
                pk, old, old_comment = row
                if value is None:
                    deletes.append(pk)
                else:
                    updates.append((value, comments.get(code, old_comment), pk))
                changes.append((indicator_id, old, value))
            # totals count approved values only: a draft's change moves none
            changes = [c for c in changes if (unit_id, period.id, c[0]) in counted]
            self.delta.add_changes(period.type, period.start, place, changes)
        self._write(inserts, updates, deletes, now)
        self.summary.imported += len(inserts)
        self.summary.updated += len(updates)
        self.summary.deleted += len(deletes)

    def _plan(self, report: Report, current: dict) -> dict[tuple, tuple]:
        """What the import strategy makes of each value of the report:
        {(code, option): (stored row or None, new value or None to delete)}.
        A value left out (unchanged, or not for this strategy) is ignored."""
        strategy, skip_existing = self.options.strategy, self.options.skip_existing_check
        plan = {}
        for item, value in report.values.items():
            row = current.get(item)
            if row is not None and skip_existing:
                continue  # DHIS2 does not look: its insert of an existing value fails
            if strategy == DELETE:
                if row is not None:
                    plan[item] = (row, None)
            elif row is None:
                if value is not None and strategy != UPDATE:
                    plan[item] = (None, value)
            elif strategy == CREATE:
                continue
            elif value is None:
                plan[item] = (row, None)
            elif value != row[1] or report.comments.get(item[0], row[2]) != row[2]:
                plan[item] = (row, value)
        return plan

    def _reopened(self, report: Report) -> bool:
        """With `force`: a submitted or approved report reopened (returned)
        for the import, when the importer may review it; False otherwise."""
        if not self.options.force:
            return False
        submission = Submission.objects.select_related("unit", "form").get(
            form=report.spec.form, unit=report.unit, period=report.period.id
        )
        reviewer = submission.unit.parent or submission.unit
        if not can(self.by, APPROVE, reviewer.path):
            return False
        from antq.indicators.services import submission_return

        reason = _("Nhập dữ liệu với force=true (%(source)s)") % {"source": self.source}
        submission_return(by=self.by, submission=submission, reason=reason[:255], reopen=True)
        return True

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
                message = _("Không có đơn vị mã “%(code)s” trong %(period)s.") % {
                    "code": report.unit_code,
                    "period": report.period.label,
                }
                refusal = Refusal(report.unit_code, message, codes.ORG_UNIT, "orgUnit")
            elif not catalogue.may_edit(unit):
                message = _("Bạn không có quyền nhập số liệu cho %(unit)s.") % {"unit": unit.name}
                refusal = Refusal(report.unit_code, message, codes.NOT_IN_HIERARCHY, "orgUnit")
            elif unit.type not in form.unit_types:
                message = _("%(unit)s không báo cáo biểu %(form)s.") % {
                    "unit": unit.name,
                    "form": form.code,
                }
                refusal = Refusal(report.unit_code, message, codes.NOT_ASSIGNED, "orgUnit")
            else:
                report.unit = unit
                reports[(form.id, unit.id, report.period.id)] = report
                continue
            self.refuse_report(report, refusal)
        return reports

    def _lock_reports(self, reports: dict[tuple, Report]) -> dict[tuple, str]:
        """Each report's status, its row created if missing and locked (in id
        order) until commit, so none is submitted while the import writes. Every
        report the import touches moves to a new version, once, with an audit
        entry of its own (what a later edit based on the old version is told)."""
        state = self._locked(reports)
        missing = [key for key in reports if key not in state]
        created: set[int] = set()
        if missing:
            # written at the version a first move gives (2, as a first save does):
            # created at 1 and moved once, without a second write of the row
            inserted = insert_missing(
                Submission._meta.db_table,
                ("form_id", "unit_id", "period", "period_start", "status", "return_reason",
                 "version"),
                [(*key, reports[key].period.start, Submission.Status.DRAFT, "", 2)
                 for key in missing],
                returning=("form_id", "unit_id", "period", "id"),
            )  # fmt: skip
            for form, unit, period, pk in inserted:  # ours: locked until commit
                state[(form, unit, period)] = (pk, Submission.Status.DRAFT, 2)
                created.add(pk)
            if taken := [key for key in missing if key not in state]:  # another writer's
                state |= self._locked(taken)
        ids = {key: pk for key, (pk, _status, _version) in state.items()}
        self.touched.update(ids)
        fresh = {key: pk for key, pk in ids.items() if pk not in self.bumped}
        # an entry page opened before the import must not overwrite it unseen
        moved = [pk for pk in fresh.values() if pk not in created]
        Submission.objects.filter(pk__in=moved).update(version=F("version") + 1)
        before = {key: state[key][2] - (pk in created) for key, pk in fresh.items()}
        self._audit_versions(reports, fresh, before)
        self.bumped.update(fresh.values())
        self.reports = len(self.bumped)
        return {key: status for key, (_pk, status, _version) in state.items()}

    def _locked(self, keys) -> dict[tuple, tuple[int, str, int]]:
        """The existing reports among `keys` ((form, unit, period)), locked in
        id order: {key: (id, status, version)}, read and locked in one query."""
        rows = (
            Submission.objects.select_for_update()
            .filter(
                form_id__in={key[0] for key in keys},
                unit_id__in={key[1] for key in keys},
                period__in={key[2] for key in keys},
            )
            .order_by("pk")
            .values_list("form_id", "unit_id", "period", "pk", "status", "version")
        )
        wanted = set(keys)
        return {
            (form, unit, period): (pk, status, version)
            for form, unit, period, pk, status, version in rows
            if (form, unit, period) in wanted
        }

    def _audit_versions(self, reports: dict, fresh: dict[tuple, int], before: dict) -> None:
        """One entry per report moved to a new version (from `before[key]`),
        said as the report's own entry would say it (`Submission.__str__`),
        from what the batch holds: no report is read again or built as a
        model."""
        audit_rows(
            actor=self.by,
            action=AuditEntry.Action.UPDATE,
            rows=[
                AuditRow(
                    Submission._meta.label_lower,
                    str(pk),
                    f"{reports[key].spec.form.name}: {reports[key].unit.name}, "
                    f"{reports[key].period.label}",
                    reports[key].unit.path,
                    {"version": before[key]},
                    {"version": before[key] + 1},
                )
                for key, pk in fresh.items()
            ],
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

    def _rules_hold(self, key: tuple, report: Report, current: dict, plan: dict) -> bool:
        """Check the form's rules on the report as it will stand. Atomic: the
        problems are the report's last word, reported at the end (so a report
        split across batches is judged whole), and its values are written for
        the moment. Not atomic: a report that breaks a rule is not written."""
        merged: dict[str, dict[str, Decimal | None]] = {}
        for (code, option), (_pk, value, _comment) in current.items():
            merged.setdefault(code, {})[option] = value
        for (code, option), (_row, value) in plan.items():
            merged.setdefault(code, {})[option] = value
        problems = rule_problems(report.spec, totals(merged))
        entries = [
            Refusal(
                f"{report.unit.code}/{report.period.id}/{p.code}", p.message, codes.RULE, "value"
            ).entry(list(report.indexes))
            for p in problems
        ]
        if self.options.atomic:
            if entries:
                self.broken_rules[key] = entries
            else:
                self.broken_rules.pop(key, None)
            return True
        for entry in entries:
            self.summary.conflict(entry)
        return not entries

    def _write(self, inserts: list, updates: list, deletes: list, now) -> None:
        if inserts:
            insert_rows(DataValue._meta.db_table, VALUE_COLUMNS, inserts)
        if updates:
            q = connection.ops.quote_name
            table = q(DataValue._meta.db_table)
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"UPDATE {table} SET {q('value')} = %s, {q('comment')} = %s, "  # noqa: S608
                    f"{q('stored_by_id')} = %s, {q('updated_at')} = %s WHERE {q('id')} = %s",
                    [(value, comment, self.stored_by, now, pk) for value, comment, pk in updates],
                )
        if deletes:
            DataValue.objects.filter(pk__in=deletes).delete()
