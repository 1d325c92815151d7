"""`/api/v1/statistics`: DHIS2-compatible value import, roll-ups, and the
report workflow, through the same validator and services as the pages."""

from decimal import Decimal
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from antq.accounts.access import VIEW, get_for_user, is_system_admin
from antq.core.api import Day, ErrorOut
from antq.core.periods import InvalidPeriod, parse_range
from antq.indicators.importers import (
    BadParameter,
    parse_payload,
    read_options,
    reports_of,
    values_export,
    values_import,
)
from antq.indicators.models import Indicator, ReportForm, Submission
from antq.indicators.selectors import PeriodTooFine, rollup
from antq.indicators.services import submission_approve, submission_return, submission_submit
from antq.units.codes import UnitUsedOut, unit_from_code
from antq.units.models import Unit

router = Router(tags=["statistics"])


class IndicatorOut(Schema):
    code: str
    name: str
    unit_label: str
    value_type: str
    aggregation: str
    up_is_good: bool | None
    options: list[dict]
    formula: str


class RollupRowOut(Schema):
    unit: str | None
    name: str
    value: Decimal | None
    same_period_last_year: Decimal | None
    change_pct: Decimal | None


class RollupOut(Schema):
    unit_used: UnitUsedOut | None
    view: str
    period: str
    # true only when asked for (`include_submitted`): the figures then count
    # reports submitted and waiting for approval too, never drafts
    includes_submitted: bool = False
    rows: list[RollupRowOut]


class SubmissionOut(Schema):
    id: int
    form: str
    unit: str
    period: str
    status: str
    return_reason: str
    version: int

    @staticmethod
    def resolve_form(obj) -> str:
        return obj.form.code

    @staticmethod
    def resolve_unit(obj) -> str:
        return obj.unit.code


class SubmissionReasonIn(Schema):
    reason: str
    reopen: bool = Field(
        False,
        description="mở lại báo cáo đã duyệt để đính chính; thiếu mà báo cáo đã duyệt → 409",
    )


def _period(value: str):
    try:
        return parse_range(value)
    except InvalidPeriod as exc:
        raise ValidationError({"period": [str(exc)]}) from None


@router.get("/indicators", response=list[IndicatorOut])
def indicators_list(request):
    return list(Indicator.objects.filter(active=True))


@router.post("/dataValueSets", response={200: dict, 400: ErrorOut, 409: dict, 422: ErrorOut})
def data_value_sets(
    request,
    dryRun: bool = False,
    importStrategy: str = "CREATE_AND_UPDATE",
    atomicMode: str = "ALL",
    skipExistingCheck: bool = False,
    force: bool = False,
    idScheme: str = "CODE",
    dataElementIdScheme: str | None = None,
    orgUnitIdScheme: str | None = None,
    categoryOptionComboIdScheme: str | None = None,
    submit: bool = False,
):
    """DHIS2 dataValueSets as JSON or CSV (Content-Type text/csv), with codes
    as identifiers (or UIDs: `idScheme=UID`). All or nothing: any conflict
    answers 409 with the import summary and writes nothing (`atomicMode=NONE`:
    the valid values are written). `dryRun=true` writes nothing and answers
    what would happen; `importStrategy` is DHIS2's (CREATE, UPDATE,
    CREATE_AND_UPDATE, DELETE). Any other parameter is refused with 400.
    DHIS2 clients use `/api/dataValueSets` (docs/dhis2.md).

    antq's own additions: the answer's `reports` lists the reports the rows
    named (id, form, unit, period, status, version), so a client submits
    without looking the report up; `submit=true` saves and submits in one call
    (a report that cannot be submitted is a conflict with code ANTQ_COMPLETE,
    its values saved, as with DHIS2's completeDate)."""
    try:
        options = read_options({k: v for k, v in request.GET.items() if k != "submit"})
        if options.run_async:
            message = _("async chỉ có ở /api/dataValueSets (xem docs/dhis2.md).")
            raise BadParameter("async", message)
    except BadParameter as exc:
        error = {"loc": ["query", exc.name], "msg": str(exc), "type": "value_error"}
        return Status(400, {"detail": str(exc), "errors": [error]})
    try:
        rows = parse_payload(request.body, request.content_type or "application/json")
    except ValueError as exc:
        return Status(422, {"detail": str(exc), "errors": [{"loc": ["body"], "msg": str(exc)}]})
    reports: list[Submission] = []

    def after(work) -> None:
        reports.extend(reports_of(work, submit=submit and not options.dry_run))

    summary = values_import(
        by=request.auth, rows=rows, source="API dataValueSets", options=options, after=after
    )
    answer = summary.as_dhis2()
    if summary.written:
        answer["reports"] = [SubmissionOut.from_orm(r).dict() for r in reports]
    return Status(409 if summary.conflicts else 200, answer)


@router.get("/dataValueSets", response={200: dict, 404: ErrorOut, 422: ErrorOut})
def data_value_sets_export(
    request,
    dataSet: str,
    orgUnit: str,
    startPeriod: str,
    endPeriod: str,
    as_of: Day | None = None,
):
    """The values as reported: `orgUnit` is the unit of that code at the end of
    `endPeriod` (or `as_of`)."""
    form = ReportForm.objects.filter(code=dataSet).first()
    if form is None:
        raise Http404(_("Không có biểu mẫu %(code)s.") % {"code": dataSet})
    first, last = _period(startPeriod), _period(endPeriod)
    root = unit_from_code(request, orgUnit, view="published", period=last, as_of=as_of)
    return values_export(form=form, root=root, first=first, last=last)


@router.get("/rollup", response={200: RollupOut, 404: ErrorOut, 422: ErrorOut})
def rollup_view(
    request,
    indicator: str,
    period: str,
    unit: str | None = None,
    view: Literal["restated", "published"] = "restated",
    by_child: bool = True,
    as_of: Day | None = None,
    include_submitted: bool = False,
):
    """An indicator for a period under a unit (or the nation), per child unit,
    with the same period last year. `unit` is a code: restated, today's unit;
    published, the unit of that code in the period; `as_of` overrides both.
    `unit_used` names the unit the answer is about. Approved reports only;
    `include_submitted=true` counts reports submitted and waiting for
    approval too (never drafts), and the answer says so
    (`includes_submitted`)."""
    found = Indicator.objects.filter(code=indicator, active=True).first()
    if found is None:
        raise Http404(_("Không có chỉ tiêu %(code)s.") % {"code": indicator})
    the_period = _period(period)
    root = (
        unit_from_code(request, unit, view=view, period=the_period, as_of=as_of) if unit else None
    )
    if root is None and not is_system_admin(request.auth):
        raise Http404(_("Cần chỉ rõ đơn vị (toàn quốc chỉ dành cho quản trị hệ thống)."))
    try:
        rows = rollup(
            indicator=found,
            root=root,
            period=the_period,
            view=view,
            by_child=by_child,
            submitted=include_submitted,
        )
    except PeriodTooFine as exc:
        error = {"loc": ["query", "period"], "msg": str(exc)}
        return Status(422, {"detail": str(exc), "errors": [error]})
    codes = dict(_unit_codes(rows))
    return {
        "unit_used": root,
        "view": view,
        "period": the_period.id,
        "includes_submitted": include_submitted,
        "rows": [
            {
                "unit": codes.get(r.key),
                "name": r.name,
                "value": r.current,
                "same_period_last_year": r.previous,
                "change_pct": r.change_pct,
            }
            for r in rows
        ],
    }


def _unit_codes(rows):
    return Unit.objects.filter(pk__in=[r.key for r in rows if r.key]).values_list("pk", "code")


def _submission(request, pk: int) -> Submission:
    return get_for_user(
        Submission.objects.select_related("unit", "form"), request.auth, VIEW, pk=pk
    )


@router.post(
    "/submissions/{int:pk}/submit",
    response={200: SubmissionOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
)
def submissions_submit(request, pk: int):
    return submission_submit(by=request.auth, submission=_submission(request, pk))


@router.post(
    "/submissions/{int:pk}/approve",
    response={200: SubmissionOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
)
def submissions_approve(request, pk: int):
    return submission_approve(by=request.auth, submission=_submission(request, pk))


@router.post(
    "/submissions/{int:pk}/return",
    response={200: SubmissionOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
)
def submissions_return(request, pk: int, payload: SubmissionReasonIn):
    return submission_return(
        by=request.auth,
        submission=_submission(request, pk),
        reason=payload.reason,
        reopen=payload.reopen,
    )


@router.get("/submissions", response=list[SubmissionOut])
def submissions_list(request, form: str, period: str, status: str | None = None):
    _period(period)  # a malformed period is a 422, not an empty list
    found = Submission.objects.for_user(request.auth, VIEW).filter(form__code=form, period=period)
    if status:
        found = found.filter(status=status)
    return list(found.select_related("unit", "form")[:5000])
