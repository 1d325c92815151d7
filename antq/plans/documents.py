"""What a plan drafted in antq says, as a document of the outgoing register
(registered with antq.documents as the composer of "plans.plan"): the title,
the "Căn cứ" in force on its date, I. its purpose and requirements, II. its
key tasks (a table: lead, coordinating units, when, output), III. how it is
carried out. The header, number, place line, signature and recipients are
the register's."""

from antq.core.documents import Block, text_block
from antq.documents.composers import Body
from antq.documents.legal import SAFETY_STANDARD
from antq.documents.models import Document
from antq.plans.models import Plan, Task
from antq.plans.services.issuing import SOURCE
from antq.plans.services.recurrence import recurrence_choice, recurrence_label

__all__ = ["SOURCE", "compose", "when"]
COLUMNS = ["TT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian", "Sản phẩm"]
QUARTERLY = "BYMONTH=3,6,9,12"


def when(task: Task) -> str:
    """The task's time as a plan writes it: "Trước ngày 31/12/2026", "Hằng năm,
    trước ngày 19/8", "Hằng quý" (never an RRULE)."""
    if task.recurrence:
        choice, _custom = recurrence_choice(task.recurrence)
        if choice != "custom":
            return recurrence_label(task.recurrence)
        return "Hằng quý" if QUARTERLY in task.recurrence else "Định kỳ"
    if task.deadline:
        return f"Trước ngày {task.deadline:%d/%m/%Y}"
    return "Thường xuyên"


def _paragraphs(text: str, default: list[str]) -> list[Block]:
    lines = [line.strip() for line in text.splitlines() if line.strip()] or default
    return [text_block("p", line) for line in lines]


def compose(document: Document) -> Body:
    plan = Plan.objects.select_related("unit").get(pk=document.source_id)
    tasks = list(plan.tasks.select_related("lead").order_by("number"))
    years = (
        f"năm {plan.first_year}"
        if plan.first_year == plan.last_year
        else f"giai đoạn {plan.first_year}–{plan.last_year}"
    )
    purpose = _paragraphs(
        document.content.get("purpose", ""),
        [
            f"Tổ chức thực hiện có hiệu quả phong trào Toàn dân bảo vệ an ninh Tổ quốc {years} "
            f"trên địa bàn {plan.unit.name[:1].lower()}{plan.unit.name[1:]}.",
            "Xác định rõ nhiệm vụ trọng tâm, đơn vị chủ trì, đơn vị phối hợp và thời gian hoàn "
            "thành; bảo đảm thực hiện đồng bộ, thống nhất, đúng tiến độ.",
        ],
    )
    organisation = _paragraphs(
        document.content.get("organisation", ""),
        [
            "Các cơ quan, đơn vị, địa phương được giao chủ trì căn cứ Kế hoạch này xây dựng kế "
            "hoạch cụ thể, tổ chức thực hiện và định kỳ báo cáo kết quả thực hiện nhiệm vụ được "
            "giao.",
            "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các cơ quan, đơn vị kịp thời "
            "báo cáo để xem xét, chỉ đạo.",
        ],
    )
    rows = [
        [str(t.number), " ".join(t.text.split()), t.lead.name, t.coordinating, when(t),
         t.expected_output]
        for t in tasks
    ]  # fmt: skip
    title = " ".join(plan.title.split())
    blocks = [
        text_block(
            "p",
            f"{document.body.name_in_sentence} ban hành Kế hoạch "
            f"{title[:1].lower()}{title[1:]} như sau:",
        ),
        text_block("h1", "I. MỤC ĐÍCH, YÊU CẦU", bold=True),
        *purpose,
        text_block("h1", "II. NHIỆM VỤ TRỌNG TÂM", bold=True),
    ]
    if rows:
        blocks.append(Block("table", rows=[COLUMNS, *rows]))
    else:
        blocks.append(text_block("p", "(Chưa có nhiệm vụ.)"))
    blocks += [text_block("h1", "III. TỔ CHỨC THỰC HIỆN", bold=True), *organisation]
    return Body(subject=plan.title, legal_topics=[SAFETY_STANDARD], blocks=blocks)
