"""Recognition decisions: one per batch, issued with its attached list, a PDF and
the certificates; re-issuing after a correction adds a version and keeps the
old files. Each service makes a move of `RecognitionDecision.moves`; issuing
moves every assessment of the decision (`Assessment.moves` "recognize"), one
audit entry per assessment."""

from collections.abc import Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from antq.accounts.access import APPROVE, Actor, require
from antq.assessments.models import Assessment, Campaign, DecisionDocument, RecognitionDecision
from antq.assessments.services.workflow import FIELDS as ASSESSMENT_FIELDS
from antq.assessments.services.workflow import classify
from antq.audit.models import AuditEntry
from antq.audit.services import audit_record, audit_record_each, snapshot
from antq.audit.versions import bump
from antq.core.actors import person_of
from antq.core.documents import (
    Certificate,
    Decision,
    Header,
    Signature,
    render_certificates,
    render_decision,
    render_decision_pdf,
)
from antq.core.workflow import WrongState
from antq.units.models import Unit

DECISION_FIELDS = [
    "number",
    "symbol",
    "date",
    "place",
    "signer_name",
    "signing_form",
    "signer_title",
    "proposer",
    "status",
]
STANDARD = "“An toàn về an ninh, trật tự”"
TT124 = (
    "Thông tư số 124/2021/TT-BCA ngày 28 tháng 12 năm 2021 của Bộ trưởng Bộ Công an quy "
    "định về khu dân cư, xã, phường, thị trấn, cơ quan, doanh nghiệp, cơ sở giáo dục đạt "
    "tiêu chuẩn " + STANDARD + ", được sửa đổi, bổ sung bởi Thông tư số 48/2025/TT-BCA"
)
SUBJECTS = {
    Unit.Type.RESIDENTIAL_AREA: "khu dân cư",
    Unit.Type.COMMUNE: "xã, phường, đặc khu",
    Unit.Type.AGENCY: "cơ quan",
    Unit.Type.ENTERPRISE: "doanh nghiệp",
    Unit.Type.SCHOOL: "cơ sở giáo dục",
}


def _issuer_refused() -> str:
    return _("Bạn không có thẩm quyền ban hành quyết định của đơn vị này.")


@transaction.atomic
def decision_create(
    *,
    by: Actor,
    campaign: Campaign,
    issuer: Unit,
    assessments: Sequence[Assessment],
    number: int,
    day: date,
    signer_name: str,
    place: str = "",
    signing_form: str = RecognitionDecision.SigningForm.TM,
    signer_title: str = "CHỦ TỊCH",
    proposer: str = "",
    symbol: str = "QĐ-UBND",
) -> RecognitionDecision:
    """Draft a decision of `issuer` recognizing `assessments` (all proposed, all
    within the issuer's competence, none already in another decision). Raises
    Refused or ValidationError (which units cannot go in, a number used)."""
    require(by, APPROVE, issuer, _issuer_refused())
    if not assessments:
        raise ValidationError(_("Chọn ít nhất một đơn vị đã được đề nghị công nhận."))
    problems = [
        a.unit.name
        for a in assessments
        if not Assessment.moves.can(a, "recognize")
        or a.campaign_id != campaign.pk
        or a.decision_id is not None
        or campaign.recognizer_of(a.unit) != issuer
    ]
    if problems:
        raise ValidationError(
            _(
                "Không đưa được vào quyết định (chưa được đề nghị, đã có quyết "
                "định hoặc không thuộc thẩm quyền): %(units)s."
            )
            % {"units": ", ".join(problems)}
        )
    decision = RecognitionDecision(
        campaign=campaign,
        issuer=issuer,
        number=number,
        symbol=symbol.strip(),
        date=day,
        place=(place or issuer.short_name).strip(),
        signer_name=signer_name.strip(),
        signing_form=signing_form,
        signer_title=signer_title.strip().upper(),
        proposer=proposer.strip() or f"Trưởng Công an {in_sentence(issuer)}",
        created_by=person_of(by),
    )
    decision.full_clean()
    try:
        with transaction.atomic():
            decision.save()
    except IntegrityError:
        raise ValidationError({"number": [_("Số quyết định này đã được dùng.")]}) from None
    Assessment.objects.filter(pk__in=[a.pk for a in assessments]).update(decision=decision)
    audit_record(
        actor=by,
        action=AuditEntry.Action.CREATE,
        obj=decision,
        unit_path=issuer.path,
        after=snapshot(decision, DECISION_FIELDS) | {"units": [a.unit.code for a in assessments]},
    )
    return decision


def in_sentence(unit: Unit) -> str:
    """ "Phường Hạ Long" as written inside a sentence: "phường Hạ Long"."""
    return unit.name[:1].lower() + unit.name[1:]


def _body_name(issuer: Unit) -> str:
    return f"ỦY BAN NHÂN DÂN\n{issuer.name.upper()}"


def decision_content(decision: RecognitionDecision) -> Decision:
    """What the decision says, shared by the DOCX and the PDF."""
    issuer = decision.issuer
    units = [
        a.unit
        for a in decision.assessments.select_related("unit").order_by(
            "unit__type", "unit__name_folded"
        )
    ]
    kinds = sorted({SUBJECTS[u.type] for u in units}, key=list(SUBJECTS.values()).index)
    subject_units = ", ".join(kinds)
    year = decision.campaign.year
    authority = f"ỦY BAN NHÂN DÂN {issuer.name.upper()}"
    if decision.signing_form == RecognitionDecision.SigningForm.KT:
        signature = Signature("KT.", "CHỦ TỊCH", decision.signer_title, decision.signer_name)
    else:
        signature = Signature("TM.", "ỦY BAN NHÂN DÂN", decision.signer_title, decision.signer_name)
    return Decision(
        header=Header("", _body_name(issuer), decision.reference, decision.place, decision.date),
        kind="QUYẾT ĐỊNH",
        subject=f"Về việc công nhận {subject_units} đạt tiêu chuẩn\n{STANDARD} năm {year}",
        authority_line=authority,
        grounds=[
            "Căn cứ Luật Tổ chức chính quyền địa phương năm 2025",
            f"Căn cứ {TT124}",
            f"Căn cứ kết quả xét duyệt hồ sơ đề nghị công nhận đạt tiêu chuẩn {STANDARD} "
            f"năm {year}",
            f"Theo đề nghị của {decision.proposer}",
        ],
        articles=[
            f"Công nhận {len(units)} {subject_units} đạt tiêu chuẩn {STANDARD} năm {year} "
            "(có danh sách kèm theo).",
            "Quyết định này có hiệu lực kể từ ngày ký.",
            f"Chánh Văn phòng, Trưởng Công an {in_sentence(issuer)}, người đứng đầu các "
            "khu dân cư, cơ quan, đơn vị có tên tại Điều 1 và các cơ quan, đơn vị có liên quan "
            "chịu trách nhiệm thi hành Quyết định này./.",
        ],
        recipients=["Như Điều 3;", "Công an tỉnh (để báo cáo);", "Lưu: VT, CA."],
        signature=signature,
        annex_title="DANH SÁCH",
        annex_subtitle=(
            f"{subject_units.capitalize()} đạt tiêu chuẩn {STANDARD} năm {year}\n"
            f"(Kèm theo Quyết định số {decision.reference} ngày "
            f"{decision.date:%d/%m/%Y} của Ủy ban nhân dân {in_sentence(issuer)})"
        ),
        annex_columns=["STT", "Tên đơn vị", "Loại hình", "Mã"],
        annex_rows=[
            [str(i), u.name, u.get_kind_display(), u.code] for i, u in enumerate(units, start=1)
        ],
    )


def decision_pdf(content: Decision) -> bytes:
    """The same decision rendered to PDF by WeasyPrint (A4, Decree 30 margins)."""
    return render_decision_pdf(content)


def certificates_content(decision: RecognitionDecision) -> list[Certificate]:
    content = decision_content(decision)
    year = decision.campaign.year
    return [
        Certificate(
            header=content.header,
            recipient=a.unit.name.upper(),
            achievement=f"Đạt tiêu chuẩn {STANDARD} năm {year}",
            basis=f"(Kèm theo Quyết định số {decision.reference} ngày "
            f"{decision.date:%d/%m/%Y} của Ủy ban nhân dân {in_sentence(decision.issuer)})",
            signature=content.signature,
        )
        for a in decision.assessments.select_related("unit").order_by("unit__name_folded")
    ]


def _generate(decision: RecognitionDecision, by: Actor, note: str) -> int:
    version = (decision.documents.aggregate(v=Max("version"))["v"] or 0) + 1
    content = decision_content(decision)
    stem = f"quyet-dinh-{decision.number:02d}-{decision.date:%Y%m%d}"
    files = [
        (DecisionDocument.Kind.DECISION_DOCX, f"{stem}.docx", render_decision(content)),
        (DecisionDocument.Kind.DECISION_PDF, f"{stem}.pdf", decision_pdf(content)),
        (
            DecisionDocument.Kind.CERTIFICATES_DOCX,
            f"giay-cong-nhan-{stem}.docx",
            render_certificates(certificates_content(decision)),
        ),
    ]
    creator = person_of(by)
    for kind, name, data in files:
        document = DecisionDocument(
            decision=decision, version=version, kind=kind, note=note, created_by=creator
        )
        document.file.save(name, ContentFile(data), save=False)
        document.save()
    return version


@transaction.atomic
def decision_issue(
    *, by: Actor, decision: RecognitionDecision, generate: bool = True
) -> RecognitionDecision:
    """Issue the decision: its units become recognized (and are re-classified),
    one audit entry each, then the decision's own; the DOCX, PDF and
    certificates are generated as version 1. Raises Refused, or WrongState
    when the decision is issued already or one of its assessments is no
    longer proposed (nothing is written)."""
    require(by, APPROVE, decision.issuer, _issuer_refused())
    RecognitionDecision.moves.check(decision, "issue")
    before = snapshot(decision, DECISION_FIELDS)
    _recognize(by, decision)
    RecognitionDecision.moves.apply(decision, "issue")
    decision.issued_at = timezone.now()
    decision.save()
    if generate:
        _generate(decision, by, note=_("Ban hành"))
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=decision,
        unit_path=decision.issuer.path,
        before=before,
        after=snapshot(decision, DECISION_FIELDS),
        note=_("Ban hành quyết định"),
    )
    return decision


def _recognize(by: Actor, decision: RecognitionDecision) -> list[Assessment]:
    """Every assessment of `decision` recognized and re-classified: a bulk move,
    audited row by row like the same moves made one at a time."""
    campaign = decision.campaign
    assessments = list(
        decision.assessments.select_for_update().select_related("unit").order_by("pk")
    )
    before = {a.pk: snapshot(a, ASSESSMENT_FIELDS) for a in assessments}
    for assessment in assessments:
        Assessment.moves.apply(assessment, "recognize")
        assessment.classification = classify(campaign, assessment.confirmed_score, True)
        bump(assessment)
        assessment.save(update_fields=["status", "classification", "updated_at", "version"])
    audit_record_each(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        objects=assessments,
        unit_path_of=lambda a: a.unit.path,
        before_of=lambda a: before[a.pk],
        after_of=lambda a: snapshot(a, ASSESSMENT_FIELDS),
        note=_("Công nhận theo quyết định %(reference)s") % {"reference": decision.reference},
    )
    return assessments


@transaction.atomic
def decision_generate(*, by: Actor, decision: RecognitionDecision) -> int:
    """Generate the files of an issued decision that has none yet (issued in bulk
    without files, or after a template change); returns the version. Raises
    Refused, or WrongState (a draft, or files already made)."""
    require(by, APPROVE, decision.issuer, _issuer_refused())
    RecognitionDecision.moves.check(decision, "generate")
    if decision.documents.exists():
        raise WrongState(
            _("Quyết định đã có văn bản; dùng “Ban hành lại” để đính chính."),
            current=decision.status,
            current_label=decision.get_status_display(),
        )
    version = _generate(decision, by, note=_("Tạo văn bản"))
    fields = snapshot(decision, DECISION_FIELDS)
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=decision,
        unit_path=decision.issuer.path,
        before=fields | {"documents_version": None},
        after=fields | {"documents_version": version},
        note=_("Tạo văn bản"),
    )
    return version


@transaction.atomic
def decision_reissue(
    *, by: Actor, decision: RecognitionDecision, note: str, **corrections
) -> RecognitionDecision:
    """Correct an issued decision (signer, date, place, proposer…) and generate a
    new version of its files; the earlier files stay available. Raises Refused,
    WrongState (not issued) or ValidationError."""
    require(by, APPROVE, decision.issuer, _issuer_refused())
    RecognitionDecision.moves.check(decision, "reissue")
    allowed = {"date", "place", "signer_name", "signing_form", "signer_title", "proposer"}
    unknown = set(corrections) - allowed
    if unknown or not note.strip():
        raise ValidationError(
            _(
                "Cần ghi lý do đính chính; chỉ sửa được ngày, địa danh, người "
                "ký, hình thức ký và người đề nghị."
            )
        )
    before = snapshot(decision, DECISION_FIELDS)
    for field, value in corrections.items():
        setattr(decision, field, value)
    decision.full_clean()
    decision.save()
    version = _generate(decision, by, note=note.strip()[:255])
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=decision,
        unit_path=decision.issuer.path,
        before=before,
        after=snapshot(decision, DECISION_FIELDS) | {"documents_version": version},
        note=note.strip()[:255],
    )
    return decision
