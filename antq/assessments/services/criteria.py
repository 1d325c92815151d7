"""Criteria sets and score sheets: load the national base, add provincial
criteria, edit wording until a set is used, copy a year forward."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from antq.accounts.access import APPROVE, EDIT, Actor, require
from antq.assessments.criteria_data import BASIS, CRITERIA, SCORE_SHEETS
from antq.assessments.models import (
    Confidence,
    CriteriaSet,
    Criterion,
    ScoreItem,
    ScoreSheet,
    Target,
)
from antq.audit.models import AuditEntry
from antq.audit.services import audit_record, snapshot
from antq.units.models import Unit

CRITERION_FIELDS = ["code", "text", "kind", "comparator", "threshold", "source", "confidence"]


@transaction.atomic
def criteria_load(*, year: int) -> dict[str, int]:
    """Create the national criteria sets and score sheets for `year` if missing.
    Idempotent; never touches an existing set."""
    created = {"sets": 0, "sheets": 0}
    for target, data in CRITERIA.items():
        criteria_set, made = CriteriaSet.objects.get_or_create(
            year=year,
            target=target,
            province=None,
            defaults={"title": data["title"], "basis": f"{BASIS}, {data['article']}"},
        )
        if made:
            created["sets"] += 1
            Criterion.objects.bulk_create(
                [
                    Criterion(
                        criteria_set=criteria_set,
                        code=code,
                        text=text,
                        kind=kind,
                        confidence=confidence,
                        order=order,
                        comparator=extra.get("comparator", ""),
                        threshold=extra.get("threshold"),
                        source=extra.get("source", ""),
                    )
                    for order, (code, text, kind, extra, confidence) in enumerate(data["items"])
                ]
            )
    for target, items in SCORE_SHEETS.items():
        sheet, made = ScoreSheet.objects.get_or_create(
            year=year,
            target=target,
            defaults={
                "title": f"Bảng chấm điểm phân loại phong trào: {Target(target).label.lower()}"
            },
        )
        if made:
            created["sheets"] += 1
            ScoreItem.objects.bulk_create(
                [
                    ScoreItem(
                        sheet=sheet,
                        code=code,
                        text=text,
                        max_points=points,
                        confidence=confidence,
                        order=order,
                    )
                    for order, (code, text, points, confidence) in enumerate(items)
                ]
            )
    return created


def criteria_for(*, year: int, target: str, province: Unit) -> list[Criterion]:
    """The national criteria of `year` for `target`, then `province`'s additions."""
    return list(
        Criterion.objects.filter(criteria_set__year=year, criteria_set__target=target)
        .filter(criteria_set__province__isnull=True)
        .order_by("order")
    ) + list(
        Criterion.objects.filter(
            criteria_set__year=year, criteria_set__target=target, criteria_set__province=province
        ).order_by("order")
    )


def _province_refused() -> str:
    return _("Bạn không có quyền sửa tiêu chí của tỉnh này.")


def _check_unlocked(criteria_set: CriteriaSet) -> None:
    if criteria_set.is_locked:
        raise ValidationError(
            _(
                "Bộ tiêu chí năm %(year)s đã được dùng để đánh giá nên không "
                "thể sửa; hãy sửa bộ tiêu chí của năm sau."
            )
            % {"year": criteria_set.year}
        )


@transaction.atomic
def criterion_add(
    *,
    by: Actor,
    province: Unit,
    year: int,
    target: str,
    code: str,
    text: str,
    kind: str = Criterion.Kind.YES_NO,
) -> Criterion:
    """A provincial criterion on top of the national set (TT 124 Điều 8 khoản 1).
    Raises Refused (not an approver of `province`) or ValidationError."""
    require(by, APPROVE, province, _province_refused())
    criteria_set, _created = CriteriaSet.objects.get_or_create(
        year=year,
        target=target,
        province=province,
        defaults={"title": f"Tiêu chí bổ sung của {province.name}"},
    )
    _check_unlocked(criteria_set)
    if kind == Criterion.Kind.COMPUTED:
        raise ValidationError(
            {"kind": [_("Tiêu chí bổ sung không thể là tiêu chí hệ thống tính.")]}
        )
    criterion = Criterion(
        criteria_set=criteria_set,
        code=code.strip(),
        text=text.strip(),
        kind=kind,
        confidence=Confidence.CONFIRMED,
        order=criteria_set.criteria.count(),
    )
    criterion.full_clean()
    criterion.save()
    audit_record(
        actor=by,
        action=AuditEntry.Action.CREATE,
        obj=criterion,
        unit_path=province.path,
        after=snapshot(criterion, CRITERION_FIELDS),
    )
    return criterion


@transaction.atomic
def criterion_update(*, by: Actor, criterion: Criterion, text: str) -> Criterion:
    """Reword a criterion whose wording is not confirmed, while its set is unused.
    The national sets are the system administrators' to edit, a province's its
    approvers'. Raises Refused or ValidationError (set used, wording confirmed)."""
    criteria_set = criterion.criteria_set
    if criteria_set.province_id is None:
        require(by, EDIT, None, _("Chỉ quản trị hệ thống sửa được bộ tiêu chí quốc gia."))
    else:
        require(by, APPROVE, criteria_set.province, _province_refused())
    _check_unlocked(criteria_set)
    if criteria_set.province_id is None and not criterion.editable_wording:
        raise ValidationError(_("Nội dung tiêu chí này đã được đối chiếu với văn bản."))
    before = snapshot(criterion, CRITERION_FIELDS)
    criterion.text = text.strip()
    criterion.full_clean()
    criterion.save(update_fields=["text"])
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=criterion,
        unit_path=criteria_set.province.path if criteria_set.province else "",
        before=before,
        after=snapshot(criterion, CRITERION_FIELDS),
    )
    return criterion


@transaction.atomic
def criteria_copy_year(*, by: Actor, province: Unit, from_year: int, to_year: int) -> int:
    """Carry a province's additional criteria into the next year (a new, unlocked
    set). Raises Refused (not an approver of `province`)."""
    require(by, APPROVE, province, _province_refused())
    copied = 0
    for source in CriteriaSet.objects.filter(year=from_year, province=province):
        target_set, created = CriteriaSet.objects.get_or_create(
            year=to_year,
            target=source.target,
            province=province,
            defaults={"title": source.title, "basis": source.basis},
        )
        if not created:
            continue
        codes = []
        for criterion in source.criteria.all():
            criterion.pk = None
            criterion.criteria_set = target_set
            criterion.save()
            codes.append(criterion.code)
        copied += len(codes)
        audit_record(
            actor=by,
            action=AuditEntry.Action.CREATE,
            obj=target_set,
            unit_path=province.path,
            after={"year": to_year, "target": target_set.target, "criteria": codes},
            note=_("Chép từ năm %(year)s") % {"year": from_year},
        )
    return copied
