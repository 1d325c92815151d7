"""Pages of emulation and rewards: rounds, nominations (also from an
exemplary example in one click), the council's review, decisions and their
documents, the counts by form × collective/individual."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from antq.accounts.access import (
    APPROVE,
    EDIT,
    VIEW,
    Refused,
    can,
    get_for_user,
    requested_unit,
    require,
)
from antq.audit.imports import import_page
from antq.audit.versions import form_save
from antq.awards.documents import proposal_paper
from antq.awards.forms import DecisionForm, NominationForm, RejectForm, RoundForm
from antq.awards.importers import nominations_check, nominations_template
from antq.awards.jobs import NOMINATIONS_IMPORT
from antq.awards.models import AwardType, Decision, RecipientKind, Round
from antq.awards.selectors import (
    award_counts,
    nomination_visible,
    nominations_visible,
    rounds_open_to,
)
from antq.awards.services import (
    NominationInput,
    decision_create,
    decision_issue,
    decision_reissue,
    nominate,
    nomination_accept,
    nomination_reject,
    proposal_draft,
    round_open,
)
from antq.community.models import Example
from antq.core.tabular import XLSX_CONTENT_TYPE, Column, write_workbook
from antq.documents.authority import body_or_default
from antq.documents.models import Document, IssuingBody
from antq.documents.rendering import render_docx
from antq.units.selectors import units_for_entry

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

NOT_FOUND = gettext_lazy("Không tìm thấy hoặc bạn không có quyền truy cập.")


def _round(request, pk: int):
    round = rounds_open_to(request.user).filter(pk=pk).first()
    if round is None:
        raise Http404(NOT_FOUND)
    return round


@login_required
@require_http_methods(["GET", "POST"])
def round_list(request):
    root = requested_unit(request)
    can_open = root is not None and can(request.user, EDIT, root.path)
    year = timezone.localdate().year
    form = RoundForm(request.POST or None, initial={"year": year, "kind": "year_end"})
    if request.method == "POST":
        if not can_open:
            raise Refused(_("Bạn không có quyền mở đợt khen thưởng."))
        if form.is_valid():
            round, _stale = form_save(
                form, lambda: round_open(by=request.user, unit=root, **form.cleaned_data)
            )
            if round is not None:
                messages.success(request, _("Đã mở %(n)s.") % {"n": round.name})
                return redirect("awards:round-detail", pk=round.pk)
    context = {
        "root": root,
        "rounds": rounds_open_to(request.user).order_by("-year", "-deadline"),
        "example": int(request.GET["example"])
        if request.GET.get("example", "").isdigit()
        else None,
        "form": form if can_open else None,
    }
    return render(request, "awards/round_list.html", context)


@login_required
def round_detail(request, pk: int):
    round = _round(request, pk)
    units = units_for_entry(request.user).filter(path__prefix=round.unit.path)
    initial = {"recipient_kind": RecipientKind.COLLECTIVE}
    example = None
    if request.GET.get("example", "").isdigit():  # nominate an exemplary example in one click
        example = (
            Example.objects.for_user(request.user, EDIT)
            .filter(pk=int(request.GET["example"]))
            .first()
        )
    if example is not None:
        initial |= {
            "recipient_kind": example.kind,
            "unit": example.unit_id,
            "person_name": example.person_name,
            "position": example.position,
            "achievement": example.achievement,
        }
    council = can(request.user, APPROVE, round.unit.path)
    context = {
        "round": round,
        "nominations": nominations_visible(request.user, round),
        "form": NominationForm(units=units, initial=initial)
        if Round.moves.can(round, "nominate") and units.exists()
        else None,
        "example": example,
        "council": council,
        "reject_form": RejectForm(),
        "decision_form": DecisionForm() if council else None,
        "decisions": round.decisions.select_related("award_type"),
        "proposals": AwardType.objects.filter(
            pk__in=round.nominations.filter(status="accepted").values("award_type")
        )
        if council
        else [],
    }
    return render(request, "awards/round_detail.html", context)


@login_required
@require_POST
def nominate_view(request, pk: int):
    round = _round(request, pk)
    units = units_for_entry(request.user).filter(path__prefix=round.unit.path)
    if not units.exists():
        raise Refused(_("Bạn không có quyền đề nghị khen thưởng trong đợt này."))
    form = NominationForm(request.POST, units=units)
    example = request.POST.get("example", "")
    if form.is_valid():
        data = form.cleaned_data
        nomination, _stale = form_save(
            form,
            lambda: nominate(
                by=request.user,
                round=round,
                data=NominationInput(
                    award_type=data["award_type"],
                    recipient_kind=data["recipient_kind"],
                    unit=data["unit"],
                    achievement=data["achievement"],
                    person_name=data["person_name"],
                    birth_year=data["birth_year"],
                    position=data["position"],
                    years_of_service=data["years_of_service"],
                    example_id=int(example) if example.isdigit() else None,
                ),
            ),
        )
        if nomination is not None:
            messages.success(request, _("Đã gửi đề nghị khen thưởng."))
            return redirect("awards:round-detail", pk=round.pk)
    context = {
        "round": round,
        "nominations": nominations_visible(request.user, round),
        "form": form,
        "council": can(request.user, APPROVE, round.unit.path),
        "reject_form": RejectForm(),
        "decisions": round.decisions.select_related("award_type"),
    }
    return render(request, "awards/round_detail.html", context, status=200)


@login_required
@require_POST
def review_view(request, pk: int):
    """The council's conclusion on one nomination: accept, or reject with a reason."""
    nomination = nomination_visible(request.user, pk)
    if nomination is None:
        raise Http404(NOT_FOUND)
    try:
        if request.POST.get("accept") == "1":
            nomination_accept(by=request.user, nomination=nomination)
        else:
            reason = request.POST.get("reason", "")
            nomination_reject(by=request.user, nomination=nomination, reason=reason)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã ghi ý kiến của hội đồng."))
    return redirect("awards:round-detail", pk=nomination.round_id)


@login_required
@require_POST
def decision_create_view(request, pk: int):
    round = _round(request, pk)
    require(request.user, APPROVE, round.unit, _("Chỉ cấp khen thưởng ra quyết định."))
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            decision = decision_create(by=request.user, round=round, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("Đã ghi dự thảo quyết định %(r)s.") % {"r": decision.reference}
            )
            return redirect("awards:decision-detail", pk=decision.pk)
    else:
        messages.error(request, " ".join(" ".join(e) for e in form.errors.values()))
    return redirect("awards:round-detail", pk=round.pk)


@login_required
@require_http_methods(["GET", "POST"])
def decision_detail(request, pk: int):
    """The decision, its list and its document; issuing and correcting run
    here (numbering in one transaction), then the page follows the job that
    makes the files."""
    decision = get_for_user(
        Decision.objects.select_related("round__unit", "award_type", "document__body"),
        request.user,
        VIEW,
        pk=pk,
    )
    if request.method == "POST":
        try:
            if request.POST.get("note") is not None:
                decision = decision_reissue(
                    by=request.user, decision=decision, note=request.POST["note"]
                )
                document = decision.document.corrections.order_by("-pk").first()
            else:
                decision = decision_issue(by=request.user, decision=decision)
                document = decision.document
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("awards:decision-detail", pk=pk)
        return redirect("job-detail", pk=document.render_job_id)
    context = {
        "decision": decision,
        "document": decision.document,
        "nominations": decision.nominations.select_related("unit").order_by("recipient_kind"),
        "can_issue": can(request.user, APPROVE, decision.round.unit.path),
    }
    return render(request, "awards/decision_detail.html", context)


@login_required
def counts_view(request):
    root = requested_unit(request)
    text = request.GET.get("year", "")
    year = int(text) if text.isdigit() and 1945 <= int(text) <= 2100 else timezone.localdate().year
    rows = award_counts(root=root, year=year) if root else []
    labels = dict(RecipientKind.choices)
    if request.GET.get("format") == "xlsx":
        columns = [
            Column("award", "Hình thức", width=50),
            Column("level", "Cấp khen", width=30),
            Column("kind", "Đối tượng"),
            Column("count", "Số lượng"),
            Column("recorded", "Trong đó: theo quyết định đã ban hành", width=24),
        ]
        content = write_workbook(
            [
                (
                    "Khen thuong",
                    columns,
                    [
                        [
                            r["name"],
                            r["level_name"],
                            str(labels[r["recipient_kind"]]),
                            r["count"],
                            r["recorded"],
                        ]
                        for r in rows
                    ],
                )
            ],
            title=_("Khen thưởng năm %(y)s: %(u)s") % {"y": year, "u": root.name if root else ""},
        )
        response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="khen-thuong-{year}.xlsx"'
        return response
    context = {
        "root": root,
        "year": year,
        "rows": rows,
        "total": sum(r["count"] for r in rows),
        "recorded": sum(r["recorded"] for r in rows),
        "labels": labels,
        "types": AwardType.objects.all(),
    }
    return render(request, "awards/counts.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_download(request, pk: int):
    """The council's Tờ trình for one award type of the round: a preview
    (DOCX, marked DỰ THẢO); POST puts it in the council's register as a draft,
    numbered, signed and issued on the register's page."""
    round = _round(request, pk)
    require(request.user, APPROVE, round.unit, _("Chỉ hội đồng thi đua, khen thưởng lập tờ trình."))
    code = request.POST.get("award", "") if request.method == "POST" else request.GET.get("award")
    award = AwardType.objects.filter(code=code or "").first()
    if award is None:
        raise Http404(_("Không có hình thức khen thưởng này."))
    if request.method == "POST":
        try:
            draft = proposal_draft(by=request.user, round=round, award_type=award)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("awards:round-detail", pk=round.pk)
        messages.success(request, _("Đã lập dự thảo tờ trình: xem trước rồi ban hành."))
        return redirect("documents:document-detail", pk=draft.pk)
    council = body_or_default(round.unit, IssuingBody.Kind.COUNCIL)
    draft = Document(body=council, doc_type="ttr", symbol=f"TTr-{council.abbreviation}")
    content = render_docx(proposal_paper(round, award, draft), "ttr", round.unit)
    response = HttpResponse(content, content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="to-trinh-{award.code}-{round.year}.docx"'
    )
    return response


@login_required
def nominations_template_view(request, pk: int):
    round = _round(request, pk)
    response = HttpResponse(nominations_template(round), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="de-nghi-khen-thuong-{round.pk}.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def nominations_import_view(request, pk: int):
    round = _round(request, pk)
    if not units_for_entry(request.user).filter(path__prefix=round.unit.path).exists():
        raise Refused(_("Bạn không có quyền đề nghị khen thưởng trong đợt này."))

    def check(by, upload, filename):
        return nominations_check(by=by, round=round, upload=upload, filename=filename)

    return import_page(
        request,
        check=check,
        kind="import_nominations",
        label=_("Nhập danh sách đề nghị khen thưởng từ %(file)s"),
        runner=NOMINATIONS_IMPORT,
        template="awards/nominations_import.html",
        context={"round": round},
        params={"round": round.pk},
    )
