"""Reads of the outgoing register: the scoped search behind the register
page, its XLSX and the API, and matching a PDF to its register entry."""

from datetime import date

from django.db.models import Q, QuerySet

from antq.accounts.access import VIEW
from antq.core.tabular import Column, write_workbook
from antq.core.vietnamese import format_date
from antq.documents.models import Document, IssuingBody
from antq.units.models import Unit


def register_search(
    user,
    *,
    unit: Unit | None = None,
    year: int | None = None,
    doc_type: str = "",
    body: IssuingBody | None = None,
    number: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    issued_only: bool = False,
) -> QuerySet[Document]:
    """The documents `user` may see, newest first, filtered: under `unit` (its
    subtree), in `year`, of a type, of a body, by number ("12" or "12/QĐ-UBND"),
    between two dates."""
    rows = Document.objects.for_user(user, VIEW).select_related("body", "corrects", "replaced_by")
    if unit is not None:
        rows = rows.filter(scope_path__prefix=unit.path)
    if year:
        rows = rows.filter(Q(year=year) | Q(year__isnull=True, date__year=year))
    if doc_type:
        rows = rows.filter(doc_type=doc_type)
    if body is not None:
        rows = rows.filter(body=body)
    text = number.strip()
    if text:
        head, _slash, symbol = text.partition("/")
        rows = rows.filter(number=int(head)) if head.isdigit() else rows.none()
        if symbol:
            rows = rows.filter(symbol__iexact=symbol.strip())
    if date_from:
        rows = rows.filter(date__gte=date_from)
    if date_to:
        rows = rows.filter(date__lte=date_to)
    if issued_only:
        rows = rows.exclude(status=Document.Status.DRAFT)
    return rows.order_by("-date", "body__name", "-number", "-pk")


def bodies_visible(user) -> QuerySet[IssuingBody]:
    return IssuingBody.objects.for_user(user, VIEW).order_by("scope_path", "kind")


COLUMNS = [
    Column("number", "Số, ký hiệu", width=20),
    Column("date", "Ngày ban hành", width=14),
    Column("type", "Loại văn bản", width=16),
    Column("subject", "Trích yếu", width=60),
    Column("body", "Cơ quan ban hành", width=36),
    Column("signer", "Người ký", width=30),
    Column("recipients", "Nơi nhận", width=40),
    Column("status", "Tình trạng", width=18),
    Column("link", "Đính chính / thay thế", width=24),
    Column("sha256", "SHA-256 tệp PDF", width=66),
]


def register_workbook(rows: QuerySet[Document], title: str) -> bytes:
    """The register as it is kept on paper, one line per document."""

    def line(d: Document) -> list[str]:
        link = ""
        if d.corrects_id:
            link = f"{d.get_relation_display()} {d.corrects.reference}"
        elif d.replaced_by_id:
            link = f"{d.get_status_display()} bởi {d.replaced_by.reference}"
        signer = " ".join([d.signer_title.capitalize(), d.signer_name]).strip()
        return [
            d.reference,
            format_date(d.date),
            d.get_doc_type_display(),
            " ".join(d.subject.split()),
            str(d.body),
            signer,
            "; ".join(line.rstrip(";.") for line in d.recipient_lines()),
            d.get_status_display(),
            link,
            d.pdf_sha256,
        ]

    return write_workbook([("So dang ky van ban di", COLUMNS, map(line, rows))], title=title)


def document_by_sha256(sha256: str) -> Document | None:
    """The register entry whose issued PDF has this SHA-256 (the verification)."""
    return (
        Document.objects.filter(pdf_sha256=sha256)
        .exclude(status=Document.Status.DRAFT)
        .select_related("body")
        .first()
    )
