"""Writes of movement reports, each audited and in one transaction: draft
(figures read from live data), refresh the figures, edit the narrative, quote
a lower level's issued report, issue (numbered, signed, DOCX and PDF frozen)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from antq.accounts.access import APPROVE, EDIT, Actor, require
from antq.audit.models import AuditEntry
from antq.audit.services import audit_record, snapshot
from antq.audit.versions import bump, lock_current
from antq.core.actors import person_of
from antq.core.periods import SIX_MONTHLY, YEARLY, InvalidPeriod, Period, parse
from antq.core.richtext import placeholders
from antq.core.vietnamese import format_date
from antq.documents.authority import rule_for, signing_form_of
from antq.documents.services import document_create, document_issue, document_update
from antq.reports.documents import SOURCE, subject
from antq.reports.drafting import draft_figures
from antq.reports.models import Report, ReportTemplate
from antq.units.models import PUBLISHED, RESTATED, Unit
from antq.units.placement import unit_carrier

REPORT_FIELDS = ["unit_id", "period", "view", "status", "drafted_at", "document_id", "version"]
Progress = Callable[[int, int], None]


def _require_writer(by: Actor, unit: Unit | None) -> None:
    """The unit's officers write its report; the nation's (unit None) is the
    system administrators'; a closed unit's, the officers of today's unit
    carrying its past (`Unit.carrier_path`: Tỉnh Vĩnh Long for Tỉnh Bến Tre)."""
    where = (unit.carrier_path or unit.path) if unit is not None and not unit.is_open else unit
    require(by, EDIT, where, _("Bạn không lập báo cáo cho đơn vị này."))


def _closed_unit_errors(unit: Unit, period: Period, view: str) -> dict[str, list[str]]:
    """A closed province's or commune's report is drafted today only as it was
    (as published, its own units of the time) and for a period it lived in;
    otherwise the refusal names today's unit carrying its past."""
    carrier = unit_carrier(unit)
    values = {
        "unit": unit.name,
        "end": format_date(unit.valid_to),
        "carrier": f"{carrier.name} ({_('mã')} {carrier.code})" if carrier else _("đơn vị kế thừa"),
    }
    if period.start > unit.valid_to:
        return {
            "period": [
                _("%(unit)s chỉ tồn tại đến %(end)s: báo cáo %(period)s lập cho %(carrier)s.")
                % (values | {"period": period.label.lower()})
            ]
        }
    if view != PUBLISHED:
        return {
            "view": [
                _(
                    "%(unit)s chỉ hoạt động đến %(end)s; số liệu tính theo đơn vị hiện nay "
                    "nằm trong báo cáo của %(carrier)s. Chọn “Như đã công bố” để lập báo cáo "
                    "của %(unit)s theo đơn vị khi đó."
                )
                % values
            ]
        }
    return {}


def report_check(
    *, by: Actor, unit: Unit | None, period: str, view: str = RESTATED, template=None
) -> tuple[Period, ReportTemplate]:
    """Whether `by` may start a report for `unit` and `period` now: the parsed
    period and the template; Refused, or ValidationError with the Vietnamese
    refusals (nothing is written)."""
    _require_writer(by, unit)
    errors: dict[str, list[str]] = {}
    try:
        parsed = parse(period)
    except InvalidPeriod as exc:
        raise ValidationError({"period": [str(exc)]}) from None
    if parsed.type not in {SIX_MONTHLY, YEARLY}:
        errors["period"] = [_("Báo cáo sơ kết, tổng kết lập cho 6 tháng (2026S1) hoặc năm (2026).")]
    elif parsed.start > timezone.localdate():
        errors["period"] = [_("Kỳ %(p)s chưa bắt đầu.") % {"p": parsed.label}]
    if unit is not None and unit.type not in {Unit.Type.PROVINCE, Unit.Type.COMMUNE}:
        errors["unit"] = [_("Báo cáo lập cho tỉnh, thành phố hoặc xã, phường.")]
    if view not in Report.View.values:
        errors["view"] = [_("Cách tính số liệu không hợp lệ.")]
    elif unit is not None and not unit.is_open and not errors:
        errors |= _closed_unit_errors(unit, parsed, view)
    template = template or ReportTemplate.objects.filter(is_default=True).first()
    if template is None:
        errors["template"] = [_("Chưa có mẫu báo cáo mặc định (cấu hình trong trang quản trị).")]
    if not errors:
        existing = Report.objects.filter(unit=unit, period=parsed.id, template=template).first()
        if existing is not None:
            errors["period"] = [
                _("Đã có báo cáo %(p)s của đơn vị này (%(s)s).")
                % {"p": parsed.label.lower(), "s": existing.get_status_display().lower()}
            ]
    if errors:
        raise ValidationError(errors)
    return parsed, template


def report_create(
    *,
    by: Actor,
    unit: Unit | None,
    period: str,
    view: str = RESTATED,
    template: ReportTemplate | None = None,
    progress: Progress | None = None,
) -> Report:
    """A draft for `unit` (None: the nation) and `period` (2026S1 or 2026),
    its figures read now and each narrative section holding its placeholder."""
    parsed, template = report_check(by=by, unit=unit, period=period, view=view, template=template)
    figures = draft_figures(
        template=template, root=unit, period=parsed, view=view, progress=progress
    )
    narrative = {
        section.key: section.placeholder
        for section in template.sections.all()
        if section.placeholder and section.applies_to(parsed.id)
    }
    report = Report(
        template=template,
        unit=unit,
        scope_path=unit.path if unit else "",
        period=parsed.id,
        view=view,
        figures=figures,
        drafted_at=timezone.now(),
        narrative=narrative,
        created_by=person_of(by),
    )
    try:
        with transaction.atomic():
            report.save()
            audit_record(
                actor=by,
                action=AuditEntry.Action.CREATE,
                obj=report,
                unit_path=report.scope_path,
                after=snapshot(report, REPORT_FIELDS),
            )
    except IntegrityError:  # the same draft created a moment ago by someone else
        raise ValidationError(
            {"period": [_("Đã có báo cáo %(p)s của đơn vị này.") % {"p": parsed.label.lower()}]}
        ) from None
    return report


def _audited(by: Actor, report: Report, before: dict, note: str) -> None:
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=report,
        unit_path=report.scope_path,
        before=before,
        after=snapshot(report, REPORT_FIELDS),
        note=note,
    )


@transaction.atomic
def report_refresh(
    *,
    by: Actor,
    report: Report,
    expected_version: int | None = None,
    progress: Progress | None = None,
) -> Report:
    """Read the draft's figures again from today's data. Raises Refused,
    WrongState once issued, StaleVersion."""
    _require_writer(by, report.unit)
    lock_current(report, expected_version=expected_version)
    Report.moves.check(report, "refresh")
    before = snapshot(report, REPORT_FIELDS)
    report.figures = draft_figures(
        template=report.template,
        root=report.unit,
        period=parse(report.period),
        view=report.view,
        progress=progress,
    )
    report.drafted_at = timezone.now()
    bump(report)
    report.save()
    _audited(by, report, before, _("Cập nhật số liệu"))
    return report


def narrative_keys(report: Report) -> list[str]:
    return [
        s.key
        for s in report.template.sections.all()
        if s.placeholder and s.applies_to(report.period)
    ]


@transaction.atomic
def report_edit(
    *, by: Actor, report: Report, narrative: dict[str, str], expected_version: int | None = None
) -> Report:
    """Save the narrative sections given (the others stay as they were).
    Raises Refused, WrongState once issued, StaleVersion, ValidationError."""
    _require_writer(by, report.unit)
    lock_current(report, expected_version=expected_version)
    Report.moves.check(report, "edit")
    allowed = set(narrative_keys(report))
    unknown = sorted(set(narrative) - allowed)
    if unknown:
        raise ValidationError({"narrative": [_("Không có mục %(k)s.") % {"k": ", ".join(unknown)}]})
    too_long = [key for key, text in narrative.items() if len(text) > 50_000]
    if too_long:
        raise ValidationError({"narrative": [_("Mỗi mục viết tối đa 50.000 ký tự.")]})
    changed = {k: v.strip() for k, v in narrative.items() if report.narrative.get(k) != v.strip()}
    if not changed:
        return report
    before = {k: report.narrative.get(k, "") for k in changed}
    report.narrative = {**report.narrative, **changed}
    bump(report)
    report.save()
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=report,
        unit_path=report.scope_path,
        before={"narrative": before},
        after={"narrative": changed, "version": report.version},
        note=_("Sửa nội dung"),
    )
    return report


def quotable(report: Report):
    """The issued reports of the same period one level below, to quote from."""
    if report.unit is None:
        return Report.objects.filter(
            period=report.period, status=Report.Status.ISSUED, unit__parent__isnull=True
        ).select_related("unit")
    return Report.objects.filter(
        period=report.period, status=Report.Status.ISSUED, unit__parent=report.unit
    ).select_related("unit")


@transaction.atomic
def report_quote(
    *, by: Actor, report: Report, key: str, source: Report, expected_version: int | None = None
) -> Report:
    """Append `source`'s section `key` (an issued report of a unit one level
    below) to the same section of `report`, naming where it comes from.
    Raises as `report_edit` does."""
    _require_writer(by, report.unit)
    Report.moves.check(report, "edit")
    text = source.narrative.get(key, "").strip()
    if not quotable(report).filter(pk=source.pk).exists():
        raise ValidationError(
            {"source": [_("Chỉ trích được báo cáo đã ban hành cùng kỳ của đơn vị trực thuộc.")]}
        )
    if key not in narrative_keys(report) or not text:
        raise ValidationError({"key": [_("Mục này không có nội dung để trích.")]})
    current = report.narrative.get(key, "")
    if expected_version is None:
        expected_version = report.version
    addition = f"**Theo báo cáo của {source.unit.name}:**\n{text}"
    return report_edit(
        by=by,
        report=report,
        narrative={key: f"{current}\n{addition}".strip()},
        expected_version=expected_version,
    )


def _unwritten(report: Report, section) -> bool:
    """A narrative section still empty or holding a […] placeholder."""
    text = report.narrative.get(section.key, "")
    if not section.placeholder or not section.applies_to(report.period):
        return False
    return not text.strip() or bool(placeholders(text))


@dataclass
class IssueInput:
    """How the report is issued: a number left out is the register's next
    one, a signer left out the holder of the title on the date."""

    date: date
    number: int | None = None
    signer_name: str = ""
    signer_title: str = ""
    signing_form: str | None = None
    place: str = ""
    recipients: str | None = None


@transaction.atomic
def report_issue(
    *, by: Actor, report: Report, data: IssueInput, expected_version: int | None = None
) -> Report:
    """Issue the report as a document of the outgoing register (numbered,
    dated, signed; its DOCX and PDF made once after the commit and kept, so
    later corrections of the data never change what was issued). Raises
    Refused, WrongState once issued, StaleVersion, ValidationError."""
    if report.unit is not None and not report.unit.is_open:
        raise ValidationError(
            {
                "date": [
                    _(
                        "%(unit)s chỉ hoạt động đến %(end)s: báo cáo lập sau từ số liệu đã "
                        "nhập chỉ để tra cứu, không ban hành."
                    )
                    % {"unit": report.unit.name, "end": format_date(report.unit.valid_to)}
                ]
            }
        )
    require(
        by,
        APPROVE,
        report.unit,
        _("Chỉ lãnh đạo, cán bộ xét duyệt của đơn vị ban hành báo cáo."),
    )
    lock_current(report, expected_version=expected_version)
    Report.moves.check(report, "issue")
    errors: dict[str, list[str]] = {}
    unwritten = [s for s in report.template.sections.all() if _unwritten(report, s)]
    if unwritten:
        message = _("Mục %(n)s. %(h)s còn chỗ chưa viết (trong dấu […]).")
        errors["narrative"] = [message % {"n": s.number, "h": s.heading} for s in unwritten]
    period = parse(report.period)
    if data.date < period.start:
        errors["date"] = [
            _("Ngày ban hành trước ngày bắt đầu kỳ báo cáo (%(d)s).")
            % {"d": format_date(period.start)}
        ]
    if errors:
        raise ValidationError(errors)
    before = snapshot(report, REPORT_FIELDS)
    signing = {
        "signer_name": data.signer_name,
        "signing_form": signing_form_of(data.signing_form, rule_for("report", report.unit)),
        "signer_title": data.signer_title.strip() or None,
        "place": data.place,
    }
    document = report.document
    if document is None:
        document = document_create(
            by=by,
            unit=report.unit,
            purpose="report",
            source_kind=SOURCE,
            source_id=report.pk,
            subject=subject(report),
            number=data.number,
            day=data.date,
            recipients=data.recipients,
            **signing,
        )
    else:
        changes = {k: v for k, v in signing.items() if v not in (None, "")}
        if data.recipients is not None:
            changes["recipients"] = data.recipients
        document = document_update(
            by=by, document=document, number=data.number, date=data.date, **changes
        )
    report.document = document_issue(by=by, document=document, day=data.date, number=data.number)
    Report.moves.apply(report, "issue")
    bump(report)
    report.save()
    _audited(by, report, before, _("Ban hành"))
    return report
