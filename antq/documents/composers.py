"""What a document says, composed by the module it belongs to.

A module registers a composer for its kind of source when it is ready
(`register_composer("awards.decision", "antq.awards.documents.compose")`), so
documents never imports the modules above it. A composer answers a `Body`:
the subject, the legal topics and other grounds, the articles (a decision)
or blocks (a report, a plan), an attached list, and the certificates a
decision grants. The header, the place line, the number, the signature and
the recipients are the register's (`paper_of`), the same for every module.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.utils.module_loading import import_string

from antq.core.documents import Block, Certificate, Header, Paper, Signature, text_block
from antq.core.vietnamese import format_date
from antq.documents.authority import authority_line, signature_lines
from antq.documents.legal import grounds_on
from antq.documents.models import NAMES_ON_PAPER, Document, DocumentType


@dataclass
class Annex:
    title: str  # "DANH SÁCH"
    subtitle: str
    columns: Sequence[str]
    rows: Sequence[Sequence[str]]


@dataclass
class CertificateBody:
    recipient: str
    achievement: str


@dataclass
class Body:
    subject: str
    legal_topics: Sequence[str] = ()
    grounds: Sequence[str] = ()  # "Căn cứ kết quả …", "Theo đề nghị của …"
    articles: Sequence[str] = ()  # a decision's "Điều n."
    blocks: Sequence[Block] = ()  # any other document's body
    annex: Annex | None = None
    certificates: Sequence[CertificateBody] = field(default_factory=list)
    certificate_title: str = ""  # "GIẤY CÔNG NHẬN" rather than the type's own name


Composer = Callable[[Document], Body]
_COMPOSERS: dict[str, str] = {}
_PAGES: dict[str, str] = {}
_ISSUED_HERE: set[str] = set()


def register_composer(
    source_kind: str, dotted_path: str, page: str = "", *, issued_here: bool = False
) -> None:
    """`page`: the URL name of the module's page of the source (its id the one
    argument), where a draft composed by the module is issued. `issued_here`:
    issuing changes nothing in the module, so the register's page issues it."""
    _COMPOSERS[source_kind] = dotted_path
    if page:
        _PAGES[source_kind] = page
    if issued_here:
        _ISSUED_HERE.add(source_kind)


def issued_on_the_register(document: Document) -> bool:
    """Whether the register's page issues this draft (not its module's page)."""
    return not document.source_kind or document.source_kind in _ISSUED_HERE


def source_page(document: Document) -> str:
    """The module's page of what the document is about, if it named one."""
    from django.urls import reverse

    page = _PAGES.get(document.source_kind)
    return reverse(page, args=[document.source_id]) if page and document.source_id else ""


def compose(document: Document) -> Body:
    if document.relation == Document.Relation.CORRECTION:
        return correction_body(document)
    composer = _COMPOSERS.get(document.source_kind)
    if composer is None:
        return Body(
            subject=document.subject,
            blocks=[text_block("p", line) for line in document.content.get("text", [])],
        )
    body = import_string(composer)(document)
    if document.relation == Document.Relation.REPLACEMENT and document.corrects_id:
        body.articles = _replacing(body.articles, document.corrects)
    return body


def cites(original: Document) -> str:
    return (
        f"{original.get_doc_type_display()} số {original.reference} ngày "
        f"{format_date(original.date)} của {original.body.name_in_sentence}"
    )


def _replacing(articles: Sequence[str], original: Document) -> list[str]:
    """The article on when the decision takes effect also says which one it replaces."""
    replaced = f"thay thế {cites(original)}"
    articles = list(articles)
    for index, article in enumerate(articles):
        if article.startswith("Quyết định này có hiệu lực"):
            articles[index] = article.rstrip(".") + f" và {replaced}."
            return articles
    return [*articles, f"Quyết định này {replaced}."]


def correction_body(document: Document) -> Body:
    """A đính chính: its own number; it cites the original and says what is
    corrected; everything else of the original stays."""
    original = document.corrects
    base = compose(original) if original.source_kind else Body(subject=original.subject)
    executors = document.body.executors or "Các cơ quan, đơn vị có liên quan"
    return Body(
        subject=f"Về việc đính chính {cites(original)}",
        legal_topics=base.legal_topics,
        grounds=[f"Căn cứ {cites(original)} {original.subject[:1].lower()}{original.subject[1:]}"
                 .replace("\n", " ")],
        articles=[
            f"Đính chính {cites(original)}: {document.content.get('text', document.note)}",
            "Các nội dung khác giữ nguyên như đã ban hành.",
            "Quyết định này có hiệu lực kể từ ngày ký.",
            f"{executors} chịu trách nhiệm thi hành Quyết định này./.",
        ],
    )  # fmt: skip


def _decision_blocks(document: Document, body: Body) -> list[Block]:
    blocks = [text_block("center", authority_line(document.body, document.signing_form))]
    day = document.date
    grounds = (grounds_on(body.legal_topics, day) if day else []) + list(body.grounds)
    for index, ground in enumerate(grounds):
        ending = "." if index == len(grounds) - 1 else ";"
        blocks.append(text_block("ground", ground.rstrip(";.") + ending))
    blocks.append(text_block("center", "QUYẾT ĐỊNH:"))
    for number, article in enumerate(body.articles, start=1):
        blocks.append(Block("p", [(f"Điều {number}. ", True), (article, False)]))
    return blocks


def _annex_blocks(annex: Annex) -> list[Block]:
    return [
        Block("break"),
        text_block("title", annex.title),
        text_block("subtitle", annex.subtitle),
        Block("table", rows=[list(annex.columns), *annex.rows]),
    ]


def header_of(document: Document, *, certificate: bool = False) -> Header:
    from django.utils import timezone

    body = document.body
    return Header(
        parent_body=document.header_parent if document.is_issued else body.parent_name,
        issuing_body=document.header_body if document.is_issued else body.name,
        reference=document.reference,
        place=document.place or body.place,
        day=document.date or timezone.localdate(),
        reference_label="Số vào sổ" if certificate else "Số",
    )


def signature_of(document: Document) -> Signature:
    return Signature(
        signature_lines(document.body, document.signing_form, document.signer_title),
        document.signer_name,
    )


def paper_of(document: Document, body: Body | None = None) -> Paper:
    """The whole text document: the register's header and signature around the
    composed body. A draft is marked DỰ THẢO and numbered "…"."""
    body = body or compose(document)
    if document.doc_type == DocumentType.DECISION:
        blocks = _decision_blocks(document, body)
    else:
        grounds = grounds_on(body.legal_topics, document.date) if document.date else []
        blocks = [text_block("ground", g + ";") for g in [*grounds, *body.grounds]]
        blocks += list(body.blocks)
    annex = _annex_blocks(body.annex) if body.annex is not None and body.annex.rows else []
    return Paper(
        header=header_of(document),
        kind=NAMES_ON_PAPER[document.doc_type],
        subject=document.subject or body.subject,
        blocks=blocks,
        recipients=document.recipient_lines(),
        signature=signature_of(document),
        draft=not document.is_issued,
        annex=annex,
    )


def certificate_of(certificate: Document) -> Certificate:
    """A certificate document as printed: its own register number, the
    decision that grants it."""
    decision = certificate.cites
    return Certificate(
        header=header_of(certificate, certificate=True),
        authority=authority_line(certificate.body, certificate.signing_form),
        title=certificate.content.get("title") or NAMES_ON_PAPER[certificate.doc_type],
        recipient=certificate.content.get("recipient", ""),
        achievement=certificate.content.get("achievement", ""),
        basis=f"(Theo {cites(decision)})" if decision else "",
        signature=signature_of(certificate),
        draft=not certificate.is_issued,
        verb="" if certificate.doc_type == DocumentType.CERTIFICATE else "TẶNG",
    )
