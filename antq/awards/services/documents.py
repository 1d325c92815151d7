"""What the documents of rewards say: the award decision in the Decree 30
layout with its attached list, the printed certificates, and the council's
proposal (Tờ trình). Pure content: `decisions` renders and keeps the files."""

from django.utils import timezone

from antq.awards.models import AwardType, Decision, RecipientKind, Round
from antq.core.documents import Certificate, Header, Proposal, Signature
from antq.core.documents import Decision as DecisionContent


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
