"""POST /api/dataValueSets: DHIS2's import, through antq's importer.

Parameters come from the query string and, as in DHIS2, from the set itself
(XML attributes, JSON keys), which win. Identifiers are DHIS2 UIDs unless an
id scheme says CODE (ADX: codes unless it says UID). The set's `dataSet`,
`period`, `orgUnit` and `attributeOptionCombo` are the defaults of its values;
`completeDate` completes (submits) the form once its values are in."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from antq.accounts.access import APPROVE, scope_paths
from antq.core.jobs import job_enqueue
from antq.core.periods import InvalidPeriod, parse
from antq.core.workflow import WrongState
from antq.indicators.dhis2.readers import ADX, kind_of, read_body
from antq.indicators.importers import ImportOptions, ImportSummary, read_options, values_import
from antq.indicators.importers import summary as codes
from antq.indicators.importers.options import CODE, UID, IdSchemes
from antq.indicators.models import ReportForm, Submission
from antq.indicators.services import submission_submit

RUNNER = "antq.indicators.dhis2.imports.run_import"
JOB_KIND = "DATAVALUE_IMPORT"
SET_PARAMETER_NAMES = {"strategy": "importStrategy"}  # the JSON set's own names


def request_options(query: dict[str, str], kind: str) -> ImportOptions:
    """The query's options over DHIS2's defaults (UID; CODE for ADX)."""
    base = ImportOptions(schemes=IdSchemes(id=CODE if kind == ADX else UID))
    return read_options(query, base=base)


def with_set_parameters(options: ImportOptions, parameters: dict[str, str]) -> ImportOptions:
    named = {SET_PARAMETER_NAMES.get(k, k): v for k, v in parameters.items()}
    return read_options(named, base=options)


def check_force(by, options: ImportOptions) -> None:
    """`force` reopens locked reports: only for who may reopen them."""
    if options.force and not scope_paths(by, APPROVE):
        raise PermissionDenied(_("force=true chỉ dành cho người có quyền mở lại báo cáo đã duyệt."))


def data_set_of(name: str, scheme: str) -> ReportForm | None:
    field = "uid" if scheme == UID else "code"
    return ReportForm.objects.filter(**{field: name}).first()


def rows_with_set_fields(rows: list[dict], fields: dict[str, str]) -> list[dict]:
    """Each value with the set's period, orgUnit and attributeOptionCombo
    where it has none of its own."""
    defaults = {
        k: fields[k] for k in ("period", "orgUnit", "attributeOptionCombo") if fields.get(k)
    }
    if not defaults:
        return rows
    return [defaults | {k: v for k, v in row.items() if v not in (None, "")} for row in rows]


def completer(by, form: ReportForm | None, fields: dict[str, str], summary_of):
    """What `completeDate` asks once the values are in: submit the set's
    report (a ValidationError or a wrong state becomes a conflict)."""
    complete = fields.get("completeDate")
    if not complete:
        return None

    def complete_form(work) -> None:
        summary = summary_of(work)
        if form is None or not fields.get("period") or not fields.get("orgUnit"):
            message = _("completeDate cần dataSet, period và orgUnit của cả bộ số liệu.")
            summary.conflict({"object": complete, "value": message, "errorCode": codes.COMPLETE})
            return
        try:
            period = parse(fields["period"])
        except InvalidPeriod:
            return  # the values of that period were refused already
        unit = work.catalogue.unit(fields["orgUnit"], period)
        submission = (
            unit and Submission.objects.filter(form=form, unit=unit, period=period.id).first()
        )
        if submission is None:
            return
        if submission.status == Submission.Status.SUBMITTED:
            summary.complete_date = complete
            return
        try:
            submission_submit(by=by, submission=submission)
        except (ValidationError, PermissionDenied, WrongState) as exc:
            message = " ".join(getattr(exc, "messages", [str(exc)]))
            where = f"{unit.code}/{period.id}"
            summary.conflict({"object": where, "value": message, "errorCode": codes.COMPLETE})
            return
        summary.complete_date = complete

    return complete_form


def import_body(*, by, data: bytes, content_type: str, query: dict, source: str):
    """Read, check and import a DHIS2 body. Returns (summary, options).
    Raises BadParameter, UnsupportedType, ValueError, PermissionDenied."""
    options = request_options(query, kind_of(content_type))
    body = read_body(data, content_type, first_row_is_header=options.first_row_is_header)
    options = with_set_parameters(options, body.parameters)
    check_force(by, options)
    form = None
    if body.fields.get("dataSet"):
        form = data_set_of(body.fields["dataSet"], options.schemes.of("data_set"))
        if form is None:
            return _unknown_data_set(body, options), options
    rows = rows_with_set_fields(body.rows, body.fields)
    return (
        values_import(
            by=by,
            rows=rows,
            source=source,
            options=options,
            form=form,
            after=completer(by, form, body.fields, lambda work: work.summary),
        ),
        options,
    )


def _unknown_data_set(body, options):
    summary = ImportSummary(dry_run=options.dry_run, atomic=True, total=len(body.rows))
    message = _("Không có biểu mẫu (dataSet) “%(name)s”.") % {"name": body.fields["dataSet"]}
    summary.conflict(
        {
            "object": body.fields["dataSet"],
            "value": message,
            "errorCode": codes.DATA_SET,
            "property": "dataSet",
        }
    )
    summary.close(kept=False)
    return summary


def enqueue_import(*, by, data: bytes, content_type: str, query: dict, ip_address: str | None):
    """`async=true`: the body kept with a job on the queue; DHIS2's answer
    names the task's status endpoint."""
    options = request_options(query, kind_of(content_type))
    check_force(by, options)
    return job_enqueue(
        kind=JOB_KIND,
        label=_("Nhập dataValueSets (DHIS2)"),
        by=by,
        runner=RUNNER,
        params={
            "content_type": content_type,
            "query": {k: v for k, v in query.items() if k != "async"},
        },
        payload=data,
        filename="dataValueSets",
        source="api",
        ip_address=ip_address,
    )


def run_import(job, progress) -> dict:
    """The queued import: the person who sent it, the parameters they sent.
    Its result is DHIS2's import summary."""
    from antq.audit.context import audit_context

    with job.payload.open("rb") as handle, audit_context(job.source or "api", job.ip_address):
        data = handle.read()
        summary, options = import_body(
            by=job.actor,
            data=data,
            content_type=job.params["content_type"],
            query=job.params["query"],
            source="API dataValueSets (async)",
        )
    return summary.as_dhis2(options.as_dhis2())
