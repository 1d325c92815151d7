"""A commune imports its residential areas' self-assessments from one workbook.

One row per residential area, one column per criterion ("Đạt" / "Không đạt",
or a number), the meeting, and whether to submit. Validated whole; nothing is
written on any error; each row then goes through the same services as the form.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from antq.accounts.access import Actor
from antq.assessments.models import Assessment, Campaign, Criterion, Target
from antq.assessments.services.criteria import criteria_for
from antq.assessments.services.workflow import (
    assessment_save,
    assessment_start,
    assessment_submit,
)
from antq.audit.models import AuditEntry
from antq.audit.services import audit_record
from antq.core.tabular import (
    CellError,
    Column,
    Record,
    TabularError,
    error_at,
    parse_day,
    read_records,
    write_workbook,
)
from antq.core.vietnamese import NotANumber, name_key, parse_number
from antq.core.workflow import WrongState
from antq.units.models import Unit

YES = {name_key(v) for v in ("Đạt", "Có", "x", "1")}
NO = {name_key(v) for v in ("Không đạt", "Không", "0")}
CODE = Column("code", "Mã khu dân cư", required=True, width=14)
NAME = Column("name", "Tên khu dân cư", width=28)
MEETING_DATE = Column("meeting_date", "Ngày họp", width=12, help="dd/mm/yyyy")
CHAIR = Column("chair", "Chủ trì", width=22, max_length=150)
SUBMIT = Column(
    "submit",
    "Nộp",
    width=8,
    choices=["Có", "Không"],
    help="Có: nộp hồ sơ cho cấp xét duyệt; Không: lưu nháp.",
)


@dataclass
class ImportResult:
    saved: int = 0
    submitted: int = 0


def _columns(campaign: Campaign) -> tuple[list[Column], list[Criterion]]:
    criteria = [
        c
        for c in criteria_for(
            year=campaign.year, target=Target.RESIDENTIAL_AREA, province=campaign.province
        )
        if c.kind != Criterion.Kind.COMPUTED or c.source == Criterion.Source.CRIME_DECREASE
    ]
    columns = [CODE, NAME]
    for criterion in criteria:
        choices = [] if criterion.kind == Criterion.Kind.NUMBER else ["Đạt", "Không đạt"]
        columns.append(
            Column(
                f"c_{criterion.code}",
                f"Tiêu chí {criterion.code}",
                width=12,
                help=criterion.text[:250],
                choices=choices,
            )
        )
    return [*columns, MEETING_DATE, CHAIR, SUBMIT], criteria


def assessments_template(campaign: Campaign, commune: Unit) -> bytes:
    columns, _criteria = _columns(campaign)
    areas = commune.children.filter(type=Unit.Type.RESIDENTIAL_AREA, valid_to__isnull=True)
    rows = [[a.code, a.name] + [""] * (len(columns) - 2) for a in areas.order_by("name_folded")]
    return write_workbook(
        [("Tu danh gia", columns, rows)],
        title=_("Kết quả tự đánh giá năm %(year)s của các khu dân cư thuộc %(commune)s")
        % {"year": campaign.year, "commune": commune.name},
        notes=[_("Ghi “Đạt” hoặc “Không đạt” cho từng tiêu chí; tiêu chí số liệu ghi số.")],
    )


def _validate(campaign: Campaign, commune: Unit, records: list[Record], columns, criteria):
    by_key = {c.key: c for c in columns}
    areas = {
        u.code: u
        for u in commune.children.filter(type=Unit.Type.RESIDENTIAL_AREA, valid_to__isnull=True)
    }
    locked = set(  # submitted or decided: no longer open to the "edit" move
        Assessment.objects.filter(campaign=campaign, unit__in=areas.values())
        .exclude(status__in=Assessment.moves["edit"].sources)
        .values_list("unit__code", flat=True)
    )
    errors: list[CellError] = []
    rows = []
    seen: dict[str, int] = {}
    for record in records:
        values = record.values
        code = values.get("code", "")
        unit = areas.get(code)
        if unit is None:
            errors.append(
                error_at(
                    record,
                    CODE,
                    _("Không có khu dân cư mã “%(code)s” thuộc %(commune)s.")
                    % {"code": code, "commune": commune.name},
                )
            )
        elif code in locked:
            errors.append(
                error_at(
                    record,
                    CODE,
                    _("Hồ sơ của %(unit)s đã nộp, không sửa được.") % {"unit": unit.name},
                )
            )
        if code in seen:
            errors.append(
                error_at(record, CODE, _("Mã trùng với dòng %(row)s.") % {"row": seen[code]})
            )
        seen[code] = record.row
        answers = {}
        for criterion in criteria:
            column = by_key[f"c_{criterion.code}"]
            raw = values.get(column.key, "")
            if not raw:
                continue
            if criterion.kind == Criterion.Kind.NUMBER:
                try:
                    number = parse_number(raw)
                except NotANumber as error:
                    errors.append(error_at(record, column, str(error)))
                    continue
                answers[criterion.pk] = {"number": number}
            elif name_key(raw) in YES or name_key(raw) in NO:
                answers[criterion.pk] = {"met": name_key(raw) in YES}
            else:
                errors.append(error_at(record, column, _("Ghi “Đạt” hoặc “Không đạt”.")))
        day = parse_day(values.get("meeting_date", "")) if values.get("meeting_date") else None
        if values.get("meeting_date") and day is None:
            errors.append(error_at(record, MEETING_DATE, _("Ngày phải có dạng dd/mm/yyyy.")))
        submit = name_key(values.get("submit", "")) in {name_key("Có"), "x", "1"}
        rows.append(
            (
                record,
                unit,
                answers,
                {"date": day, "chair": values.get("chair", ""), "attendees": ""},
                submit,
            )
        )
    if errors:
        raise TabularError(errors)
    return rows


def assessments_import(
    *,
    campaign: Campaign,
    commune: Unit,
    upload: IO[bytes],
    filename: str,
    by: Actor,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Import the residential areas' self-assessments of `commune`, all or nothing.
    Raises TabularError with every problem found (a row whose file moved on
    meanwhile among them), or Refused (a row `by` may not enter)."""
    columns, criteria = _columns(campaign)
    records = read_records(upload, filename, columns)
    rows = _validate(campaign, commune, records, columns, criteria)
    result = ImportResult()
    with transaction.atomic():
        for index, (record, unit, answers, meeting, submit) in enumerate(rows, start=1):
            try:
                assessment = assessment_start(by=by, campaign=campaign, unit=unit)
                assessment_save(by=by, assessment=assessment, answers=answers, meeting=meeting)
                result.saved += 1
                if submit:
                    assessment_submit(by=by, assessment=assessment)
                    result.submitted += 1
            except (ValidationError, WrongState) as error:
                messages = error.messages if isinstance(error, ValidationError) else [str(error)]
                raise TabularError([CellError(record.row, "", "; ".join(messages))]) from None
            if progress:
                progress(index, len(rows))
        audit_record(
            actor=by,
            action=AuditEntry.Action.IMPORT,
            obj=commune,
            unit_path=commune.path,
            note=filename,
            after={
                "file": filename,
                "saved": result.saved,
                "submitted": result.submitted,
                "year": campaign.year,
            },
        )
    return result
