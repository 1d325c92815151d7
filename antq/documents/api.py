"""The register through the API, one set of paths for every module's
documents: list (filters), one document, its DOCX and PDF, and verification
of a signed PDF (public, like the page /van-ban/xac-minh/)."""

import datetime as dt

from django.http import HttpResponse
from ninja import Field, File, Query, Router, Schema
from ninja.files import UploadedFile

from antq.accounts.access import VIEW, get_for_user
from antq.core.api import ErrorOut, Id
from antq.documents.models import Document, DocumentType, IssuingBody
from antq.documents.selectors import register_search
from antq.documents.views import CONTENT_TYPES, file_response, verification
from antq.units.codes import unit_from_code

router = Router(tags=["documents"])
READ = {403: ErrorOut, 404: ErrorOut}


def _file(content_type: str) -> dict:
    """The 200 of a file download, documented (a fuzzer checks every answer)."""
    content = {content_type: {"schema": {"type": "string", "format": "binary"}}}
    return {"responses": {200: {"description": "OK", "content": content}}}


class SignerOut(Schema):
    lines: list[str] = Field(description="TM. …, KT. …, chức danh")
    name: str


class DocumentOut(Schema):
    id: int
    type: str = Field(description="qd, kh, bc, ttr, tb, gk, bk, gcn")
    type_label: str
    number: int | None
    symbol: str
    reference: str = Field(description="“12/QĐ-UBND”; số vào sổ của bằng, giấy khen")
    date: dt.date | None
    place: str
    subject: str
    issuing_body: str
    issuing_body_code: str = Field(description="mã định danh trao đổi văn bản (edXML)")
    signer: SignerOut
    recipients: list[str]
    status: str
    corrects: int | None = Field(description="văn bản này đính chính / thay thế văn bản nào")
    relation: str = Field(description="correction, replacement hoặc rỗng")
    replaced_by: int | None = Field(description="văn bản đính chính / thay thế văn bản này")
    cites: int | None = Field(description="quyết định cấp bằng, giấy khen này")
    pdf_sha256: str

    @staticmethod
    def resolve_type(obj: Document) -> str:
        return obj.doc_type

    @staticmethod
    def resolve_type_label(obj: Document) -> str:
        return obj.get_doc_type_display()

    @staticmethod
    def resolve_issuing_body(obj: Document) -> str:
        return str(obj.body)

    @staticmethod
    def resolve_issuing_body_code(obj: Document) -> str:
        return obj.body.identifier_code

    @staticmethod
    def resolve_signer(obj: Document) -> dict:
        return {"lines": obj.signature_lines(), "name": obj.signer_name}

    @staticmethod
    def resolve_recipients(obj: Document) -> list[str]:
        return obj.recipient_lines()

    @staticmethod
    def resolve_corrects(obj: Document) -> int | None:
        return obj.corrects_id

    @staticmethod
    def resolve_replaced_by(obj: Document) -> int | None:
        return obj.replaced_by_id

    @staticmethod
    def resolve_cites(obj: Document) -> int | None:
        return obj.cites_id


class Filters(Schema):
    unit: str | None = Field(None, description="mã đơn vị: văn bản của đơn vị và cấp dưới")
    year: int | None = Field(None, ge=1990, le=2100)
    type: DocumentType | None = None
    issuing_body: str | None = Field(None, max_length=60, description="mã cơ quan ban hành")
    number: str | None = Field(None, max_length=40, description="“12” hoặc “12/QĐ-UBND”")


class VerifyOut(Schema):
    valid: bool = Field(description="chữ ký hợp lệ và tệp khớp sổ đăng ký")
    signature_valid: bool
    reason: str
    document: DocumentOut | None
    sha256: str


@router.get("", response={200: list[DocumentOut], **READ}, summary="Sổ đăng ký văn bản đi")
def list_documents(request, filters: Query[Filters]):
    """The documents the caller may see, newest first (at most 1000)."""
    unit = unit_from_code(request, filters.unit) if filters.unit else None
    body = None
    if filters.issuing_body:
        body = get_for_user(
            IssuingBody.objects.all(), request.auth, VIEW, code=filters.issuing_body
        )
    rows = register_search(
        request.auth,
        unit=unit,
        year=filters.year,
        doc_type=filters.type or "",
        body=body,
        number=filters.number or "",
    )
    return list(rows[:1000])


def _document(request, pk: Id) -> Document:
    return get_for_user(Document.objects.select_related("body"), request.auth, VIEW, pk=pk)


@router.get("/{int:pk}", response={200: DocumentOut, **READ}, summary="Một văn bản")
def get_document(request, pk: Id):
    return _document(request, pk)


@router.get(
    "/{int:pk}/docx",
    response=READ,
    summary="Tệp DOCX đã ban hành",
    openapi_extra=_file(CONTENT_TYPES["docx"]),
)
def document_docx(request, pk: Id) -> HttpResponse:
    return file_response(_document(request, pk), "docx")


@router.get(
    "/{int:pk}/pdf",
    response=READ,
    summary="Tệp PDF đã ban hành (ký số)",
    openapi_extra=_file(CONTENT_TYPES["pdf"]),
)
def document_pdf(request, pk: Id) -> HttpResponse:
    return file_response(_document(request, pk), "pdf")


@router.post(
    "/verify",
    response={200: VerifyOut, 422: ErrorOut},
    auth=None,
    summary="Xác minh tệp PDF ký số (công khai)",
)
def verify(request, file: UploadedFile = File(...)):  # noqa: B008 (ninja declares parts so)
    """Whether the PDF's signature is valid and the file is the register's
    (number, date, SHA-256). Nothing is stored."""
    return verification(file.read(20 * 1024 * 1024 + 1)[: 20 * 1024 * 1024])
