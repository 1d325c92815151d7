"""DOCX through docxtpl templates, one per document type: antq ships a set
(`shipped/`, built from `core.documents`' Decree 30 pieces by
`antq build_document_templates`); a province may upload its own in /admin/,
checked for the placeholders it must contain. The body goes into the
template as a sub-document; the PDF is `core.documents.render_pdf`.

Placeholders of a text document (Quyết định, Kế hoạch, Báo cáo, Tờ trình,
Thông báo) and of a certificate (Giấy khen, Bằng khen, Giấy chứng nhận) are
listed in REQUIRED; `docs/documents.md` explains each.
"""

import io
from pathlib import Path

from django.utils.translation import gettext as _
from docxtpl import DocxTemplate

from antq.core.documents import Certificate, Paper, write_blocks
from antq.documents.models import CERTIFICATE_TYPES, DocumentTemplate
from antq.units.models import Unit

SHIPPED = Path(__file__).resolve().parent / "shipped"
TEXT_REQUIRED = frozenset(
    {"co_quan", "so_ky_hieu", "dia_danh_ngay", "ten_loai", "trich_yeu", "noi_dung"}
    | {"noi_nhan", "chu_ky", "nguoi_ky"}
)
CERTIFICATE_REQUIRED = frozenset(
    {"co_quan", "so_vao_so", "dia_danh_ngay", "ten_loai", "nguoi_nhan", "thanh_tich"}
    | {"can_cu", "chu_ky", "nguoi_ky"}
)


def required_for(doc_type: str) -> frozenset[str]:
    return CERTIFICATE_REQUIRED if doc_type in CERTIFICATE_TYPES else TEXT_REQUIRED


def shipped_path(doc_type: str) -> Path:
    return SHIPPED / f"{doc_type}.docx"


def template_for(doc_type: str, unit: Unit | None):
    """The province's own template for the type (the one nearest `unit`, the
    latest uploaded), else antq's: a path or an open file."""
    rows = DocumentTemplate.objects.filter(doc_type=doc_type, active=True)
    candidates = [row for row in rows if row.unit_id is None or (
        unit is not None and unit.path.startswith(row.unit.path))]  # fmt: skip
    if candidates:
        best = max(candidates, key=lambda r: (len(r.unit.path) if r.unit_id else 0, r.uploaded_at))
        return io.BytesIO(best.file.open("rb").read())
    return shipped_path(doc_type)


def _lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


def paper_context(template: DocxTemplate, paper: Paper) -> dict:
    body = template.new_subdoc()
    write_blocks(body, paper.blocks)
    annex = None
    if paper.annex:
        annex = template.new_subdoc()
        write_blocks(annex, paper.annex)
    return {
        "du_thao": paper.draft,
        "co_quan_chu_quan": _lines(paper.header.parent_body),
        "co_quan": _lines(paper.header.issuing_body),
        "so_ky_hieu": paper.header.reference,
        "dia_danh_ngay": paper.header.place_line,
        "ten_loai": paper.kind,
        "trich_yeu": _lines(paper.subject),
        "noi_dung": body,
        "phu_luc": annex,
        "noi_nhan": list(paper.recipients),
        "chu_ky": list(paper.signature.lines),
        "nguoi_ky": paper.signature.name,
    }


def certificate_context(certificate: Certificate) -> dict:
    return {
        "du_thao": certificate.draft,
        "co_quan_chu_quan": _lines(certificate.header.parent_body),
        "co_quan": _lines(certificate.header.issuing_body),
        "so_vao_so": certificate.header.reference,
        "dia_danh_ngay": certificate.header.place_line,
        "tham_quyen": certificate.authority,
        "tang": certificate.verb,
        "ten_loai": certificate.title,
        "nguoi_nhan": certificate.recipient,
        "thanh_tich": certificate.achievement,
        "can_cu": certificate.basis,
        "chu_ky": list(certificate.signature.lines),
        "nguoi_ky": certificate.signature.name,
    }


def _render(source, context_of) -> bytes:
    template = DocxTemplate(source)
    template.render(context_of(template), autoescape=True)
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()


def render_docx(paper: Paper, doc_type: str, unit: Unit | None) -> bytes:
    return _render(template_for(doc_type, unit), lambda t: paper_context(t, paper))


def render_certificate_docx(certificate: Certificate, doc_type: str, unit: Unit | None) -> bytes:
    return _render(template_for(doc_type, unit), lambda t: certificate_context(certificate))


class TemplateProblem(ValueError):
    """An uploaded template antq cannot use; the message says why, in Vietnamese."""


def check_template(data: bytes, doc_type: str) -> None:
    """Refuse a template that is not a DOCX, does not parse as a docxtpl
    template, lacks a placeholder the type needs, or fails to render a sample."""
    try:
        template = DocxTemplate(io.BytesIO(data))
        found = template.get_undeclared_template_variables()
    except Exception as error:  # docxtpl raises Jinja's and zipfile's errors alike
        raise TemplateProblem(
            _("Không đọc được mẫu (cần tệp DOCX với các ô {{ … }} hợp lệ): %(e)s")
            % {"e": str(error)[:200]}
        ) from None
    missing = sorted(required_for(doc_type) - set(found))
    if missing:
        raise TemplateProblem(
            _("Mẫu thiếu các ô bắt buộc: %(names)s.")
            % {"names": ", ".join(f"{{{{ {name} }}}}" for name in missing)}
        )
    try:
        sample = _sample_certificate() if doc_type in CERTIFICATE_TYPES else _sample_paper()
        if doc_type in CERTIFICATE_TYPES:
            _render(io.BytesIO(data), lambda t: certificate_context(sample))
        else:
            _render(io.BytesIO(data), lambda t: paper_context(t, sample))
    except Exception as error:
        raise TemplateProblem(
            _("Mẫu không tạo được văn bản thử: %(e)s") % {"e": str(error)[:200]}
        ) from None


def _sample_paper() -> Paper:
    from datetime import date

    from antq.core.documents import Header, Signature, text_block

    return Paper(
        header=Header("", "ỦY BAN NHÂN DÂN\nTỈNH MẪU", "01/QĐ-UBND", "Mẫu", date(2026, 1, 5)),
        kind="QUYẾT ĐỊNH",
        subject="Về việc thử mẫu",
        blocks=[text_block("p", "Nội dung thử.")],
        recipients=["Như Điều 3;", "Lưu: VT."],
        signature=Signature(["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], "Nguyễn Văn A"),
    )


def _sample_certificate() -> Certificate:
    from antq.core.documents import Signature

    paper = _sample_paper()
    return Certificate(
        header=paper.header,
        authority="CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH MẪU",
        title="GIẤY KHEN",
        recipient="ÔNG NGUYỄN VĂN B",
        achievement="Đã có thành tích",
        basis="(Theo Quyết định số 01/QĐ-UBND)",
        signature=Signature(["CHỦ TỊCH"], "Nguyễn Văn A"),
    )
