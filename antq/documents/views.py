"""Pages of the outgoing register: the register (search, XLSX), a document
(its facts, preview of a draft, files, edit, correction or replacement, the
job making its files), and the public verification of a signed PDF."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from antq.accounts.access import APPROVE, EDIT, VIEW, can, get_for_user, requested_unit
from antq.audit.versions import form_save
from antq.core.documents import render_certificates_pdf, render_pdf
from antq.core.tabular import XLSX_CONTENT_TYPE
from antq.documents import signing
from antq.documents.composers import (
    certificate_of,
    issued_on_the_register,
    paper_of,
    source_page,
)
from antq.documents.edxml import edxml_package
from antq.documents.forms import CorrectionForm, DocumentEditForm, RegisterSearchForm, VerifyForm
from antq.documents.models import Document, DocumentFile
from antq.documents.rendering import render_certificate_docx, render_docx
from antq.documents.selectors import (
    bodies_visible,
    document_by_sha256,
    register_search,
    register_workbook,
)
from antq.documents.services import (
    document_correct,
    document_issue,
    document_render_start,
    document_replace,
    document_update,
    file_stem,
)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CONTENT_TYPES = {"docx": DOCX, "pdf": "application/pdf", "certificates": "application/pdf"}


@login_required
def register(request):
    """The register (sổ đăng ký văn bản đi) the user may see, searched; XLSX."""
    form = RegisterSearchForm(request.GET or None, bodies=bodies_visible(request.user))
    data = form.cleaned_data if form.is_valid() else {}
    rows = register_search(
        request.user,
        unit=requested_unit(request),
        doc_type=data.get("doc_type", ""),
        body=data.get("body"),
        number=data.get("number", ""),
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
    )
    if request.GET.get("format") == "xlsx":
        content = register_workbook(rows[:20000], title=_("Sổ đăng ký văn bản đi"))
        response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = 'attachment; filename="so-dang-ky-van-ban-di.xlsx"'
        return response
    query = request.GET.copy()
    query["format"] = "xlsx"
    context = {"form": form, "rows": rows[:500], "xlsx_query": query.urlencode()}
    return render(request, "documents/register.html", context)


def _document(request, pk: int, action: str = VIEW) -> Document:
    return get_for_user(
        Document.objects.select_related("body", "corrects", "replaced_by", "cites", "render_job"),
        request.user,
        action,
        pk=pk,
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_detail(request, pk: int):
    """A document: its facts, files, the chain of corrections; a draft's
    edit form and preview; an issued one's correction form."""
    document = _document(request, pk)
    where = document.body.scope_path
    edit_form = DocumentEditForm(
        request.POST if request.POST.get("action") == "edit" else None,
        initial={
            "number": document.number, "date": document.date, "place": document.place,
            "signing_form": document.signing_form, "signer_title": document.signer_title,
            "signer_name": document.signer_name, "subject": document.subject,
            "recipients": document.recipients, "version": document.version,
        },
    )  # fmt: skip
    correction_form = CorrectionForm(
        request.POST if request.POST.get("action") == "correct" else None
    )
    if request.method == "POST":
        result = _post(request, document, edit_form, correction_form)
        if result is not None:
            return result
    context = {
        "document": document,
        "files": document.files.order_by("kind", "-pk"),
        "certificates": document.certificates.order_by("number"),
        "corrections": document.corrections.order_by("pk"),
        "can_edit": Document.moves.can(document, "edit") and can(request.user, EDIT, where),
        "can_issue": Document.moves.can(document, "issue")
        and issued_on_the_register(document)
        and can(request.user, APPROVE, where),
        "can_correct": document.is_issued
        and not document.is_certificate
        and document.status in {Document.Status.ISSUED, Document.Status.CORRECTED}
        and can(request.user, EDIT, where),
        "source_page": source_page(document),
        "edit_form": edit_form,
        "correction_form": correction_form,
        "test_certificate": document.signed_by_certificate
        and signing.is_test_certificate(document.body),
    }
    return render(request, "documents/document_detail.html", context)


def _post(request, document, edit_form, correction_form):
    action = request.POST.get("action", "")
    if action == "edit" and edit_form.is_valid():
        data = dict(edit_form.cleaned_data)
        version = data.pop("version")
        data["signing_form"] = data["signing_form"] or document.signing_form
        data["signer_title"] = data["signer_title"] or document.signer_title
        saved, _stale = form_save(
            edit_form,
            lambda: document_update(
                by=request.user, document=document, expected_version=version, **data
            ),
        )
        if saved is not None:
            messages.success(request, _("Đã lưu dự thảo."))
            return redirect("documents:document-detail", pk=document.pk)
    elif action == "issue":
        if not issued_on_the_register(document):
            # a decision, report or plan is issued from its module's page, which
            # moves its own rows (nominations awarded, assessments recognised)
            messages.error(
                request, _("Văn bản này được ban hành từ trang của quyết định, báo cáo, kế hoạch.")
            )
            return redirect("documents:document-detail", pk=document.pk)
        try:
            issued = document_issue(by=request.user, document=document)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("documents:document-detail", pk=document.pk)
        return redirect("job-detail", pk=issued.render_job_id)
    elif action == "correct" and correction_form.is_valid():
        data = correction_form.cleaned_data
        service = document_correct if data["relation"] == "correction" else document_replace
        argument = "text" if data["relation"] == "correction" else "reason"
        if data["relation"] == "replacement" and document.source_kind:
            messages.error(
                request, _("Văn bản này được thay thế từ trang của quyết định, báo cáo.")
            )
            return redirect("documents:document-detail", pk=document.pk)
        try:
            draft = service(by=request.user, original=document, **{argument: data["text"]})
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("documents:document-detail", pk=document.pk)
        messages.success(request, _("Đã lập dự thảo; xem trước rồi ban hành."))
        return redirect("documents:document-detail", pk=draft.pk)
    elif action == "render":
        job = document_render_start(by=request.user, document=document)
        return redirect("job-detail", pk=job.pk)
    return None


@login_required
def document_preview(request, pk: int, kind: str):
    """A draft as it would be issued, marked DỰ THẢO and numbered "…"; an
    issued document's own file (never rendered again)."""
    document = _document(request, pk)
    if document.is_issued:
        return document_file(request, pk, kind)
    if kind not in {"docx", "pdf"}:
        raise Http404(_("Không có định dạng này."))
    unit = document.body.unit
    if document.is_certificate:
        certificate = certificate_of(document)
        data = (
            render_certificate_docx(certificate, document.doc_type, unit)
            if kind == "docx"
            else render_certificates_pdf([certificate])
        )
    else:
        paper = paper_of(document)
        data = render_docx(paper, document.doc_type, unit) if kind == "docx" else render_pdf(paper)
    response = HttpResponse(data, content_type=CONTENT_TYPES[kind])
    # the symbol may hold "đ" (QĐ-UBND): encoded as RFC 6266 asks, like the edXML
    response["Content-Disposition"] = content_disposition_header(
        kind == "docx", f"du-thao-{file_stem(document)}.{kind}"
    )
    return response


def file_response(document: Document, kind: str, *, inline: bool = False) -> FileResponse:
    """The document's file of `kind` as issued (404 while it is being made)."""
    stored = document.files.filter(kind=kind).order_by("-pk").first()
    if stored is None:
        raise Http404(_("Văn bản chưa có tệp này (chưa ban hành, hoặc tệp đang được tạo)."))
    return FileResponse(
        stored.file.open("rb"),
        as_attachment=not inline,
        filename=stored.filename,
        content_type=CONTENT_TYPES.get(kind),
    )


@login_required
def document_file(request, pk: int, kind: str):
    if kind not in CONTENT_TYPES:
        raise Http404(_("Không có định dạng này."))
    return file_response(_document(request, pk), kind, inline=kind == "pdf")


@login_required
def file_download(request, pk: int):
    """Any file a document ever had, earlier versions included."""
    stored = get_for_user(
        DocumentFile.objects.select_related("document"), request.user, VIEW, pk=pk
    )
    return FileResponse(stored.file.open("rb"), as_attachment=True, filename=stored.filename)


@login_required
def document_edxml(request, pk: int):
    """The document as the data package document-management systems exchange."""
    document = _document(request, pk)
    if not document.is_issued:
        raise Http404(_("Văn bản chưa ban hành."))
    data = edxml_package(document)
    response = HttpResponse(data, content_type="application/xml")
    # the symbol may hold "đ": a plain filename="…" would be MIME-encoded, which
    # browsers do not read as a download (Chromium then shows the XML inline)
    response["Content-Disposition"] = content_disposition_header(
        True, f"{file_stem(document)}.edxml"
    )
    return response


@require_http_methods(["GET", "POST"])
def verify(request):
    """Public: is this PDF's signature valid, and is it the register's file?"""
    form = VerifyForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = verification(form.cleaned_data["file"].read())
    return render(request, "documents/verify.html", {"form": form, "result": result})


def verification(data: bytes) -> dict:
    """{valid, reason, document, signer, sha256}: the signature's validity and
    the register entry whose PDF has this SHA-256 (number, date, body)."""
    checked = signing.verify_pdf(data)
    document = document_by_sha256(checked.sha256)
    reason = checked.reason
    if checked.valid and document is None:
        reason += " " + _("Tuy nhiên tệp không khớp văn bản nào trong sổ đăng ký của antq.")
    elif document is not None:
        reason += " " + _("Tệp khớp văn bản số %(ref)s ngày %(d)s của %(body)s.") % {
            "ref": document.reference,
            "d": f"{document.date:%d/%m/%Y}",
            "body": document.body,
        }
    return {
        "valid": checked.valid and document is not None,
        "signature_valid": checked.valid,
        "reason": reason,
        "document": document,
        "signer": checked.signer,
        "sha256": checked.sha256,
        "test_certificate": document is not None and signing.is_test_certificate(document.body),
    }
