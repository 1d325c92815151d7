"""Records of award decisions already issued (“Ghi nhận quyết định đã ban
hành”): a decision of any authority, before antq or outside it, with its
collective and individual recipients and the scanned original.

Rules:
- the decision is a fact: no eligibility rule judges it; only what makes it
  a record is checked (its number, a date that has come, the year it counts
  in, a form that gives what it gives: a flag to collectives only);
- the recording unit and every recipient's unit existed on the decision's
  date, and the recipients lie within the recording unit (as it was then);
- a decision is recorded once by a unit (number, date and form);
- whoever may edit where the recording unit is carried today records it.
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from antq.accounts.access import EDIT, Actor, require
from antq.audit.models import AuditEntry
from antq.audit.services import audit_record, snapshot
from antq.audit.versions import bump, lock_current
from antq.awards.models import AwardRecipient, AwardRecord, AwardType, RecipientKind
from antq.core.actors import person_of
from antq.core.dates import future_date_message
from antq.core.vietnamese import fold, format_date
from antq.units.models import Unit
from antq.units.placement import place, unit_place

RECORD_FIELDS = [
    "unit_id",
    "authority",
    "number",
    "date",
    "year",
    "award_type_id",
    "summary",
    "version",
]
YEARS_BACK = 5  # an award decided in 2020 may count for the achievements of 2015–2020
MAX_ORIGINAL_BYTES = 20 * 1024 * 1024


@dataclass
class RecipientInput:
    """A collective (its unit; `name` as the decision writes it, the unit's
    name when empty) or an individual (`name`, and the unit they belong to)."""

    recipient_kind: str
    unit: Unit
    name: str = ""
    position: str = ""
    birth_year: int | None = None


@dataclass
class AwardRecordInput:
    unit: Unit
    authority: str
    number: str
    date: date
    award_type: AwardType
    year: int | None = None  # the year the awards count in; the date's year when None
    summary: str = ""
    recipients: list[RecipientInput] = field(default_factory=list)

    @property
    def counted_year(self) -> int:
        return self.year or self.date.year


def _gone(unit: Unit, day: date) -> str:
    return _("%(u)s không tồn tại vào ngày %(d)s; chọn đơn vị có vào ngày ký quyết định.") % {
        "u": unit.name,
        "d": format_date(day),
    }


def _decision_errors(data: AwardRecordInput, refuse) -> None:
    if not data.authority.strip():
        refuse("authority", _("Nhập cơ quan, người ban hành quyết định."))
    if not data.number.strip():
        refuse("number", _("Nhập số, ký hiệu của quyết định."))
    if message := future_date_message(data.date, what=_("Ngày ký")):
        refuse("date", message)
    elif not data.unit.is_valid_on(data.date):
        refuse("unit", _gone(data.unit, data.date))
    year = data.counted_year
    if not (data.date.year - YEARS_BACK <= year <= data.date.year):
        refuse(
            "year",
            _("Năm khen thưởng từ %(a)s đến %(b)s (năm của ngày ký và %(n)s năm trước).")
            % {"a": data.date.year - YEARS_BACK, "b": data.date.year, "n": YEARS_BACK},
        )
    same = AwardRecord.objects.filter(
        unit=data.unit,
        number__iexact=data.number.strip(),
        date=data.date,
        award_type=data.award_type,
    )
    if same.exists():
        refuse(
            "number",
            _("Quyết định số %(n)s ngày %(d)s đã được ghi nhận.")
            % {"n": data.number.strip(), "d": format_date(data.date)},
        )


def _recipient_errors(data: AwardRecordInput, refuse) -> None:
    if not data.recipients:
        refuse("recipients", _("Ghi ít nhất một tập thể hoặc cá nhân được khen thưởng."))
    seen: dict[tuple, int] = {}
    for index, recipient in enumerate(data.recipients, start=1):
        where = f"recipients.{index}."
        kind, unit = recipient.recipient_kind, recipient.unit
        if kind not in RecipientKind.values:
            refuse(where + "recipient_kind", _("Chọn tập thể hoặc cá nhân."))
            continue
        if not data.award_type.accepts(kind):
            refuse(
                where + "recipient_kind",
                _("%(a)s không tặng cho %(k)s.")
                % {"a": data.award_type.name, "k": RecipientKind(kind).label.lower()},
            )
        if kind == RecipientKind.INDIVIDUAL and not recipient.name.strip():
            refuse(where + "name", _("Nhập họ và tên của cá nhân được khen thưởng."))
        if recipient.birth_year and recipient.birth_year > data.date.year:
            refuse(where + "birth_year", _("Năm sinh sau ngày ký quyết định."))
        if not unit.is_valid_on(data.date):
            refuse(where + "unit", _gone(unit, data.date))
        elif not unit.path.startswith(data.unit.path):
            refuse(
                where + "unit",
                _("%(u)s không thuộc %(r)s.") % {"u": unit.name, "r": data.unit.name},
            )
        key = (kind, unit.pk, fold(" ".join(recipient.name.split())))
        if key in seen:
            refuse(where + "name", _("Trùng với dòng %(n)s.") % {"n": seen[key]})
        seen.setdefault(key, index)


def award_record_check(*, by: Actor, data: AwardRecordInput) -> None:
    """The one validator of a recorded decision, for the page, the API and
    the import. Raises Refused unless `by` may edit where the recording unit
    is carried today (first: one who may not learns nothing of the data),
    then ValidationError by field (a recipient's under
    `recipients.<n>.<field>`, counted from 1). No eligibility rule."""
    message = _("Bạn không có quyền ghi nhận khen thưởng của %(u)s.") % {"u": data.unit.name}
    require(by, EDIT, unit_place(data.unit)["scope_path"], message)
    errors: dict[str, list[str]] = {}

    def refuse(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    _decision_errors(data, refuse)
    _recipient_errors(data, refuse)
    if errors:
        raise ValidationError(errors)


def _recipient_row(record: AwardRecord, data: RecipientInput) -> AwardRecipient:
    name = " ".join(data.name.split())
    if data.recipient_kind == RecipientKind.COLLECTIVE and not name:
        name = data.unit.name
    row = AwardRecipient(
        record=record,
        recipient_kind=data.recipient_kind,
        unit=data.unit,
        name=name,
        name_folded=fold(name),
        position=data.position.strip(),
        birth_year=data.birth_year,
    )
    place(row)
    return row


def recipients_snapshot(record: AwardRecord) -> list[list]:
    return [
        [r.recipient_kind, r.unit_id, r.name]
        for r in record.recipients.order_by("recipient_kind", "pk")
    ]


@transaction.atomic
def award_record_create(*, by: Actor, data: AwardRecordInput, original=None) -> AwardRecord:
    """Record a decision already issued, with its recipients and (optionally)
    its scanned original; one audit entry lists them. Raises ValidationError,
    Refused."""
    award_record_check(by=by, data=data)
    if original is not None:
        _refuse_if_too_large(original)
    record = AwardRecord(
        unit=data.unit,
        authority=" ".join(data.authority.split()),
        number=data.number.strip(),
        date=data.date,
        year=data.counted_year,
        award_type=data.award_type,
        summary=data.summary.strip(),
        created_by=person_of(by),
    )
    place(record)
    record.save()
    AwardRecipient.objects.bulk_create([_recipient_row(record, r) for r in data.recipients])
    if original is not None:
        record.original.save(_file_name(original), original, save=False)
        record.save(update_fields=["original"])
    audit_record(
        actor=by,
        action=AuditEntry.Action.CREATE,
        obj=record,
        unit_path=record.scope_path,
        after={
            **snapshot(record, RECORD_FIELDS),
            "original": record.original.name,
            "recipients": recipients_snapshot(record),
        },
    )
    return record


def _refuse_if_too_large(upload) -> None:
    if upload.size > MAX_ORIGINAL_BYTES:
        raise ValidationError(
            {"original": _("Tệp lớn hơn %(mb)s MB.") % {"mb": MAX_ORIGINAL_BYTES // 2**20}}
        )


def _file_name(upload) -> str:
    return upload.name.rsplit("/", 1)[-1][:200]


@transaction.atomic
def award_record_original_attach(*, by: Actor, record: AwardRecord, upload) -> AwardRecord:
    """Attach (or replace) the scanned original; the earlier file stays in
    storage and in the audit log. Raises Refused, ValidationError (too large)."""
    require(by, EDIT, record.scope_path, _("Bạn không có quyền sửa ghi nhận này."))
    _refuse_if_too_large(upload)
    lock_current(record)
    before = {"original": record.original.name}
    record.original.save(_file_name(upload), upload, save=False)
    bump(record)
    record.save()
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=record,
        unit_path=record.scope_path,
        before=before,
        after={"original": record.original.name, "size": upload.size, "version": record.version},
    )
    return record


@transaction.atomic
def award_record_delete(
    *, by: Actor, record: AwardRecord, expected_version: int | None = None
) -> None:
    """Remove a record entered by mistake, with its recipients (the audit log
    keeps what it said; the scanned file stays in storage). Raises Refused,
    StaleVersion."""
    require(by, EDIT, record.scope_path, _("Bạn không có quyền xóa ghi nhận này."))
    lock_current(record, expected_version=expected_version)
    audit_record(
        actor=by,
        action=AuditEntry.Action.DELETE,
        obj=record,
        unit_path=record.scope_path,
        before={
            **snapshot(record, RECORD_FIELDS),
            "original": record.original.name,
            "recipients": recipients_snapshot(record),
        },
    )
    record.delete()
