"""What the documents of rewards say. The award decision (registered with
antq.documents as the composer of "awards.decision"): issued by the body the
award type names (the chairman of the provincial People's Committee, the
director of the provincial police, the chairman of a commune…), citing the
laws in force on its date, with its attached list and one certificate per
recipient, each with its own register number. And the council's proposal
(Tờ trình) asking for an award."""

from antq.awards.models import AwardType, Decision, RecipientKind, Round
from antq.core.documents import Block, Paper, Signature, text_block
from antq.documents.authority import in_sentence
from antq.documents.composers import Annex, Body, CertificateBody, header_of
from antq.documents.legal import EMULATION, EMULATION_DECREE, LOCAL_GOVERNMENT, POLICE_EMULATION
from antq.documents.models import Document, IssuingBody

SOURCE = "awards.decision"
COLUMNS = ["STT", "Tên tập thể, cá nhân", "Chức vụ, đơn vị", "Thành tích"]


def purpose(award: AwardType) -> str:
    """The rule of antq.documents.Authority that names who issues `award`."""
    return f"award:{award.code}"


def position_and_unit(nomination) -> str:
    """The "Chức vụ, đơn vị" column: a person's position and unit ("Trưởng
    khu phố, Khu phố 1"); a collective's unit above it ("Phường Hạ Long")."""
    unit = nomination.unit
    if nomination.recipient_kind == RecipientKind.COLLECTIVE:
        return unit.parent.name if unit.parent_id else ""
    position = " ".join(nomination.position.split())
    return f"{position}, {unit.name}" if position else unit.name


def _rows(nominations) -> tuple[list[list[str]], str]:
    collectives = [n for n in nominations if n.recipient_kind == RecipientKind.COLLECTIVE]
    individuals = [n for n in nominations if n.recipient_kind == RecipientKind.INDIVIDUAL]
    rows = [["", "I. TẬP THỂ", "", ""]] if collectives else []
    rows += [
        [str(i), n.unit.name, position_and_unit(n), n.achievement[:200]]
        for i, n in enumerate(collectives, 1)
    ]
    if individuals:
        rows.append(["", "II. CÁ NHÂN", "", ""])
        rows += [
            [str(i), n.person_name, position_and_unit(n), n.achievement[:200]]
            for i, n in enumerate(individuals, 1)
        ]
    counts = [f"{len(collectives)} tập thể"] if collectives else []
    counts += [f"{len(individuals)} cá nhân"] if individuals else []
    return rows, " và ".join(counts) or "0 tập thể, cá nhân"


def _topics(body: IssuingBody) -> list[str]:
    if body.kind in {IssuingBody.Kind.POLICE, IssuingBody.Kind.MINISTRY}:
        return [EMULATION, EMULATION_DECREE, POLICE_EMULATION]
    return [LOCAL_GOVERNMENT, EMULATION, EMULATION_DECREE]


def compose(document: Document) -> Body:
    decision = Decision.objects.select_related("round__unit", "award_type").get(
        pk=document.source_id
    )
    round, award = decision.round, decision.award_type
    nominations = list(
        decision.nominations.select_related("unit__parent").order_by("recipient_kind", "pk")
    )
    rows, counts = _rows(nominations)
    body = document.body
    date = f"{document.date:%d/%m/%Y}" if document.date else "…"
    executors = body.executors or "Thủ trưởng các cơ quan, đơn vị có liên quan"
    return Body(
        subject=f"Về việc tặng {award.name}",
        legal_topics=_topics(body),
        grounds=[
            f"Xét đề nghị của Hội đồng Thi đua - Khen thưởng {in_sentence(round.unit)} "
            f"({round.name})"
        ],
        articles=[
            f"Tặng {award.name} cho {counts} đã có thành tích trong phong trào Toàn dân bảo vệ "
            f"an ninh Tổ quốc năm {round.year} (có danh sách kèm theo).",
            "Quyết định này có hiệu lực kể từ ngày ký.",
            f"{executors} và các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành "
            "Quyết định này./.",
        ],
        annex=Annex(
            title="DANH SÁCH",
            subtitle=f"Tập thể, cá nhân được tặng {award.name}\n(Kèm theo Quyết định số "
            f"{document.reference} ngày {date} của {_whose(document)})",
            columns=COLUMNS,
            rows=rows,
        ),
        certificates=[
            CertificateBody((n.person_name or n.unit.name).upper(), n.achievement)
            for n in nominations
        ],
    )


def _whose(document: Document) -> str:
    """ "Chủ tịch Ủy ban nhân dân tỉnh Quảng Ninh" when the head decides,
    "Ủy ban nhân dân tỉnh Quảng Ninh" when the collective does."""
    body = document.body
    if document.signing_form in {"TM", "TM_KT"} and body.collective:
        return body.name_in_sentence
    return f"{body.head_title.capitalize()} {body.name_in_sentence}"


def _proposal_parts(round: Round, award: AwardType, annex_of: str) -> tuple[list, Annex]:
    """The Tờ trình's body and its attached list of the round's accepted
    nominations for `award`."""
    nominations = list(
        round.nominations.filter(award_type=award, status__in=["accepted", "awarded"])
        .select_related("unit__parent")
        .order_by("recipient_kind", "pk")
    )
    rows, counts = _rows(nominations)
    blocks = [
        text_block("center", f"Kính gửi: Chủ tịch Ủy ban nhân dân {in_sentence(round.unit)}"),
        text_block(
            "p",
            f"Căn cứ kết quả phong trào Toàn dân bảo vệ an ninh Tổ quốc năm {round.year} và "
            f"kết quả xét của Hội đồng Thi đua - Khen thưởng ({round.name}),",
        ),
        text_block(
            "p",
            f"Hội đồng Thi đua - Khen thưởng kính trình xem xét, tặng {award.name} cho {counts} "
            "đã có thành tích xuất sắc trong phong trào (có danh sách kèm theo).",
        ),
        text_block("p", "Kính trình xem xét, quyết định./."),
    ]
    subtitle = f"Tập thể, cá nhân đề nghị tặng {award.name}\n({annex_of})"
    return blocks, Annex("DANH SÁCH", subtitle, COLUMNS, rows)


def proposal_paper(round: Round, award: AwardType, document: Document) -> Paper:
    """The council's Tờ trình asking the awarding level to give `award` to the
    round's accepted nominations, with the attached list (a draft of a
    document of the council's register)."""
    blocks, annex = _proposal_parts(round, award, "Kèm theo Tờ trình")
    return Paper(
        header=header_of(document),
        kind="TỜ TRÌNH",
        subject=f"Về việc đề nghị tặng {award.name}",
        blocks=blocks,
        recipients=["Như trên;", f"Lưu: {document.body.archive}."],
        signature=Signature([f"TM. {document.body.collective}", "CHỦ TỊCH"], ""),
        draft=True,
        annex=[
            Block("break"),
            text_block("title", annex.title),
            text_block("subtitle", annex.subtitle),
            Block("table", rows=[COLUMNS, *annex.rows]),
        ]
        if annex.rows
        else [],
    )


PROPOSAL = "awards.proposal"


def compose_proposal(document: Document) -> Body:
    """The Tờ trình as a document of the council's register (composer of
    "awards.proposal"): the round is its source, the award type in its content."""
    round = Round.objects.select_related("unit").get(pk=document.source_id)
    award = AwardType.objects.get(code=document.content["award"])
    date = f" ngày {document.date:%d/%m/%Y}" if document.date else ""
    annex_of = (
        f"Kèm theo Tờ trình số {document.reference}{date} của {document.body.name_in_sentence}"
    )
    blocks, annex = _proposal_parts(round, award, annex_of)
    return Body(subject=f"Về việc đề nghị tặng {award.name}", blocks=blocks, annex=annex)
