"""Writes of emulation and rewards, each audited: open a round, nominate
(eligibility checked and explained), review (accept, reject with a reason),
decide (number not reused by the issuing unit in the year), issue (checked
again; DOCX in the Decree 30 layout, old versions kept)."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from antq.accounts.access import APPROVE, EDIT, can
from antq.audit.models import AuditEntry
from antq.audit.services import audit_record, snapshot
from antq.audit.versions import bump, lock_current
from antq.awards.models import (
    AwardType,
    Decision,
    DecisionDocument,
    Nomination,
    RecipientKind,
    Round,
)
from antq.awards.rules import Candidate, refusals
from antq.core.documents import (
    Certificate,
    Header,
    Proposal,
    Signature,
    render_certificates,
    render_decision,
    render_decision_pdf,
)
from antq.core.documents import Decision as DecisionContent
from antq.core.vietnamese import fold, format_date
from antq.units.models import Unit
from antq.units.placement import unit_place

ROUND_FIELDS = ["unit_id", "year", "kind", "name", "deadline", "status"]
NOMINATION_FIELDS = [
    "round_id",
    "award_type_id",
    "recipient_kind",
    "unit_id",
    "person_name",
    "birth_year",
    "position",
    "achievement",
    "years_of_service",
    "status",
    "reason",
    "version",
]
DECISION_FIELDS = [
    "round_id",
    "award_type_id",
    "number",
    "symbol",
    "date",
    "signer_name",
    "signer_title",
    "signing_form",
    "status",
    "document_version",
    "version",
]


def _require(by, action: str, path: str, message: str) -> None:
    if by is not None and not can(by, action, path):
        raise PermissionError(message)


@transaction.atomic
def round_open(*, by, unit: Unit, year: int, kind: str, name: str, deadline: date) -> Round:
    _require(by, EDIT, unit.path, _("Bạn không có quyền mở đợt khen thưởng ở đơn vị này."))
    errors = {}
    if kind not in Round.Kind.values:
        errors["kind"] = [_("Chọn đợt khen thưởng.")]
    if not name.strip():
        errors["name"] = [_("Nhập tên đợt.")]
    if deadline.year not in (year, year + 1):
        errors["deadline"] = [_("Hạn đề nghị trong năm %(y)s hoặc đầu năm sau.") % {"y": year}]
    if errors:
        raise ValidationError(errors)
    round = Round.objects.create(
        unit=unit, year=year, kind=kind, name=" ".join(name.split()), deadline=deadline
    )
    audit_record(
        actor=by,
        action=AuditEntry.Action.CREATE,
        obj=round,
        unit_path=unit.path,
        after=snapshot(round, ROUND_FIELDS),
    )
    return round


@dataclass
class NominationInput:
    award_type: AwardType
    recipient_kind: str
    unit: Unit
    achievement: str
    person_name: str = ""
    birth_year: int | None = None
    position: str = ""
    years_of_service: int | None = None
    example_id: int | None = None


def nomination_check(round: Round, data: NominationInput, nomination_id: int | None = None):
    """The one validator of a nomination: its fields, then the award type's
    eligibility rules, each refusal explained."""
    errors: dict[str, list[str]] = {}
    if round.status != Round.Status.OPEN:
        errors["round"] = [_("Đợt khen thưởng đã kết thúc.")]
    if data.recipient_kind not in RecipientKind.values:
        errors["recipient_kind"] = [_("Chọn tập thể hoặc cá nhân.")]
    if not data.achievement.strip():
        errors["achievement"] = [_("Nhập thành tích.")]
    individual = data.recipient_kind == RecipientKind.INDIVIDUAL
    if individual and not data.person_name.strip():
        errors["person_name"] = [_("Nhập họ và tên của cá nhân được đề nghị.")]
    if individual and data.birth_year and data.birth_year > timezone.localdate().year:
        errors["birth_year"] = [_("Năm sinh %(y)s chưa đến.") % {"y": data.birth_year}]
    if not data.unit.path.startswith(round.unit.path) and not unit_place(data.unit)[
        "scope_path"
    ].startswith(round.unit.path):
        errors["unit"] = [
            _("%(u)s không thuộc %(r)s.") % {"u": data.unit.name, "r": round.unit.name}
        ]
    if errors:
        raise ValidationError(errors)
    problems = refusals(
        Candidate(
            award_type=data.award_type,
            recipient_kind=data.recipient_kind,
            unit=data.unit,
            person_name=data.person_name,
            birth_year=data.birth_year,
            years_of_service=data.years_of_service,
            nomination_id=nomination_id,
        ),
        round,
    )
    if problems:
        raise ValidationError({"award_type": problems})


@transaction.atomic
def nominate(*, by, round: Round, data: NominationInput) -> Nomination:
    """Propose a collective or an individual; refused with the reasons when
    the award type's conditions are not met."""
    place = unit_place(data.unit)
    _require(by, EDIT, place["scope_path"], _("Bạn không có quyền đề nghị cho đơn vị này."))
    lock_current(round)  # nominations of one round one after the other (quotas)
    nomination_check(round, data)
    nomination = Nomination.objects.create(
        round=round,
        award_type=data.award_type,
        recipient_kind=data.recipient_kind,
        unit=data.unit,
        person_name=" ".join(data.person_name.split()),
        name_folded=fold(" ".join(data.person_name.split())),
        birth_year=data.birth_year,
        position=data.position.strip(),
        achievement=data.achievement.strip(),
        years_of_service=data.years_of_service,
        example_id=data.example_id,
        proposed_by=by if getattr(by, "is_authenticated", False) else None,
        **place,
    )
    audit_record(
        actor=by,
        action=AuditEntry.Action.CREATE,
        obj=nomination,
        unit_path=nomination.scope_path,
        after=snapshot(nomination, NOMINATION_FIELDS),
    )
    return nomination


@transaction.atomic
def nomination_review(
    *,
    by,
    nomination: Nomination,
    accept: bool,
    reason: str = "",
    expected_version: int | None = None,
) -> Nomination:
    """The council's conclusion: accept, or reject with a reason."""
    lock_current(nomination, expected_version=expected_version)
    round = nomination.round
    _require(by, APPROVE, round.unit.path, _("Chỉ hội đồng thi đua, khen thưởng xét đề nghị."))
    if nomination.status not in {
        Nomination.Status.PROPOSED,
        Nomination.Status.ACCEPTED,
        Nomination.Status.REJECTED,
    }:
        raise ValidationError(_("Đề nghị đã được khen thưởng."))
    if not accept and not reason.strip():
        raise ValidationError({"reason": [_("Nêu lý do không đề nghị.")]})
    before = snapshot(nomination, NOMINATION_FIELDS)
    nomination.status = Nomination.Status.ACCEPTED if accept else Nomination.Status.REJECTED
    nomination.reason = "" if accept else reason.strip()
    bump(nomination)
    nomination.save()
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=nomination,
        unit_path=nomination.scope_path,
        before=before,
        after=snapshot(nomination, NOMINATION_FIELDS),
    )
    return nomination


@transaction.atomic
def decision_create(
    *,
    by,
    round: Round,
    award_type: AwardType,
    number: int,
    date: date,
    signer_name: str,
    symbol: str = "QĐ-UBND",
    signer_title: str = "CHỦ TỊCH",
    signing_form: str = Decision.SigningForm.TM,
    place: str = "",
) -> Decision:
    """The decision of one award type for the round's accepted nominations."""
    _require(by, APPROVE, round.unit.path, _("Chỉ cấp khen thưởng ra quyết định."))
    errors: dict[str, list[str]] = {}
    reused = Decision.objects.filter(
        round__unit=round.unit, number=number, symbol__iexact=symbol.strip(), date__year=date.year
    ).first()
    if reused is not None:
        errors["number"] = [
            _("Số %(ref)s đã dùng cho quyết định ngày %(d)s.")
            % {"ref": reused.reference, "d": format_date(reused.date)}
        ]
    if not signer_name.strip():
        errors["signer_name"] = [_("Nhập họ và tên người ký.")]
    if date > timezone.localdate():
        errors["date"] = [_("Ngày ký chưa đến.")]
    accepted = list(
        round.nominations.filter(award_type=award_type, status=Nomination.Status.ACCEPTED)
    )
    if not accepted:
        errors["award_type"] = [
            _("Chưa có đề nghị nào được hội đồng nhất trí cho %(a)s.") % {"a": award_type.name}
        ]
    if errors:
        raise ValidationError(errors)
    decision = Decision(
        round=round,
        issuer=round.unit,
        year=date.year,
        award_type=award_type,
        number=number,
        symbol=symbol.strip(),
        date=date,
        signer_name=" ".join(signer_name.split()),
        signer_title=signer_title.strip().upper(),
        signing_form=signing_form,
        place=place.strip(),
    )
    try:
        with transaction.atomic():
            decision.save()
    except IntegrityError:  # the same number taken a moment ago by someone else
        raise ValidationError(
            {
                "number": [
                    _("Số %(ref)s đã dùng trong năm %(y)s.")
                    % {"ref": f"{number}/{symbol.strip()}", "y": date.year}
                ]
            }
        ) from None
    decision.nominations.set(accepted)
    audit_record(
        actor=by,
        action=AuditEntry.Action.CREATE,
        obj=decision,
        unit_path=round.unit.path,
        after={**snapshot(decision, DECISION_FIELDS), "nominations": [n.pk for n in accepted]},
    )
    return decision


def decision_content(decision: Decision) -> DecisionContent:
    """What the award decision says (Decree 30 layout), collectives and
    individuals in separate sections of the attached list."""
    round, award = decision.round, decision.award_type
    issuer = round.unit
    nominations = list(decision.nominations.select_related("unit").order_by("recipient_kind", "pk"))
    collectives = [n for n in nominations if n.recipient_kind == RecipientKind.COLLECTIVE]
    individuals = [n for n in nominations if n.recipient_kind == RecipientKind.INDIVIDUAL]
    if decision.signing_form == Decision.SigningForm.KT:
        signature = Signature("KT.", "CHỦ TỊCH", decision.signer_title, decision.signer_name)
    else:
        signature = Signature("TM.", "ỦY BAN NHÂN DÂN", decision.signer_title, decision.signer_name)
    counts = []
    if collectives:
        counts.append(f"{len(collectives)} tập thể")
    if individuals:
        counts.append(f"{len(individuals)} cá nhân")
    rows = [["", "I. TẬP THỂ", "", ""]] if collectives else []
    rows += [
        [str(i), n.unit.name, "", n.achievement[:200]] for i, n in enumerate(collectives, start=1)
    ]
    if individuals:
        rows.append(["", "II. CÁ NHÂN", "", ""])
        rows += [
            [str(i), n.person_name, n.position or n.unit.name, n.achievement[:200]]
            for i, n in enumerate(individuals, start=1)
        ]
    return DecisionContent(
        header=Header(
            "",
            f"ỦY BAN NHÂN DÂN\n{issuer.name.upper()}",
            decision.reference,
            decision.place or issuer.name,
            decision.date,
        ),
        kind="QUYẾT ĐỊNH",
        subject=f"Về việc tặng {award.name}\n({round.name})",
        authority_line=f"ỦY BAN NHÂN DÂN {issuer.name.upper()}",
        grounds=[
            "Căn cứ Luật Tổ chức chính quyền địa phương năm 2025",
            "Căn cứ Luật Thi đua, khen thưởng năm 2022",
            f"Căn cứ kết quả xét của Hội đồng Thi đua - Khen thưởng ({round.name})",
        ],
        articles=[
            f"Tặng {award.name} cho {' và '.join(counts)} đã có thành tích trong phong trào "
            f"Toàn dân bảo vệ an ninh Tổ quốc năm {round.year} (có danh sách kèm theo).",
            "Quyết định này có hiệu lực kể từ ngày ký.",
            "Chánh Văn phòng, Thủ trưởng các cơ quan, đơn vị có liên quan và các tập thể, cá nhân "
            "có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.",
        ],
        recipients=["Như Điều 3;", "Lưu: VT, TĐKT."],
        signature=signature,
        annex_title="DANH SÁCH",
        annex_subtitle=(
            f"Tập thể, cá nhân được tặng {award.name}\n(Kèm theo Quyết định số "
            f"{decision.reference} ngày {decision.date:%d/%m/%Y})"
        ),
        annex_columns=["STT", "Tên tập thể, cá nhân", "Chức vụ, đơn vị", "Thành tích"],
        annex_rows=rows,
    )


@transaction.atomic
def decision_issue(*, by, decision: Decision, expected_version: int | None = None) -> Decision:
    """Issue: every nomination is checked again (nothing changed since?), the
    DOCX is generated, the nominations become awarded."""
    lock_current(decision, expected_version=expected_version)
    _require(by, APPROVE, decision.round.unit.path, _("Chỉ cấp khen thưởng ra quyết định."))
    if decision.status == Decision.Status.ISSUED:
        raise ValidationError(_("Quyết định đã ban hành; dùng “Ban hành lại” để sửa."))
    problems = []
    round = decision.round
    for nomination in decision.nominations.select_related("unit", "award_type"):
        for message in refusals(
            Candidate(
                award_type=nomination.award_type,
                recipient_kind=nomination.recipient_kind,
                unit=nomination.unit,
                person_name=nomination.person_name,
                birth_year=nomination.birth_year,
                years_of_service=nomination.years_of_service,
                nomination_id=nomination.pk,
            ),
            round,
        ):
            problems.append(message)
    if problems:
        raise ValidationError({"nominations": problems})
    before = snapshot(decision, DECISION_FIELDS)
    decision.status = Decision.Status.ISSUED
    _generate(decision)
    bump(decision)
    decision.save()
    decision.nominations.update(status=Nomination.Status.AWARDED)
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=decision,
        unit_path=round.unit.path,
        before=before,
        after=snapshot(decision, DECISION_FIELDS),
        note=_("Ban hành"),
    )
    return decision


def certificate_title(award: AwardType) -> str:
    """What the printed certificate says at the top: BẰNG KHEN, GIẤY KHEN…"""
    for prefix in ("Bằng khen", "Giấy khen", "Cờ thi đua", "Kỷ niệm chương"):
        if award.name.startswith(prefix):
            return prefix.upper()
    return award.name.upper()


def certificates_content(decision: Decision) -> list[Certificate]:
    content = decision_content(decision)
    award = decision.award_type
    return [
        Certificate(
            header=content.header,
            recipient=(n.person_name or n.unit.name).upper(),
            achievement=n.achievement,
            basis=f"(Kèm theo Quyết định số {decision.reference} ngày "
            f"{decision.date:%d/%m/%Y} về việc tặng {award.name})",
            signature=content.signature,
            title=certificate_title(award),
        )
        for n in decision.nominations.select_related("unit").order_by("recipient_kind", "pk")
    ]


def _generate(decision: Decision, note: str = "") -> None:
    """The decision as DOCX and PDF, and the certificates: a new version each
    time, every earlier version kept and listed (DecisionDocument)."""
    decision.document_version += 1
    content = decision_content(decision)
    stem = f"quyet-dinh-{decision.number}-{decision.date:%Y}-v{decision.document_version}"
    files = [
        (DecisionDocument.Kind.DOCX, decision.docx, f"{stem}.docx", render_decision(content)),
        (DecisionDocument.Kind.PDF, decision.pdf, f"{stem}.pdf", render_decision_pdf(content)),
        (
            DecisionDocument.Kind.CERTIFICATES,
            decision.certificates,
            f"bang-khen-{stem}.docx",
            render_certificates(certificates_content(decision)),
        ),
    ]
    for kind, field, name, data in files:
        field.save(name, ContentFile(data), save=False)
        DecisionDocument.objects.create(
            decision=decision,
            version=decision.document_version,
            kind=kind,
            file=field.name,
            note=note[:255],
        )


def proposal_content(round: Round, award: AwardType) -> Proposal:
    """The Tờ trình asking the awarding level to give `award` to the round's
    accepted nominations, with the attached list."""
    nominations = list(
        round.nominations.filter(award_type=award, status__in=["accepted", "awarded"])
        .select_related("unit")
        .order_by("recipient_kind", "pk")
    )
    collectives = [n for n in nominations if n.recipient_kind == RecipientKind.COLLECTIVE]
    individuals = [n for n in nominations if n.recipient_kind == RecipientKind.INDIVIDUAL]
    rows = [["", "I. TẬP THỂ", "", ""]] if collectives else []
    rows += [[str(i), n.unit.name, "", n.achievement[:200]] for i, n in enumerate(collectives, 1)]
    if individuals:
        rows.append(["", "II. CÁ NHÂN", "", ""])
        rows += [
            [str(i), n.person_name, n.position or n.unit.name, n.achievement[:200]]
            for i, n in enumerate(individuals, 1)
        ]
    counts = (
        " và ".join(
            part
            for part in (
                f"{len(collectives)} tập thể" if collectives else "",
                f"{len(individuals)} cá nhân" if individuals else "",
            )
            if part
        )
        or "0 tập thể, cá nhân"
    )
    unit = round.unit
    return Proposal(
        header=Header(
            "",
            f"HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG\n{unit.name.upper()}",
            "/TTr-HĐTĐKT",
            unit.name,
            timezone.localdate(),
        ),
        subject=f"Về việc đề nghị tặng {award.name}",
        to=f"Chủ tịch Ủy ban nhân dân {unit.name}",
        paragraphs=[
            f"Căn cứ kết quả phong trào Toàn dân bảo vệ an ninh Tổ quốc năm {round.year} và kết "
            f"quả xét của Hội đồng Thi đua - Khen thưởng ({round.name}),",
            f"Hội đồng Thi đua - Khen thưởng kính trình xem xét, tặng {award.name} cho {counts} "
            "đã có thành tích xuất sắc trong phong trào (có danh sách kèm theo).",
            "Kính trình xem xét, quyết định./.",
        ],
        recipients=["Như trên;", "Lưu: VT, TĐKT."],
        signature=Signature("TM.", "HỘI ĐỒNG", "CHỦ TỊCH", ""),
        annex_title="DANH SÁCH",
        annex_subtitle=f"Tập thể, cá nhân đề nghị tặng {award.name}\n(Kèm theo Tờ trình)",
        annex_columns=["STT", "Tên tập thể, cá nhân", "Chức vụ, đơn vị", "Thành tích"],
        annex_rows=rows,
    )


@transaction.atomic
def decision_reissue(*, by, decision: Decision, note: str) -> Decision:
    """A corrected decision: a new document version, the old file kept."""
    lock_current(decision)
    _require(by, APPROVE, decision.round.unit.path, _("Chỉ cấp khen thưởng ra quyết định."))
    if decision.status != Decision.Status.ISSUED:
        raise ValidationError(_("Chỉ ban hành lại quyết định đã ban hành."))
    if not note.strip():
        raise ValidationError({"note": [_("Nêu nội dung điều chỉnh.")]})
    before = snapshot(decision, DECISION_FIELDS)
    _generate(decision, note)
    bump(decision)
    decision.save()
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=decision,
        unit_path=decision.round.unit.path,
        before=before,
        after=snapshot(decision, DECISION_FIELDS),
        note=note,
    )
    return decision
