"""Bulk imports from XLSX or CSV, all or nothing, refusals reported by row
and column:

- a round's nomination list: every row checked like a nomination made on
  the page (its fields and the award type's eligibility rules);
- decisions already issued, with their recipients (backfill of the past):
  every decision checked like one recorded on the page, with no eligibility
  rule, each unit code read on the decision's date."""

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import IO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from antq.accounts.access import Actor, Refused
from antq.audit.models import AuditEntry
from antq.audit.services import audit_record
from antq.awards.models import AwardType, RecipientKind, Round
from antq.awards.selectors import record_units
from antq.awards.services import (
    AwardRecordInput,
    NominationInput,
    RecipientInput,
    award_record_check,
    award_record_create,
    nominate,
    nomination_check,
)
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
from antq.core.vietnamese import NotANumber, fold, name_key, parse_integer
from antq.units.selectors import units_for_entry

AWARD = Column("award_type", "Hình thức khen thưởng", required=True, width=40)
KIND = Column(
    "recipient_kind", "Đối tượng", required=True, width=12, choices=["Tập thể", "Cá nhân"]
)
UNIT = Column("unit", "Mã đơn vị", required=True, width=14)
NAME = Column("person_name", "Họ và tên", width=24, max_length=120)
BIRTH = Column("birth_year", "Năm sinh", width=10)
POSITION = Column("position", "Chức vụ", width=28)
YEARS = Column("years_of_service", "Số năm công tác", width=10)
ACHIEVEMENT = Column("achievement", "Thành tích", required=True, width=50, max_length=5000)
COLUMNS = [AWARD, KIND, UNIT, NAME, BIRTH, POSITION, YEARS, ACHIEVEMENT]
FIELD_COLUMN = {c.key: c for c in COLUMNS}
KINDS = {
    name_key("Tập thể"): RecipientKind.COLLECTIVE,
    name_key("Cá nhân"): RecipientKind.INDIVIDUAL,
}


@dataclass
class ImportResult:
    created: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.unchanged


def nominations_template(round: Round) -> bytes:
    awards = [a.name for a in AwardType.objects.filter(active=True)]
    header = [
        replace(c, header=f"{c.header} *") if c.required else c
        for c in (replace(c, choices=awards) if c.key == "award_type" else c for c in COLUMNS)
    ]
    notes = [_("Mỗi dòng là một đề nghị; cá nhân ghi họ tên, năm sinh, chức vụ.")]
    return write_workbook(
        [("De nghi", header, [])],
        title=_("Danh sách đề nghị khen thưởng: %(r)s") % {"r": round.name},
        notes=notes,
    )


@dataclass
class _Row:
    record: Record
    data: NominationInput


def _count(text: str) -> int | None:
    """A whole number not below 0, as an office writes it ("1.985" too), or
    None when empty; NotANumber otherwise."""
    value = parse_integer(text)
    if value is not None and value < 0:
        raise NotANumber(text)
    return value


def _validate(by: Actor, round: Round, records: list[Record]) -> list[_Row]:
    errors: list[CellError] = []
    rows: list[_Row] = []
    awards = {name_key(a.name): a for a in AwardType.objects.filter(active=True)}
    awards |= {name_key(a.code): a for a in AwardType.objects.filter(active=True)}
    units = units_for_entry(by)
    seen: dict[tuple, int] = {}
    for record in records:
        v = record.values
        problems: list[CellError] = []

        def refuse(column: Column, message: str, problems=problems, record=record) -> None:
            problems.append(error_at(record, column, message))

        award = awards.get(name_key(v.get("award_type", "")))
        if award is None:
            refuse(AWARD, _("Không có hình thức “%(v)s”.") % {"v": v.get("award_type", "")})
        kind = KINDS.get(name_key(v.get("recipient_kind", "")))
        if kind is None:
            refuse(KIND, _("Ghi Tập thể hoặc Cá nhân."))
        unit = units.filter(code=v.get("unit", "").strip(), valid_to__isnull=True).first()
        if unit is None:
            refuse(
                UNIT, _("Không có đơn vị mã %(c)s trong phạm vi của bạn.") % {"c": v.get("unit")}
            )
        birth = years = None
        try:
            birth = _count(v.get("birth_year", ""))
        except NotANumber:
            refuse(BIRTH, _("Năm sinh là một số, ví dụ 1985."))
        try:
            years = _count(v.get("years_of_service", ""))
        except NotANumber:
            refuse(YEARS, _("Phải là số nguyên không âm."))
        if problems:
            errors += problems
            continue
        data = NominationInput(
            award_type=award,
            recipient_kind=kind,
            unit=unit,
            achievement=v.get("achievement", ""),
            person_name=v.get("person_name", ""),
            birth_year=birth,
            position=v.get("position", ""),
            years_of_service=years,
        )
        key = (award.pk, kind, unit.pk, fold(data.person_name), birth)
        if key in seen:
            errors.append(
                error_at(
                    record,
                    NAME if data.person_name else UNIT,
                    _("Trùng với dòng %(row)s.") % {"row": seen[key]},
                )
            )
            continue
        seen[key] = record.row
        try:
            nomination_check(round, data)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors += [error_at(record, FIELD_COLUMN.get(field, AWARD), m) for m in messages]
            continue
        rows.append(_Row(record, data))
    if errors:
        raise TabularError(errors)
    return rows


def nominations_check(*, by: Actor, round: Round, upload: IO[bytes], filename: str) -> list[_Row]:
    """Every row checked like a nomination made on the page; raises
    WrongState once the round is closed, TabularError with every refusal."""
    Round.moves.check(round, "nominate")
    return _validate(by, round, read_records(upload, filename, COLUMNS))


def nominations_import(
    *,
    round: Round,
    upload: IO[bytes],
    filename: str,
    by: Actor,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Import a nomination list, all or nothing. Raises TabularError; the
    eligibility of each row is checked again as it is written (quotas count
    the rows before it)."""
    rows = nominations_check(by=by, round=round, upload=upload, filename=filename)
    result = ImportResult()
    with transaction.atomic():
        for index, row in enumerate(rows, start=1):
            try:
                nominate(by=by, round=round, data=row.data)
            except ValidationError as error:
                messages = [m for ms in error.message_dict.values() for m in ms]
                raise TabularError([error_at(row.record, AWARD, m) for m in messages]) from None
            result.created += 1
            if progress:
                progress(index, len(rows))
        audit_record(
            actor=by,
            action=AuditEntry.Action.IMPORT,
            obj=round,
            unit_path=round.unit.path,
            after={"file": filename, "created": result.created},
            note=filename,
        )
    return result


# --- decisions already issued, with their recipients ------------------------------
# One row per recipient; the decision's columns repeat on each of its rows (a
# decision is the rows with the same unit, authority, number, date and form).

R_UNIT = Column("record_unit", "Mã đơn vị ghi nhận", required=True, width=14, help="mã vào ngày ký")
R_AUTHORITY = Column("authority", "Cơ quan ban hành", required=True, width=30)
R_NUMBER = Column("number", "Số, ký hiệu", required=True, width=16, max_length=60)
R_DATE = Column("date", "Ngày ký", required=True, width=12, help="dd/mm/yyyy")
R_YEAR = Column("year", "Năm khen thưởng", width=10, help="để trống: năm của ngày ký")
R_AWARD = Column("award_type", "Hình thức khen thưởng", required=True, width=40)
R_SUMMARY = Column("summary", "Trích yếu", width=40, max_length=5000)
R_KIND = Column(
    "recipient_kind", "Đối tượng", required=True, width=12, choices=["Tập thể", "Cá nhân"]
)
R_RECIPIENT_UNIT = Column(
    "unit", "Mã đơn vị", required=True, width=14, help="tập thể, hoặc nơi cá nhân công tác"
)
R_NAME = Column("name", "Tên tập thể, họ và tên", width=30)
R_POSITION = Column("position", "Chức vụ", width=24)
R_BIRTH = Column("birth_year", "Năm sinh", width=10)
RECORD_COLUMNS = [
    R_UNIT, R_AUTHORITY, R_NUMBER, R_DATE, R_YEAR, R_AWARD, R_SUMMARY,
    R_KIND, R_RECIPIENT_UNIT, R_NAME, R_POSITION, R_BIRTH,
]  # fmt: skip
RECORD_FIELD_COLUMN = {
    "unit": R_UNIT,
    "authority": R_AUTHORITY,
    "number": R_NUMBER,
    "date": R_DATE,
    "year": R_YEAR,
    "award_type": R_AWARD,
}
RECIPIENT_FIELD_COLUMN = {
    "recipient_kind": R_KIND,
    "unit": R_RECIPIENT_UNIT,
    "name": R_NAME,
    "position": R_POSITION,
    "birth_year": R_BIRTH,
}


@dataclass
class RecordsImportResult:
    created: int = 0
    recipients: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.unchanged


def records_template() -> bytes:
    """The XLSX template: one row per collective or individual awarded."""
    awards = [a.name for a in AwardType.objects.all()]
    header = [
        replace(c, header=f"{c.header} *") if c.required else c
        for c in (
            replace(c, choices=awards) if c.key == "award_type" else c for c in RECORD_COLUMNS
        )
    ]
    notes = [
        _("Mỗi dòng là một tập thể hoặc cá nhân được khen; các cột của quyết định ghi lại ở "
          "mỗi dòng của quyết định đó. Ngày ghi dd/mm/yyyy."),
        _("Mã đơn vị là mã vào ngày ký quyết định (đơn vị trước sắp xếp năm 2025 dùng mã cũ)."),
        _("Quyết định đã ban hành là sự việc đã có: không xét điều kiện khen thưởng."),
    ]  # fmt: skip
    return write_workbook(
        [("Quyet dinh", header, [])],
        title=_("Quyết định khen thưởng đã ban hành"),
        notes=notes,
    )


@dataclass
class _RecordRows:
    records: list[Record]
    data: AwardRecordInput


def _record_row(record: Record, awards, units, refuse) -> tuple | None:
    """The decision key and the recipient of one row, or None once refused."""
    v = record.values
    day = parse_day(v.get("date", ""))
    if day is None:
        refuse(R_DATE, _("Ngày không hợp lệ; ghi theo dạng dd/mm/yyyy."))
    award = awards.get(name_key(v.get("award_type", "")))
    if award is None:
        refuse(R_AWARD, _("Không có hình thức “%(v)s”.") % {"v": v.get("award_type", "")})
    kind = KINDS.get(name_key(v.get("recipient_kind", "")))
    if kind is None:
        refuse(R_KIND, _("Ghi Tập thể hoặc Cá nhân."))
    year = birth = None
    try:
        year = _count(v.get("year", ""))
    except NotANumber:
        refuse(R_YEAR, _("Năm là một số, ví dụ 2019."))
    try:
        birth = _count(v.get("birth_year", ""))
    except NotANumber:
        refuse(R_BIRTH, _("Năm sinh là một số, ví dụ 1985."))
    if day is None:
        return None
    found = {}
    for column in (R_UNIT, R_RECIPIENT_UNIT):
        code = v.get(column.key, "").strip()
        found[column.key] = units.filter(code=code).valid_on(day).first()
        if found[column.key] is None:
            refuse(
                column,
                _("Không có đơn vị mã %(code)s vào ngày %(day)s trong phạm vi của bạn.")
                % {"code": code, "day": day.strftime("%d/%m/%Y")},
            )
    if award is None or kind is None or None in found.values():
        return None
    key = (found["record_unit"].pk, name_key(v["authority"]), name_key(v["number"]), day, award.pk)
    recipient = RecipientInput(
        recipient_kind=kind,
        unit=found["unit"],
        name=v.get("name", ""),
        position=v.get("position", ""),
        birth_year=birth,
    )
    decision = AwardRecordInput(
        unit=found["record_unit"],
        authority=v["authority"],
        number=v["number"],
        date=day,
        award_type=award,
        year=year,
        summary=v.get("summary", ""),
    )
    return key, decision, recipient


def _group_records(by: Actor, records: list[Record]) -> tuple[list[_RecordRows], list[CellError]]:
    """The rows that read as recipients grouped by decision, and the
    refusals of those that do not."""
    errors: list[CellError] = []
    groups: dict[tuple, _RecordRows] = {}
    awards = {name_key(a.name): a for a in AwardType.objects.all()}
    awards |= {name_key(a.code): a for a in AwardType.objects.all()}
    units = record_units(by)
    for record in records:

        def refuse(column: Column, message: str, record=record) -> None:
            errors.append(error_at(record, column, message))

        parsed = _record_row(record, awards, units, refuse)
        if parsed is None:
            continue
        key, decision, recipient = parsed
        group = groups.setdefault(key, _RecordRows([], decision))
        group.records.append(record)
        group.data.recipients.append(recipient)
        if not group.data.summary and decision.summary:
            group.data.summary = decision.summary
    return list(groups.values()), errors


def _check_group(by: Actor, group: _RecordRows) -> list[CellError]:
    """The errors of one decision, each on the row and column it concerns."""
    try:
        award_record_check(by=by, data=group.data)
    except ValidationError as error:
        problems = []
        for field, messages in error.message_dict.items():
            parts = field.split(".")
            if parts[0] == "recipients" and len(parts) == 3:
                row = group.records[int(parts[1]) - 1]
                column = RECIPIENT_FIELD_COLUMN.get(parts[2], R_RECIPIENT_UNIT)
            else:
                row, column = group.records[0], RECORD_FIELD_COLUMN.get(field, R_NUMBER)
            problems += [error_at(row, column, m) for m in messages]
        return problems
    except Refused as refused:
        return [error_at(group.records[0], R_UNIT, str(refused))]
    return []


def records_check(*, by: Actor, upload: IO[bytes], filename: str) -> list[_RecordRows]:
    """Read and check an upload of recorded decisions without writing: each
    decision checked like one recorded on the page (no eligibility rule),
    each unit code read on the decision's date. Raises TabularError."""
    groups, errors = _group_records(by, read_records(upload, filename, RECORD_COLUMNS))
    errors += [problem for group in groups for problem in _check_group(by, group)]
    if errors:
        raise TabularError(sorted(errors, key=lambda e: (e.row, e.letter)))
    return groups


def records_import(
    *,
    upload: IO[bytes],
    filename: str,
    by: Actor,
    progress: Callable[[int, int], None] | None = None,
) -> RecordsImportResult:
    """Import decisions already issued with their recipients, all or
    nothing: every decision through `award_record_create` (audited), plus
    one entry for the import. Raises TabularError (nothing written)."""
    groups = records_check(by=by, upload=upload, filename=filename)
    result = RecordsImportResult()
    with transaction.atomic():
        for index, group in enumerate(groups, start=1):
            award_record_create(by=by, data=group.data)
            result.created += 1
            result.recipients += len(group.data.recipients)
            if progress:
                progress(index, len(groups))
        audit_record(
            actor=by,
            action=AuditEntry.Action.IMPORT,
            object_type="awards.awardrecord",
            after={"file": filename, "created": result.created, "recipients": result.recipients},
            note=filename,
        )
    return result
