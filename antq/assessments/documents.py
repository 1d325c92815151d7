"""What a recognition decision says (registered with antq.documents as the
composer of "assessments.recognition"): the subject, the grounds (the laws in
force on its date come from the register), the articles, the attached list
and one certificate per unit; the header, number, place and signature are the
register's."""

from antq.documents.authority import in_sentence
from antq.documents.composers import Annex, Body, CertificateBody
from antq.documents.legal import LOCAL_GOVERNMENT, SAFETY_STANDARD
from antq.documents.models import Document
from antq.units.models import Unit

SOURCE = "assessments.recognition"
STANDARD = "“An toàn về an ninh, trật tự”"
SUBJECTS = {
    Unit.Type.RESIDENTIAL_AREA: "khu dân cư",
    Unit.Type.COMMUNE: "xã, phường, đặc khu",
    Unit.Type.AGENCY: "cơ quan",
    Unit.Type.ENTERPRISE: "doanh nghiệp",
    Unit.Type.SCHOOL: "cơ sở giáo dục",
}


def subject_units(units) -> str:
    kinds = sorted({SUBJECTS[u.type] for u in units}, key=list(SUBJECTS.values()).index)
    return ", ".join(kinds)


def compose(document: Document) -> Body:
    from antq.assessments.models import RecognitionDecision

    decision = RecognitionDecision.objects.select_related("issuer", "campaign").get(
        pk=document.source_id
    )
    issuer, year = decision.issuer, decision.campaign.year
    units = [
        a.unit
        for a in decision.assessments.select_related("unit").order_by(
            "unit__type", "unit__name_folded"
        )
    ]
    what = subject_units(units)
    body = document.body
    reference = document.reference
    date = f"{document.date:%d/%m/%Y}" if document.date else "…"
    proposer = decision.proposer or f"Trưởng Công an {in_sentence(issuer)}"
    executors = body.executors or "Các cơ quan, đơn vị có liên quan"
    return Body(
        subject=f"Về việc công nhận {what} đạt tiêu chuẩn\n{STANDARD} năm {year}",
        legal_topics=[LOCAL_GOVERNMENT, SAFETY_STANDARD],
        grounds=[
            f"Căn cứ kết quả xét duyệt hồ sơ đề nghị công nhận đạt tiêu chuẩn {STANDARD} "
            f"năm {year}",
            f"Theo đề nghị của {proposer}",
        ],
        articles=[
            f"Công nhận {len(units)} {what} đạt tiêu chuẩn {STANDARD} năm {year} "
            "(có danh sách kèm theo).",
            "Quyết định này có hiệu lực kể từ ngày ký.",
            f"{executors}, người đứng đầu các khu dân cư, cơ quan, đơn vị có tên tại Điều 1 và "
            "các cơ quan, đơn vị có liên quan chịu trách nhiệm thi hành Quyết định này./.",
        ],
        annex=Annex(
            title="DANH SÁCH",
            subtitle=f"{what.capitalize()} đạt tiêu chuẩn {STANDARD} năm {year}\n"
            f"(Kèm theo Quyết định số {reference} ngày {date} của {body.name_in_sentence})",
            columns=["STT", "Tên đơn vị", "Loại hình", "Mã"],
            rows=[[str(i), u.name, u.get_kind_display(), u.code] for i, u in enumerate(units, 1)],
        ),
        certificates=[
            CertificateBody(u.name.upper(), f"Đạt tiêu chuẩn {STANDARD} năm {year}")
            for u in sorted(units, key=lambda u: u.name_folded)
        ],
        certificate_title="GIẤY CÔNG NHẬN",
    )
