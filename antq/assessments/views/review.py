"""Review (propose, return, reject, confirm scores) and recognition decisions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from antq.accounts.access import APPROVE, VIEW, can, get_for_user, home_units
from antq.assessments.forms import ConfirmScoresForm, DecisionForm, ReasonForm, ReissueForm
from antq.assessments.models import Assessment, RecognitionDecision
from antq.assessments.selectors import review_queue
from antq.assessments.services.decisions import (
    decision_create,
    decision_issue,
    decision_reissue,
)
from antq.assessments.services.workflow import (
    assessment_confirm_scores,
    assessment_propose,
    assessment_reject,
    assessment_require_reviewer,
    assessment_return,
)
from antq.assessments.views import run_service
from antq.assessments.views.cycle import campaign_get
from antq.core.forms import add_service_errors


def _back_to(assessment: Assessment):
    return redirect(
        "assessments:assessment-edit", pk=assessment.campaign_id, unit_pk=assessment.unit_id
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_list(request, pk: int):
    campaign = campaign_get(request, pk)
    queue = review_queue(user=request.user, campaign=campaign)
    if request.method == "POST":
        chosen = queue.filter(pk__in=request.POST.getlist("assessment"))
        with transaction.atomic():  # one of them in a wrong state: 409, none proposed
            done = sum(1 for a in chosen if run_service(request, assessment_propose, assessment=a))
        if done:
            messages.success(request, _("Đã đề nghị công nhận %(n)s đơn vị.") % {"n": done})
        return redirect("assessments:review-list", pk=campaign.pk)
    return render(
        request,
        "assessments/review_list.html",
        {"campaign": campaign, "queue": queue, "reason_form": ReasonForm()},
    )


def _reviewed(request, assessment_pk: int) -> Assessment:
    """The assessment to review: 404 outside what the user sees, 403 when the user
    is not of the reviewing level (before any input is looked at)."""
    assessment = get_for_user(
        Assessment.objects.select_related("unit", "campaign__province"),
        request.user,
        VIEW,
        pk=assessment_pk,
    )
    assessment_require_reviewer(by=request.user, assessment=assessment)
    return assessment


@login_required
@require_POST
def assessment_review(request, assessment_pk: int, move: str):
    """One review move on one assessment: propose, return (with comments) or reject."""
    assessment = _reviewed(request, assessment_pk)
    form = ReasonForm(request.POST)
    if move == "propose":
        run_service(
            request,
            assessment_propose,
            _("Đã đề nghị công nhận."),
            assessment=assessment,
            note=request.POST.get("reason", ""),
        )
    elif not form.is_valid():
        messages.error(request, _("Cần ghi ý kiến, lý do."))
    elif move == "return":
        run_service(
            request,
            assessment_return,
            _("Đã trả lại hồ sơ kèm ý kiến."),
            assessment=assessment,
            reason=form.cleaned_data["reason"],
        )
    elif move == "reject":
        run_service(
            request,
            assessment_reject,
            _("Đã kết luận không công nhận."),
            assessment=assessment,
            reason=form.cleaned_data["reason"],
        )
    if request.POST.get("next") == "queue":
        return redirect("assessments:review-list", pk=assessment.campaign_id)
    return _back_to(assessment)


@login_required
@require_POST
def assessment_scores(request, assessment_pk: int):
    assessment = _reviewed(request, assessment_pk)
    form = ConfirmScoresForm(request.POST, assessment=assessment)
    if form.is_valid():
        run_service(
            request,
            assessment_confirm_scores,
            _("Đã xác nhận điểm phân loại."),
            assessment=assessment,
            scores=form.scores_argument(),
        )
    else:
        messages.error(request, _("Điểm không hợp lệ: mỗi mục từ 0 đến điểm chuẩn."))
    return _back_to(assessment)


def _issuer_units(request, campaign):
    return [
        u for u in home_units(request.user, APPROVE) if u.path.startswith(campaign.province.path)
    ]


@login_required
@require_http_methods(["GET", "POST"])
def decision_list(request, pk: int):
    campaign = campaign_get(request, pk)
    decisions = (
        RecognitionDecision.objects.for_user(request.user, VIEW)
        .filter(campaign=campaign)
        .select_related("issuer")
    )
    issuers = _issuer_units(request, campaign)
    issuer = issuers[0] if issuers else None
    form = None
    if issuer is not None:
        candidates = [
            a.pk
            for a in Assessment.objects.filter(
                campaign=campaign, status=Assessment.Status.PROPOSED, decision__isnull=True
            ).select_related("unit")
            if campaign.recognizer_of(a.unit) == issuer
        ]
        form = DecisionForm(
            request.POST or None,
            candidates=Assessment.objects.filter(pk__in=candidates)
            .select_related("unit")
            .order_by("unit__name_folded"),
            initial={"place": issuer.short_name},
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                decision = decision_create(
                    by=request.user,
                    campaign=campaign,
                    issuer=issuer,
                    assessments=list(data["assessments"]),
                    number=data["number"],
                    day=data["date"],
                    signer_name=data["signer_name"],
                    place=data["place"],
                    signing_form=data["signing_form"] or None,
                    signer_title=data["signer_title"] or None,
                    proposer=data["proposer"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Đã lập dự thảo quyết định."))
                return redirect("assessments:decision-detail", pk=decision.pk)
    return render(
        request,
        "assessments/decision_list.html",
        {"campaign": campaign, "decisions": decisions, "form": form, "issuer": issuer},
    )


@login_required
@require_http_methods(["GET", "POST"])
def decision_detail(request, pk: int):
    """The decision, its units and its document; issuing and replacing run
    here (quickly: numbering in one transaction) and the page then follows the
    job that makes the files."""
    decision = get_for_user(
        RecognitionDecision.objects.select_related("issuer", "campaign", "document__body"),
        request.user,
        VIEW,
        pk=pk,
    )
    document = decision.document
    reissue_form = ReissueForm(
        request.POST if "note" in request.POST else None,
        initial={"signer_title": document.signer_title, "signing_form": document.signing_form},
    )
    if request.method == "POST":
        try:
            if "issue" in request.POST:
                decision_issue(by=request.user, decision=decision)
            elif reissue_form.is_valid():
                data = {k: v for k, v in reissue_form.cleaned_data.items() if v not in ("", None)}
                decision_reissue(by=request.user, decision=decision, **data)
            else:
                raise ValidationError(
                    [e for errors in reissue_form.errors.values() for e in errors]
                )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            return redirect("job-detail", pk=decision.document.render_job_id)
    return render(
        request,
        "assessments/decision_detail.html",
        {
            "decision": decision,
            "document": decision.document,
            "units": decision.assessments.select_related("unit").order_by("unit__name_folded"),
            "can_issue": can(request.user, APPROVE, decision.issuer.path),
            "moves": {move.name for move in RecognitionDecision.moves.allowed(decision)},
            "reissue_form": reissue_form,
        },
    )
