"""Campaigns, registrations, self-assessments and their evidence."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from antq.accounts.access import APPROVE, EDIT, VIEW, can, get_for_user, home_units, require
from antq.assessments.forms import (
    AssessmentForm,
    CampaignOpenForm,
    ConfirmScoresForm,
    EvidenceForm,
)
from antq.assessments.importers import assessments_import, assessments_template
from antq.assessments.models import ASSESSED_TYPES, Assessment, Campaign, Evidence
from antq.assessments.selectors import (
    assessment_detail,
    campaigns_for,
    registration_status,
    review_queue,
)
from antq.assessments.services.campaigns import campaign_open, registration_create
from antq.assessments.services.workflow import (
    assessment_blank,
    assessment_save,
    assessment_start,
    assessment_submit,
    reviewer_unit,
)
from antq.assessments.views import run_service
from antq.audit.models import AuditEntry
from antq.audit.services import audit_record
from antq.audit.versions import StaleVersion, changes_since, form_saw_stale
from antq.core.forms import SpreadsheetUploadForm, add_service_errors
from antq.core.offline import (
    AlreadySent,
    changed_offline,
    is_offline_sync,
    keep_untouched,
    merge_offline,
    remember,
    sent_before,
)
from antq.core.tabular import XLSX_CONTENT_TYPE, TabularError
from antq.core.workflow import WrongState
from antq.units.models import Unit


def campaign_get(request, pk: int) -> Campaign:
    return get_for_user(Campaign.objects.select_related("province"), request.user, VIEW, pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def campaign_list(request):
    campaigns = campaigns_for(request.user)
    provinces = [u for u in home_units(request.user, APPROVE) if u.type == Unit.Type.PROVINCE]
    form = CampaignOpenForm(request.POST or None)
    if request.method == "POST" and provinces and form.is_valid():
        try:
            campaign = campaign_open(
                by=request.user, province=provinces[0], year=form.cleaned_data["year"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Đã mở đợt đánh giá năm %(year)s.") % {"year": campaign.year}
            )
            return redirect("assessments:campaign-detail", pk=campaign.pk)
    return render(
        request,
        "assessments/campaign_list.html",
        {"campaigns": campaigns, "form": form if provinces else None},
    )


@login_required
def campaign_detail(request, pk: int):
    campaign = campaign_get(request, pk)
    # Where the user stands in this province: their assigned units, or the province.
    roots = [u for u in home_units(request.user) if u.path.startswith(campaign.province.path)]
    roots = roots or [campaign.province]
    mine = (
        Unit.objects.for_user(request.user, EDIT)
        .filter(path__prefix=campaign.province.path, type__in=ASSESSED_TYPES, valid_to__isnull=True)
        .order_by("depth", "type", "name_folded")[:200]
    )
    status = {
        a.unit_id: a for a in Assessment.objects.filter(campaign=campaign, unit__in=list(mine))
    }
    communes = [u for u in roots if u.type == Unit.Type.COMMUNE]
    queue = review_queue(user=request.user, campaign=campaign)
    return render(
        request,
        "assessments/campaign_detail.html",
        {
            "campaign": campaign,
            "roots": roots,
            "communes": communes,
            "mine": [(u, status.get(u.pk)) for u in mine],
            "queue_count": queue.count(),
            "can_review": any(can(request.user, APPROVE, u.path) for u in roots),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def registration_list(request, pk: int, commune_pk: int):
    campaign = campaign_get(request, pk)
    commune = get_for_user(Unit.objects.all(), request.user, VIEW, pk=commune_pk)
    if request.method == "POST":
        units = Unit.objects.for_user(request.user, EDIT).filter(
            parent=commune, pk__in=request.POST.getlist("unit")
        )
        done = 0
        for unit in units:
            if run_service(request, registration_create, campaign=campaign, unit=unit):
                done += 1
        if done:
            messages.success(request, _("Đã ghi nhận %(n)s đơn vị đăng ký.") % {"n": done})
        return redirect("assessments:registration-list", pk=campaign.pk, commune_pk=commune.pk)
    rows = registration_status(campaign=campaign, commune=commune)
    return render(
        request,
        "assessments/registration_list.html",
        {
            "campaign": campaign,
            "commune": commune,
            "rows": rows,
            "registered": sum(1 for _unit, done in rows if done),
            "can_edit": can(request.user, EDIT, commune.path),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def assessment_edit(request, pk: int, unit_pk: int):
    """The self-assessment form: save a draft at any point, submit to lock it."""
    campaign = campaign_get(request, pk)
    unit = get_for_user(Unit.objects.select_related("parent"), request.user, VIEW, pk=unit_pk)
    assessment = Assessment.objects.filter(campaign=campaign, unit=unit).first()
    if assessment is None:  # opening the page never writes: the first save opens the file
        require(request.user, EDIT, unit, _("Đơn vị chưa tự đánh giá."))
        service = assessment_start if request.method == "POST" else assessment_blank
        assessment = run_service(request, service, campaign=campaign, unit=unit)
        if assessment is None:
            return redirect("assessments:campaign-detail", pk=campaign.pk)
    if assessment.pk is not None:
        assessment = assessment_detail(assessment)
    form = AssessmentForm(request.POST or None, assessment=assessment)
    stale = None
    offline = is_offline_sync(request)
    edit_url = reverse("assessments:assessment-edit", args=[campaign.pk, unit.pk])
    conflict = JsonResponse(
        {"status": "conflict",
         "conflict_url": reverse("assessments:assessment-conflict", args=[campaign.pk, unit.pk])},
        status=409,
    )  # fmt: skip
    if request.method == "POST" and sent_before(request):  # a draft sent again
        if offline:
            return JsonResponse({"status": "already", "url": edit_url})
        messages.info(request, _("Hồ sơ này đã được gửi trước đó."))
        return redirect(edit_url)
    if request.method == "POST" and offline and not Assessment.moves.can(assessment, "edit"):
        return conflict  # the device's draft met a submitted file: the person decides
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                remember(request)  # first: a second send of this draft waits here, then stops
                assessment_save(by=request.user, assessment=assessment, **form.service_arguments())
                if offline and "submit" in request.POST:
                    assessment_submit(by=request.user, assessment=assessment)
        except AlreadySent:
            if offline:
                return JsonResponse({"status": "already", "url": edit_url})
            messages.info(request, _("Hồ sơ này đã được gửi trước đó."))
            return redirect(edit_url)
        except StaleVersion as error:
            if offline:
                # fields changed on one side only merge without asking
                return _merged_offline(request, assessment, edit_url) or conflict
            stale = error
            form_saw_stale(form, error)
        except ValidationError as error:
            if offline:
                return JsonResponse({"status": "invalid", "errors": error.messages}, status=422)
            add_service_errors(form, error)
        else:
            if offline:
                status = "submitted" if "submit" in request.POST else "saved"
                return JsonResponse({"status": status, "url": edit_url})
            if "submit" in request.POST:
                run_service(
                    request,
                    assessment_submit,
                    _("Đã nộp hồ sơ tự đánh giá."),
                    assessment=assessment,
                )
            else:
                messages.success(request, _("Đã lưu bản nháp."))
            return redirect("assessments:assessment-edit", pk=campaign.pk, unit_pk=unit.pk)
    if request.method == "POST" and offline:
        errors = [str(m) for problems in form.errors.values() for m in problems]
        return JsonResponse({"status": "invalid", "errors": errors}, status=422)
    response = _assessment_page(request, campaign, unit, assessment, form, stale)
    response["X-Antq-Offline-Page"] = "1"  # the service worker keeps it for offline use
    return response


def _merged_offline(request, assessment: Assessment, edit_url: str) -> JsonResponse | None:
    """A draft kept on the device that met a newer version, saved over it
    when no field was changed on both sides (`core.offline.merge_offline`):
    the person's fields from the draft, every other field as on the server.
    None when it cannot be merged: the person chooses on the conflict page."""
    fresh = assessment_detail(Assessment.objects.get(pk=assessment.pk))
    current = AssessmentForm(assessment=fresh)

    def shown(name: str) -> str:
        value = current[name].value()
        shown = None if value is None else current.fields[name].widget.format_value(value)
        if isinstance(shown, list | tuple):  # a choice: the one option chosen
            shown = shown[0] if shown else ""
        return "" if shown is None else str(shown)

    server = {current.add_prefix(n): shown(n) for n in current.fields if n != "version"}
    touched = merge_offline(request, server, lambda _name, text: text.strip())
    if touched is None:
        return None
    data = keep_untouched(request.POST, current, touched)
    data["version"] = str(fresh.version)
    form = AssessmentForm(data, assessment=fresh)
    if not form.is_valid():
        return None
    try:
        with transaction.atomic():
            remember(request)
            assessment_save(by=request.user, assessment=fresh, **form.service_arguments())
            if "submit" in request.POST:
                assessment_submit(by=request.user, assessment=fresh)
    except (StaleVersion, ValidationError, AlreadySent, WrongState):
        return None
    status = "submitted" if "submit" in request.POST else "saved"
    return JsonResponse({"status": status, "url": edit_url, "merged": True})


@login_required
@require_POST
def assessment_conflict(request, pk: int, unit_pk: int):
    """A draft kept on the device met a newer version: the form as the person
    typed it, with what changed on the server meanwhile. Nothing is written."""
    campaign = campaign_get(request, pk)
    unit = get_for_user(Unit.objects.select_related("parent"), request.user, VIEW, pk=unit_pk)
    assessment = get_for_user(
        Assessment.objects.all(), request.user, VIEW, campaign=campaign, unit=unit
    )
    assessment = assessment_detail(assessment)
    # only the fields changed offline are the person's; the others show the server's
    data = keep_untouched(
        request.POST, AssessmentForm(assessment=assessment), changed_offline(request)
    )
    form = AssessmentForm(data, assessment=assessment)
    form.is_valid()
    draft = request.POST.get("draft_version", "")
    stale = StaleVersion(
        obj=assessment,
        expected=int(draft) if draft.isdigit() else 0,
        changes=changes_since(assessment, int(draft)) if draft.isdigit() else [],
    )
    form_saw_stale(form, stale)
    return _assessment_page(request, campaign, unit, assessment, form, stale, conflict=True)


def _assessment_page(request, campaign, unit, assessment, form, stale, conflict=False):
    reviewer = reviewer_unit(assessment)
    return render(
        request,
        "assessments/assessment_form.html",
        {
            "campaign": campaign,
            "unit": unit,
            "assessment": assessment,
            "form": form,
            "stale": stale,
            "can_edit": can(request.user, EDIT, unit.path) and assessment.is_editable,
            "moves": {move.name for move in Assessment.moves.allowed(assessment)},
            "can_review": reviewer is not None and can(request.user, APPROVE, reviewer.path),
            "reviewer": reviewer,
            "evidence_form": EvidenceForm(),
            "scores_form": ConfirmScoresForm(assessment=assessment),
            "scores": form.scores,
            "conflict": conflict,
            "edit_url": reverse("assessments:assessment-edit", args=[campaign.pk, unit.pk]),
        },
    )


@login_required
@require_POST
def evidence_upload(request, assessment_pk: int):
    assessment = get_for_user(
        Assessment.objects.select_related("unit", "campaign"), request.user, EDIT, pk=assessment_pk
    )
    Assessment.moves.check(assessment, "edit")  # evidence is added while the file is open
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        evidence = Evidence(
            assessment=assessment,
            name=upload.name[:255],
            size=upload.size,
            content_type=upload.detected_type,
            uploaded_by=request.user,
        )
        evidence.file.save(f"{assessment.pk}-{upload.name[-80:]}", upload, save=False)
        evidence.save()
        audit_record(
            actor=request.user,
            action=AuditEntry.Action.CREATE,
            obj=evidence,
            unit_path=assessment.unit.path,
            after={"name": evidence.name, "size": evidence.size},
        )
        messages.success(request, _("Đã tải lên %(name)s.") % {"name": evidence.name})
    else:
        messages.error(request, " ".join(form.errors.get("file", [])))
    return redirect(
        "assessments:assessment-edit", pk=assessment.campaign_id, unit_pk=assessment.unit_id
    )


@login_required
def evidence_download(request, pk: int):
    """Evidence is served only through the scope check, never as a public file."""
    evidence = get_for_user(Evidence.objects.all(), request.user, VIEW, pk=pk)
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.name,
        content_type=evidence.content_type,
    )


@login_required
def assessment_import_template(request, pk: int, commune_pk: int):
    campaign = campaign_get(request, pk)
    commune = get_for_user(Unit.objects.all(), request.user, VIEW, pk=commune_pk)
    response = HttpResponse(assessments_template(campaign, commune), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="tu-danh-gia-{commune.code}-{campaign.year}.xlsx"'
    )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def assessment_import(request, pk: int, commune_pk: int):
    campaign = campaign_get(request, pk)
    commune = get_for_user(Unit.objects.all(), request.user, EDIT, pk=commune_pk)
    form = SpreadsheetUploadForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = assessments_import(
                campaign=campaign,
                commune=commune,
                upload=upload,
                filename=upload.name,
                by=request.user,
            )
        except TabularError as error:
            errors = error.errors
        else:
            messages.success(
                request,
                _("Đã lưu %(saved)s hồ sơ, nộp %(submitted)s.")
                % {"saved": result.saved, "submitted": result.submitted},
            )
            return redirect("assessments:campaign-detail", pk=campaign.pk)
    return render(
        request,
        "assessments/assessment_import.html",
        {"campaign": campaign, "commune": commune, "form": form, "errors": errors},
    )
