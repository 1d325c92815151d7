"""Bulk import of team members from XLSX or CSV, all or nothing, and the
audited export of members (personal data: every export leaves an entry).

A row names the residential area by code; its team must exist. Every row
goes through the member validator; a member already on the team (same name
and birth year) is left as it is, so a file imported twice adds nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import IO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from antq.accounts.access import EDIT, Actor, can
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
from antq.core.vietnamese import NotANumber, fold, name_key, parse_integer
from antq.forces.models import Gender, Member, Role, Team
from antq.forces.services import MemberInput, member_add, member_check
from antq.units.placement import scope_of

AREA = Column("area", "Mã khu dân cư", required=True, width=14)
NAME = Column("full_name", "Họ và tên", required=True, width=26, max_length=120)
BIRTH = Column("birth_year", "Năm sinh", required=True, width=10)
GENDER = Column("gender", "Giới tính", required=True, width=10, choices=["Nam", "Nữ"])
ROLE = Column("role", "Chức danh", required=True, width=12, choices=[str(r.label) for r in Role])
APPOINTED = Column("appointed_on", "Ngày công nhận", required=True, width=14)
SINCE = Column("service_since", "Tham gia lực lượng từ", width=14)
ENDED = Column("ended_on", "Ngày thôi", width=12)
ALLOWANCE = Column("allowance", "Phụ cấp (đồng/tháng)", width=14, aliases=["Phụ cấp"])
COLUMNS = [AREA, NAME, BIRTH, GENDER, ROLE, APPOINTED, SINCE, ENDED, ALLOWANCE]
FIELD_COLUMN = {c.key: c for c in COLUMNS}
GENDERS = {name_key("Nam"): Gender.MALE, name_key("Nữ"): Gender.FEMALE}
ROLES = {name_key(str(r.label)): r.value for r in Role} | {r.value: r.value for r in Role}


@dataclass
class ImportResult:
    created: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.unchanged


def members_template() -> bytes:
    notes = [
        _("Mỗi dòng là một thành viên. Cột có dấu * là bắt buộc; ngày ghi dd/mm/yyyy."),
        _("Khu dân cư phải có Tổ bảo vệ an ninh, trật tự trước khi nhập thành viên."),
    ]
    header = [replace(c, header=f"{c.header} *") if c.required else c for c in COLUMNS]
    return write_workbook(
        [("Thanh vien", header, [])],
        title=_("Thành viên Tổ bảo vệ an ninh, trật tự"),
        notes=notes,
    )


@dataclass
class _Row:
    record: Record
    team: Team
    data: MemberInput


def _allowance(record: Record, refuse) -> Decimal:
    """Đồng a month as an office writes it ("1.300.000"); empty is none."""
    try:
        value = parse_integer(record.values.get("allowance", ""))
    except NotANumber as error:
        refuse(ALLOWANCE, str(error))
        return Decimal(0)
    if value is not None and value < 0:
        refuse(ALLOWANCE, _("Mức phụ cấp là số đồng, không âm."))
    return Decimal(value or 0)


def _validate(by: Actor, records: list[Record]) -> list[_Row]:
    errors: list[CellError] = []
    rows: list[_Row] = []
    teams = {
        t.unit.code: t
        for t in Team.objects.filter(dissolved_on__isnull=True).select_related("unit")
    }
    leaders: dict[int, int] = {}
    seen: dict[tuple, int] = {}
    for record in records:
        v = record.values
        problems: list[CellError] = []

        def refuse(column: Column, message: str, problems=problems, record=record) -> None:
            problems.append(error_at(record, column, message))

        team = teams.get(v.get("area", "").strip())
        if team is None:
            refuse(
                AREA,
                _("Khu dân cư mã %(code)s chưa có Tổ bảo vệ an ninh, trật tự.")
                % {"code": v.get("area", "")},
            )
        elif not can(by, EDIT, team.scope_path):
            refuse(AREA, _("Ngoài phạm vi của bạn."))
            team = None
        birth = v.get("birth_year", "").strip()
        if not birth.isdigit():
            refuse(BIRTH, _("Năm sinh là một số, ví dụ 1985."))
        gender = GENDERS.get(name_key(v.get("gender", "")))
        if gender is None:
            refuse(GENDER, _("Ghi Nam hoặc Nữ."))
        role = ROLES.get(name_key(v.get("role", ""))) or ROLES.get(v.get("role", "").strip())
        if role is None:
            refuse(ROLE, _("Ghi Tổ trưởng, Tổ phó hoặc Tổ viên."))
        dates = {}
        for column in (APPOINTED, SINCE, ENDED):
            text = v.get(column.key, "").strip()
            dates[column.key] = parse_day(text) if text else None
            if text and dates[column.key] is None:
                refuse(column, _("Ngày không hợp lệ; ghi theo dạng dd/mm/yyyy."))
        allowance = _allowance(record, refuse)
        if problems or team is None or dates["appointed_on"] is None:
            errors += problems
            continue
        data = MemberInput(
            full_name=v.get("full_name", ""),
            birth_year=int(birth),
            gender=gender,
            role=role,
            appointed_on=dates["appointed_on"],
            service_since=dates["service_since"],
            ended_on=dates["ended_on"],
            allowance=allowance,
        )
        key = (team.pk, fold(data.full_name), data.birth_year)
        if key in seen:
            errors.append(error_at(record, NAME, _("Trùng với dòng %(row)s.") % {"row": seen[key]}))
            continue
        seen[key] = record.row
        if Member.objects.filter(
            team=team,
            name_folded=fold(" ".join(data.full_name.split())),
            birth_year=data.birth_year,
        ).exists():
            rows.append(_Row(record, team, data))  # already there: counted, not written
            continue
        try:
            member_check(team, data)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors += [error_at(record, FIELD_COLUMN.get(field, NAME), m) for m in messages]
            continue
        if role == Role.LEADER and data.ended_on is None:
            if team.pk in leaders:
                errors.append(
                    error_at(
                        record,
                        ROLE,
                        _("Dòng %(row)s đã là tổ trưởng của tổ này.") % {"row": leaders[team.pk]},
                    )
                )
                continue
            leaders[team.pk] = record.row
        rows.append(_Row(record, team, data))
    if errors:
        raise TabularError(errors)
    return rows


def members_check(*, by: Actor, upload: IO[bytes], filename: str) -> list[_Row]:
    return _validate(by, read_records(upload, filename, COLUMNS))


def members_import(
    *,
    upload: IO[bytes],
    filename: str,
    by: Actor,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Import members from an XLSX/CSV upload, all or nothing. Raises TabularError."""
    rows = members_check(by=by, upload=upload, filename=filename)
    result = ImportResult()
    with transaction.atomic():
        for index, row in enumerate(rows, start=1):
            name = fold(" ".join(row.data.full_name.split()))
            if Member.objects.filter(
                team=row.team, name_folded=name, birth_year=row.data.birth_year
            ).exists():
                result.unchanged += 1
            else:
                member_add(by=by, team=row.team, data=row.data)
                result.created += 1
            if progress:
                progress(index, len(rows))
        audit_record(
            actor=by,
            action=AuditEntry.Action.IMPORT,
            object_type="forces.member",
            unit_path=scope_of(row.team.unit for row in rows),
            after={"file": filename, "created": result.created, "unchanged": result.unchanged},
            note=filename,
        )
    return result


def members_export(*, by: Actor, members, root_name: str) -> bytes:
    """The members as XLSX. Personal data: the export itself is audited (who,
    when, which subtree, how many)."""
    members = list(members)
    rows = [
        [
            m.team.unit.code,
            m.full_name,
            m.birth_year,
            m.get_gender_display(),
            m.get_role_display(),
            m.appointed_on.strftime("%d/%m/%Y"),
            m.service_since.strftime("%d/%m/%Y") if m.service_since else "",
            m.ended_on.strftime("%d/%m/%Y") if m.ended_on else "",
            int(m.allowance),
        ]
        for m in members
    ]
    audit_record(
        actor=by,
        action=AuditEntry.Action.EXPORT,
        object_type="forces.member",
        object_repr=_("Danh sách thành viên %(unit)s") % {"unit": root_name},
        unit_path=scope_of(m.team.unit for m in members),
        after={"members": len(rows), "at": timezone.now().isoformat()},
        note=root_name,
    )
    return write_workbook(
        [("Thanh vien", COLUMNS, rows)],
        title=_("Thành viên Tổ bảo vệ an ninh, trật tự: %(unit)s") % {"unit": root_name},
    )
