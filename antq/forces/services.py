"""Writes of the grassroots force, each audited, each checked by one rule set.

Rules (Law 30/2023, TT 14/2024, Hướng dẫn 01/HD-BCA-V05):
- one active team per residential area, set up on a day the area exists;
- a member is at least 18 when recognised, and born in a past year;
- one tổ trưởng at a time; a team recognises members only until it is
  dissolved, which happens once (`Team.moves`);
- the annual rating covers 15/11 of the previous year to 14/11; a team or a
  member with less than 9 months by then is not rated, and "hoàn thành xuất
  sắc" goes to at most 20 % of those rated "hoàn thành tốt" or better, per
  commune and year, separately for teams and for members.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from antq.accounts.access import EDIT, Actor, require
from antq.audit.models import AuditEntry
from antq.audit.services import audit_record, snapshot
from antq.audit.versions import bump, lock_current
from antq.core.actors import person_of
from antq.core.dates import future_date_message, not_after_today
from antq.core.geo import POINT_FIELDS, point_errors
from antq.core.vietnamese import fold, format_date
from antq.forces.models import Level, Member, Rating, Role, Team, Training
from antq.units.models import Unit
from antq.units.placement import place

MIN_AGE = 18
RATING_MONTHS = 9
EXCELLENT_SHARE = Decimal("0.20")
TEAM_FIELDS = [
    "unit_id", "name", "decision_number", "decision_date", "decision_signer",
    "established_on", "dissolved_on", "note", "latitude", "longitude", "version",
]  # fmt: skip
NOT_YOURS = gettext_lazy("Bạn không có quyền sửa Tổ bảo vệ an ninh, trật tự này.")
MEMBER_FIELDS = [
    "team_id", "full_name", "birth_year", "gender", "role", "appointed_on", "ended_on",
    "service_since", "allowance", "version",
]  # fmt: skip


def rating_period(year: int) -> tuple[date, date]:
    """The rating year: 15/11 of the previous year to 14/11."""
    return date(year - 1, 11, 15), date(year, 11, 14)


def months_between(start: date, end: date) -> int:
    """Whole months from `start` to `end` (15/02 → 14/11 is 8, → 15/11 is 9)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - (1 if end.day < start.day else 0)


def _serialise(model, pk) -> None:
    """Lock a parent row until the transaction ends: concurrent writers of a
    rule that spans several rows (one team per area, one leader, the 20 %
    cap) then run one after the other, the second seeing the first's rows."""
    model._base_manager.select_for_update().filter(pk=pk).exists()


def _audit(by: Actor, action, obj, path: str, before=None, after=None, note: str = "") -> None:
    audit_record(
        actor=by, action=action, obj=obj, unit_path=path, before=before, after=after, note=note
    )


# --- teams ------------------------------------------------------------------


@transaction.atomic
def team_create(
    *,
    by: Actor,
    unit: Unit,
    established_on: date,
    name: str = "",
    decision_number: str = "",
    decision_date: date | None = None,
    decision_signer: str = "",
    note: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
) -> Team:
    """Set up the team of a residential area (decided by the commune chair),
    with its headquarters on the map when known. Raises Refused outside the
    commune's scope, ValidationError."""
    team = Team(
        unit=unit,
        name=name.strip() or _("Tổ bảo vệ an ninh, trật tự %(area)s") % {"area": unit.name},
        decision_number=decision_number.strip(),
        decision_date=decision_date,
        decision_signer=decision_signer.strip(),
        established_on=established_on,
        note=note,
        latitude=latitude,
        longitude=longitude,
    )
    place(team)  # counted where its area is, seen from its commune up
    require(by, EDIT, team.scope_path, NOT_YOURS)
    _serialise(Unit, unit.pk)  # one active team per area
    errors: dict[str, list[str]] = {}
    if unit.type != Unit.Type.RESIDENTIAL_AREA:
        errors["unit"] = [_("Tổ bảo vệ an ninh, trật tự được thành lập ở khu dân cư.")]
    elif not unit.is_valid_on(established_on):
        errors["established_on"] = [
            _("%(unit)s không tồn tại vào ngày %(day)s.")
            % {"unit": unit.name, "day": format_date(established_on)}
        ]
    if message := future_date_message(established_on, what=_("Ngày thành lập")):
        errors.setdefault("established_on", []).append(message)
    if decision_date and decision_date > established_on:
        errors["decision_date"] = [_("Quyết định phải có trước hoặc cùng ngày thành lập.")]
    if Team.objects.filter(unit=unit, dissolved_on__isnull=True).exists():
        errors.setdefault("unit", []).append(
            _("%(unit)s đã có Tổ bảo vệ an ninh, trật tự.") % {"unit": unit.name}
        )
    errors.update(point_errors(latitude, longitude))
    if errors:
        raise ValidationError(errors)
    team.save()
    _audit(by, AuditEntry.Action.CREATE, team, team.scope_path, after=snapshot(team, TEAM_FIELDS))
    return team


@transaction.atomic
def team_update(*, by: Actor, team: Team, expected_version: int | None = None, **changes) -> Team:
    """Edit a team's name, decision, note and headquarters' point (audited)."""
    lock_current(team, expected_version=expected_version)
    require(by, EDIT, team.scope_path, NOT_YOURS)
    allowed = {"name", "decision_number", "decision_date", "decision_signer", "note"}
    allowed |= set(POINT_FIELDS)
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    before = snapshot(team, TEAM_FIELDS)
    for field, value in changes.items():
        setattr(team, field, value.strip() if isinstance(value, str) else value)
    errors = point_errors(team.latitude, team.longitude)
    if not team.name:
        errors["name"] = [_("Nhập tên tổ.")]
    if errors:
        raise ValidationError(errors)
    bump(team)
    team.save()
    _audit(by, AuditEntry.Action.UPDATE, team, team.scope_path, before, snapshot(team, TEAM_FIELDS))
    return team


@transaction.atomic
def team_dissolve(*, by: Actor, team: Team, on: date, reason: str = "") -> Team:
    """Dissolve a team (TT 14/2024 Điều 5); its active members end the same day.
    Raises Refused, WrongState (already dissolved), ValidationError."""
    lock_current(team)
    require(by, EDIT, team.scope_path, NOT_YOURS)
    Team.moves.check(team, "dissolve")
    not_after_today(on, what=_("Ngày giải thể"), field="on")
    if on < team.established_on:
        raise ValidationError({"on": [_("Ngày giải thể phải sau ngày thành lập.")]})
    before = snapshot(team, TEAM_FIELDS)
    team.dissolved_on = on
    bump(team)
    team.save()
    team.members.filter(ended_on__isnull=True).update(ended_on=on)
    _audit(
        by,
        AuditEntry.Action.CLOSE,
        team,
        team.scope_path,
        before,
        snapshot(team, TEAM_FIELDS),
        note=reason,
    )
    return team


# --- members ----------------------------------------------------------------


@dataclass
class MemberInput:
    full_name: str
    birth_year: int
    gender: str
    role: str
    appointed_on: date
    ended_on: date | None = None
    service_since: date | None = None
    allowance: Decimal = Decimal(0)


def member_check(team: Team, data: MemberInput, member: Member | None = None) -> None:
    """The one validator of a member, for forms, the API and imports."""
    errors: dict[str, list[str]] = {}

    def refuse(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    today = timezone.localdate()
    if not " ".join(data.full_name.split()):
        refuse("full_name", _("Nhập họ và tên."))
    if data.birth_year > today.year:
        refuse("birth_year", _("Năm sinh %(year)s chưa đến.") % {"year": data.birth_year})
    elif data.birth_year < today.year - 100:
        refuse("birth_year", _("Năm sinh %(year)s không hợp lý.") % {"year": data.birth_year})
    elif data.appointed_on.year - data.birth_year < MIN_AGE:
        refuse(
            "birth_year",
            _("Thành viên phải đủ %(age)s tuổi khi được công nhận (sinh năm %(year)s).")
            % {"age": MIN_AGE, "year": data.birth_year},
        )
    if data.gender not in {"male", "female"}:
        refuse("gender", _("Giới tính là Nam hoặc Nữ."))
    if data.role not in Role.values:
        refuse("role", _("Chức danh là tổ trưởng, tổ phó hoặc tổ viên."))
    if message := future_date_message(data.appointed_on, what=_("Ngày công nhận")):
        refuse("appointed_on", message)
    if message := future_date_message(data.ended_on, what=_("Ngày thôi")):
        refuse("ended_on", message)
    if data.appointed_on < team.established_on:
        refuse(
            "appointed_on",
            _("Tổ được thành lập ngày %(day)s; ngày công nhận không thể trước đó.")
            % {"day": format_date(team.established_on)},
        )
    if data.ended_on is not None and data.ended_on < data.appointed_on:
        refuse("ended_on", _("Ngày thôi phải sau ngày công nhận."))
    if data.service_since is not None and data.service_since > data.appointed_on:
        refuse("service_since", _("Thời gian tham gia lực lượng tính từ trước ngày công nhận."))
    if data.allowance is None or data.allowance < 0:
        refuse("allowance", _("Mức phụ cấp không được âm."))
    if data.role == Role.LEADER and data.ended_on is None:
        leaders = team.members.filter(role=Role.LEADER, ended_on__isnull=True)
        if member is not None:
            leaders = leaders.exclude(pk=member.pk)
        if leaders.exists():
            refuse(
                "role",
                _(
                    "Tổ đã có tổ trưởng %(name)s; cho người đó thôi trước khi công nhận "
                    "tổ trưởng mới."
                )
                % {"name": leaders.first().full_name},
            )
    if errors:
        raise ValidationError(errors)


def _apply(member: Member, data: MemberInput) -> None:
    for field, value in vars(data).items():
        setattr(member, field, value)
    member.full_name = " ".join(data.full_name.split())
    member.name_folded = fold(member.full_name)


@transaction.atomic
def member_add(*, by: Actor, team: Team, data: MemberInput) -> Member:
    """Recognise a member of a team (decided by the commune chair). Raises
    Refused, WrongState (the team is dissolved), ValidationError."""
    require(by, EDIT, team.scope_path, NOT_YOURS)
    lock_current(team)  # one tổ trưởng at a time, and none once the team is dissolved
    Team.moves.check(team, "recognise")
    member_check(team, data)
    member = Member(team=team)
    _apply(member, data)
    member.save()
    _audit(
        by, AuditEntry.Action.CREATE, member, team.scope_path, after=snapshot(member, MEMBER_FIELDS)
    )
    return member


@transaction.atomic
def member_update(
    *, by: Actor, member: Member, data: MemberInput, expected_version: int | None = None
) -> Member:
    """Edit a member's facts (audited)."""
    lock_current(member, expected_version=expected_version)
    team = member.team
    require(by, EDIT, team.scope_path, NOT_YOURS)
    _serialise(Team, team.pk)
    member_check(team, data, member)
    before = snapshot(member, MEMBER_FIELDS)
    _apply(member, data)
    bump(member)
    member.save()
    _audit(
        by,
        AuditEntry.Action.UPDATE,
        member,
        team.scope_path,
        before,
        snapshot(member, MEMBER_FIELDS),
    )
    return member


@transaction.atomic
def training_add(
    *, by: Actor, member: Member, course: str, start: date, result: str, end: date | None = None
) -> Training:
    """Record a course a member took (audited)."""
    require(by, EDIT, member.team.scope_path, NOT_YOURS)
    errors: dict[str, list[str]] = {}
    if not course.strip():
        errors["course"] = [_("Nhập tên khóa huấn luyện.")]
    if start > timezone.localdate():
        errors["start"] = [_("Khóa huấn luyện chưa diễn ra.")]
    if end is not None and end < start:
        errors["end"] = [_("Ngày kết thúc phải từ ngày bắt đầu trở đi.")]
    if result not in Training.Result.values:
        errors["result"] = [_("Chọn kết quả.")]
    if errors:
        raise ValidationError(errors)
    training = Training.objects.create(
        member=member, course=course.strip(), start=start, end=end, result=result
    )
    _audit(
        by,
        AuditEntry.Action.CREATE,
        training,
        member.team.scope_path,
        after={
            "member": member.pk,
            "course": training.course,
            "start": start.isoformat(),
            "result": result,
        },
    )
    return training


# --- the annual rating --------------------------------------------------------


def rating_refusal(*, start: date, year: int, kind: str) -> str:
    """Why a team set up, or a member recognised, on `start` is not rated in
    `year` ("" when it is)."""
    _first, last = rating_period(year)
    months = months_between(start, last)
    if months >= RATING_MONTHS:
        return ""
    return _(
        "%(kind)s mới %(months)s tháng tính đến %(end)s (từ %(start)s); chưa đủ %(min)s tháng "
        "nên không xếp loại năm %(year)s."
    ) % {
        "kind": kind,
        "months": max(months, 0),
        "end": format_date(last),
        "start": format_date(start),
        "min": RATING_MONTHS,
        "year": year,
    }


def excellent_cap(good_or_better: int) -> int:
    return int(Decimal(good_or_better) * EXCELLENT_SHARE)


def _cap_problem(levels: list[str], what: str, commune: Unit, year: int) -> str:
    excellent = levels.count(Level.EXCELLENT)
    good_or_better = excellent + levels.count(Level.GOOD)
    cap = excellent_cap(good_or_better)
    if excellent <= cap:
        return ""
    return ngettext(
        "%(n)s %(what)s xếp loại Hoàn thành xuất sắc nhiệm vụ vượt mức 20 %% của %(good)s %(what)s "
        "hoàn thành tốt nhiệm vụ trở lên ở %(commune)s năm %(year)s (tối đa %(cap)s).",
        "%(n)s %(what)s xếp loại Hoàn thành xuất sắc nhiệm vụ vượt mức 20 %% của %(good)s %(what)s "
        "hoàn thành tốt nhiệm vụ trở lên ở %(commune)s năm %(year)s (tối đa %(cap)s).",
        excellent,
    ) % {
        "n": excellent,
        "what": what,
        "good": good_or_better,
        "commune": commune.name,
        "year": year,
        "cap": cap,
    }


def _rating_key(rating: Rating) -> str:
    return f"team-{rating.team_id}" if rating.team_id else f"member-{rating.member_id}"


@transaction.atomic
def ratings_save(
    *,
    by: Actor,
    commune: Unit,
    year: int,
    teams: Mapping[int, str] | None = None,
    members: Mapping[int, str] | None = None,
    notes: Mapping[str, str] | None = None,
) -> int:
    """Rate a commune's teams and members for `year` ({id: level}; an empty
    level removes a rating). All or nothing: every refusal is explained."""
    require(by, EDIT, commune, NOT_YOURS)
    _serialise(Unit, commune.pk)  # the 20 % cap counts every rating of the commune
    teams, members, notes = dict(teams or {}), dict(members or {}), dict(notes or {})
    errors: dict[str, list[str]] = {}
    valid = set(Level.values) | {""}
    own_teams = {
        t.pk: t for t in Team.objects.filter(restated_commune=commune).select_related("unit")
    }
    own_members = {m.pk: m for m in Member.objects.filter(team__restated_commune=commune)}
    for key, level, owned, label in [
        *((f"team-{pk}", lvl, own_teams.get(pk), "team") for pk, lvl in teams.items()),
        *((f"member-{pk}", lvl, own_members.get(pk), "member") for pk, lvl in members.items()),
    ]:
        if owned is None:
            errors.setdefault(key, []).append(_("Không thuộc %(c)s.") % {"c": commune.name})
        elif level not in valid:
            errors.setdefault(key, []).append(_("Xếp loại không hợp lệ."))
        elif level:
            start = owned.established_on if label == "team" else owned.appointed_on
            kind = _("Tổ") if label == "team" else owned.full_name
            refusal = rating_refusal(start=start, year=year, kind=kind)
            if refusal:
                errors.setdefault(key, []).append(refusal)
    existing = {
        (r.team_id, r.member_id): r for r in Rating.objects.filter(commune=commune, year=year)
    }

    def levels_after(kind: str, changes: dict) -> list[str]:
        result = {
            (r.team_id if kind == "team" else r.member_id): r.level
            for (team_id, member_id), r in existing.items()
            if (team_id if kind == "team" else member_id) is not None
        }
        result.update({pk: level for pk, level in changes.items() if f"{kind}-{pk}" not in errors})
        return [level for level in result.values() if level]

    for kind, changes, what in (
        ("team", teams, _("tổ")),
        ("member", members, _("thành viên")),
    ):
        problem = _cap_problem(levels_after(kind, changes), what, commune, year)
        if problem:
            errors.setdefault(f"{kind}s", []).append(problem)
    if errors:
        raise ValidationError(errors)
    before = {_rating_key(r): r.level for r in existing.values()}
    rater = person_of(by)
    written = 0
    for kind, changes in (("team", teams), ("member", members)):
        for pk, level in changes.items():
            key = (pk, None) if kind == "team" else (None, pk)
            rating = existing.get(key)
            note = notes.get(f"{kind}-{pk}", "")[:255]
            if not level:
                if rating is not None:
                    rating.delete()
                    written += 1
                continue
            if rating is not None and rating.level == level and rating.note == note:
                continue
            Rating.objects.update_or_create(
                year=year,
                team_id=key[0],
                member_id=key[1],
                defaults={"commune": commune, "level": level, "note": note, "rated_by": rater},
            )
            written += 1
    if not written:  # a sheet sent as it stood changes nothing and audits nothing
        return 0
    after = {_rating_key(r): r.level for r in Rating.objects.filter(commune=commune, year=year)}
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        object_type="forces.rating",
        object_id=f"{commune.pk}-{year}",
        object_repr=_("Xếp loại Tổ bảo vệ ANTT %(c)s năm %(y)s") % {"c": commune.name, "y": year},
        unit_path=commune.path,
        before=before,
        after=after,
    )
    return written
