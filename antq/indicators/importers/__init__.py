"""DHIS2 dataValueSets in and out.

Input is DHIS2's JSON (`{"dataValues": [{"dataElement", "period", "orgUnit",
"categoryOptionCombo", "value", "comment"}]}`) or its CSV with the same
columns, or the rows of a filled workbook (`spreadsheets`). dataElement is an
indicator code, orgUnit a unit code (resolved on the period's first day,
since codes were reused in 2025), categoryOptionCombo an optional
disaggregation option. The answer is DHIS2's import summary.

A national year is about 1.6 million values, so the file is read as a stream
(`payload.Payload`) and never held whole. Rows are checked one by one against
the catalogue read once (`rows`); every `BATCH` values, the batch's units,
reports and stored values are read in a few queries, the form's rules are
checked on the reports as they now stand, and the batch is written with one
statement per kind of change (`batch`), all inside one transaction. Any
conflict anywhere rolls the whole import back: all or nothing, with memory
bounded by the batch.
"""

from collections.abc import Callable, Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from antq.accounts.access import Actor
from antq.audit.models import AuditEntry
from antq.audit.services import audit_record
from antq.core.periods import Period
from antq.core.workflow import WrongState
from antq.indicators.importers import summary as codes
from antq.indicators.importers.batch import Import
from antq.indicators.importers.options import BadParameter, ImportOptions, read_options
from antq.indicators.importers.payload import MAX_VALUES, Payload, parse_payload
from antq.indicators.importers.summary import ImportSummary
from antq.indicators.models import DataValue, ReportForm, Submission
from antq.units.models import Unit
from antq.units.placement import common_scope

BATCH = 20_000  # values checked and written together

__all__ = [
    "BATCH",
    "MAX_VALUES",
    "BadParameter",
    "ImportOptions",
    "ImportSummary",
    "Payload",
    "parse_payload",
    "read_options",
    "reports_of",
    "values_export",
    "values_import",
]


class _RolledBack(Exception):
    pass


def values_import(
    *,
    by: Actor,
    rows: Iterable[dict],
    source: str = "dataValueSets",
    machine: bool = True,
    progress: Callable[[int, int], None] | None = None,
    options: ImportOptions | None = None,
    form: ReportForm | None = None,
    after: Callable[[Import], None] | None = None,
) -> ImportSummary:
    """Check every row, then keep all of them or none (or, not `atomic`, the
    valid ones). Submitted and approved reports are locked: their values are
    conflicts until the report is reopened. `rows` may be a `Payload` (a file
    read as a stream) or any iterable of dicts; `machine` says who wrote the
    values: a program (DHIS2 JSON or CSV: "1.5" is one and a half), or people
    (a workbook: "1.480" is 1480, "7,5" is 7.5). `options` are DHIS2's
    import parameters (`ImportOptions`): a dry run checks and counts
    everything and writes nothing. `form`: the set's data set, the only form
    its values may go to. `after(work)` runs last, inside the transaction
    (completing the form). `progress(done, total)` is told after each batch,
    in bytes for a `Payload`, in rows otherwise. Every report touched gets a
    new version and an audit entry, and the import one entry of its own."""
    options = options or ImportOptions()
    summary = ImportSummary(dry_run=options.dry_run, atomic=options.atomic)
    sized = len(rows) if hasattr(rows, "__len__") else 0

    def report_progress(count: int) -> None:
        if progress is None:
            return
        if isinstance(rows, Payload):
            progress(rows.position, rows.size)
        else:
            progress(count, sized or count)

    kept = False
    try:
        with transaction.atomic():
            work = Import(
                by, summary, source=source[:255], machine=machine, options=options, form=form
            )
            _read_all(work, rows, report_progress)
            if summary.conflicts and options.atomic:
                raise _RolledBack
            if after is not None:  # its refusals (completing the form) keep the values
                after(work)
            audit_record(
                actor=by,
                action=AuditEntry.Action.IMPORT,
                object_type="indicators.datavalue",
                object_repr=source[:255],
                unit_path=common_scope(work.scope_paths),
                note=source[:255],
                after={
                    "imported": summary.imported,
                    "updated": summary.updated,
                    "deleted": summary.deleted,
                    "conflicts": summary.conflict_count,
                    "reports": work.reports,
                    "options": options.as_dhis2(),
                },
            )
            report_progress(summary.total)
            # Totals once per (indicator, period, province), last: their locks last until commit.
            work.delta.apply()
            kept = True
            if options.dry_run:
                raise _RolledBack
    except _RolledBack:
        pass
    summary.close(kept=kept)
    return summary


def reports_of(work: Import, *, submit: bool = False) -> list[Submission]:
    """The reports an import's rows named, once their values are in (inside
    the import's transaction, as its `after`); with `submit`, each draft or
    returned one submitted too (a refusal is a conflict of the answer, with
    DHIS2's completeDate code, and the values stay: as completeDate does)."""
    from antq.indicators.services import submission_submit

    found = list(
        Submission.objects.select_related("unit", "form")
        .filter(pk__in=sorted(work.touched.values()))
        .order_by("pk")
    )
    if not submit:
        return found
    for submission in found:
        if submission.status == Submission.Status.SUBMITTED:
            continue  # a retried save-and-submit submits once
        try:
            submission_submit(by=work.by, submission=submission)
        except (ValidationError, PermissionDenied, WrongState) as exc:
            message = " ".join(getattr(exc, "messages", [str(exc)]))
            where = f"{submission.unit.code}/{submission.period}"
            work.summary.conflict({"object": where, "value": message, "errorCode": codes.COMPLETE})
    return found


def _read_all(work: Import, rows: Iterable[dict], report_progress) -> None:
    summary = work.summary
    count = 0
    try:
        for count, row in enumerate(rows, start=1):
            work.read(count, row)
            if work.batch_values >= BATCH:
                work.flush()
                report_progress(count)
    except ValueError as exc:  # the file itself cannot be read further
        summary.conflict({"object": work.source, "value": str(exc), "errorCode": codes.UNREADABLE})
    summary.total = count
    work.flush()
    for problems in work.broken_rules.values():
        for problem in problems:
            summary.conflict(problem)
    if not count and not summary.conflicts:
        nothing = _("Không có giá trị nào để nhập.")
        summary.conflict(
            {"object": work.source, "value": nothing, "errorCode": codes.VALUE_MISSING}
        )


def values_export(*, form: ReportForm, root: Unit, first: Period, last: Period) -> dict:
    """Values of `form` under `root` as a dataValueSets document (round trip):
    numbers as programs write them ("1480", "7.5")."""
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
                "value": format(value.normalize(), "f"),
                "comment": comment,
            }
            for code, period, unit, option, value, comment in rows
        ],
    }
