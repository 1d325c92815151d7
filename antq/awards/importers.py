"""Bulk import of a round's nomination list from XLSX or CSV, all or nothing:
every row is checked like a nomination made on the page (its fields and the
award type's eligibility rules), refusals reported by row and column."""

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import IO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from antq.accounts.access import Actor
from antq.audit.models import AuditEntry
from antq.audit.services import audit_record
from antq.awards.models import AwardType, RecipientKind, Round
from antq.awards.services import NominationInput, nominate, nomination_check
from antq.core.tabular import (
    CellError,
    Column,
    Record,
    TabularError,
    error_at,
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
