"""Pages of plans: list, register, the plan with its tasks and progress,
tasks, progress reports with evidence, task import."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from antq.accounts.access import (
    EDIT,
    VIEW,
    Refused,
    can,
    get_for_user,
    home_units,
    requested_unit,
)
from antq.audit.imports import import_page
from antq.audit.versions import form_save
from antq.core.idempotency import once_per_key
from antq.core.tabular import XLSX_CONTENT_TYPE
from antq.plans.forms import (
    CommitteeForm,
    CommitteeMemberForm,
    EndTermForm,
    PlanForm,
    ProgressForm,
    TakeOverForm,
    TaskForm,
)
from antq.plans.importers import tasks_check, tasks_template
from antq.plans.issue_views import issue_context
from antq.plans.jobs import TASKS_IMPORT
from antq.plans.models import (
    Committee,
    CommitteeMember,
    Occurrence,
    Plan,
    ProgressEvidence,
    Task,
)
from antq.plans.selectors import assigned_to, plan_detail, plan_progress, plans_for, tasks_of
from antq.plans.services import (
    PlanInput,
    TaskInput,
    committee_create,
    committee_decision_upload,
    committee_member_add,
    committee_member_end,
    evidence_add,
    may_report,
    plan_create,
    plan_document_upload,
    progress_report,
    recurrence_choice,
    recurrence_label,
    recurrence_rule,
    task_add,
    task_update,
)
from antq.plans.takeover_views import takers
from antq.units.models import Unit
from antq.units.selectors import units_for_entry


def _leads(user, plan: Plan):
    """Who may lead a task, resolved on the plan's date: the units of the
    issuer's area as it was that day (a 2022 plan of a province closed in
    2025 is led by its units of 2022), and once a successor took the plan
    over, today's units of the successor (agencies, communes, the issuer)."""
    del user
    leads = Unit.objects.subtree(plan.unit).valid_on(plan.date)
    if plan.taken_over_by_id:
        leads = leads | Unit.objects.subtree(plan.taken_over_by).filter(valid_to__isnull=True)
    return leads.exclude(type=Unit.Type.RESIDENTIAL_AREA)


@login_required
def plan_list(request):
    root = requested_unit(request)
    year = request.GET.get("year", "")
    history = request.GET.get("include_history") == "1"
    rows = plans_for(
        request.user,
        root=root,
        year=int(year) if year.isdigit() else None,
        include_history=history,
    )
    assigned = assigned_to(request.user)
    context = {
        "root": root,
        "assigned": assigned[:50],
        "assigned_count": assigned.count(),
        "today": timezone.localdate(),
        "plans": rows[:500],
        "year": year,
        "include_history": history,
        "can_edit": units_for_entry(request.user).exists(),
    }
    return render(request, "plans/plan_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@once_per_key  # a double click or a second tab records the plan once
def plan_create_view(request):
    units = units_for_entry(request.user).exclude(type=Unit.Type.RESIDENTIAL_AREA)
    if not units.exists():
        raise Refused(_("Bạn không có quyền ghi kế hoạch."))
    year = timezone.localdate().year
    initial = {"date": timezone.localdate(), "first_year": year, "last_year": year}
    first = home_units(request.user, EDIT).filter(pk__in=units.values("pk")).first()
    if first is not None:
        initial["unit"] = first.pk
    form = PlanForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        plan, _stale = form_save(
            form, lambda: plan_create(by=request.user, data=PlanInput(**form.cleaned_data))
        )
        if plan is not None:
            if plan.is_draft:
                messages.success(
                    request, _("Đã soạn dự thảo kế hoạch: xem trước rồi ban hành ở trang này.")
                )
            else:
                messages.success(request, _("Đã ghi kế hoạch %(ref)s.") % {"ref": plan.reference})
            return redirect("plans:plan-detail", pk=plan.pk)
    return render(request, "plans/plan_form.html", {"form": form})


@login_required
def plan_detail_view(request, pk: int):
    return plan_page(request, plan_detail(request.user, pk))


def plan_page(request, plan: Plan, issue_form=None):
    """The plan with its tasks and progress; a draft's issue form."""
    today = timezone.localdate()
    tasks = list(tasks_of(plan))
    for task in tasks:
        task.repeat_label = recurrence_label(task.recurrence) if task.recurrence else ""
        for occurrence in task.occurrences.all():
            occurrence.overdue = occurrence.is_overdue(today)
    can_edit = can(request.user, EDIT, plan.scope_path)
    next_number = max((t.number for t in tasks), default=0) + 1
    takers_here = takers(request.user, plan)
    context = {
        "plan": plan,
        "tasks": tasks,
        "today": today,
        "progress": plan_progress(plan, today),
        "can_edit": can_edit,
        "takeover_form": TakeOverForm(
            units=takers_here,
            initial={
                "unit": plan.taken_over_by_id or (takers_here[0].pk if takers_here else None),
                "on": plan.taken_over_on or plan.unit.valid_to + timedelta(days=1),
                "version": plan.version,
            },
        )
        if takers_here
        else None,
        "task_form": TaskForm(leads=_leads(request.user, plan), initial={"number": next_number})
        if can_edit
        else None,
        **issue_context(request.user, plan, issue_form),
    }
    return render(request, "plans/plan_detail.html", context)


def _task_input(form: TaskForm) -> TaskInput:
    data = form.cleaned_data
    return TaskInput(
        number=data["number"],
        text=data["text"],
        lead=data["lead"],
        coordinating=data["coordinating"],
        deadline=data["deadline"],
        recurrence=recurrence_rule(data["repeat"] or "", data["deadline"], data["rule"]),
        expected_output=data["expected_output"],
    )


@login_required
@require_http_methods(["GET", "POST"])
@once_per_key  # a double click or a second tab adds the task once
def task_add_view(request, pk: int):
    plan = get_for_user(Plan.objects.select_related("unit"), request.user, EDIT, pk=pk)
    form = TaskForm(request.POST or None, leads=_leads(request.user, plan))
    if request.method == "POST" and form.is_valid():
        task, _stale = form_save(
            form, lambda: task_add(by=request.user, plan=plan, data=_task_input(form))
        )
        if task is not None:
            messages.success(request, _("Đã thêm nhiệm vụ %(n)s.") % {"n": task.number})
            return redirect("plans:plan-detail", pk=plan.pk)
    return render(request, "plans/task_form.html", {"form": form, "plan": plan})


@login_required
@require_http_methods(["GET", "POST"])
def task_edit_view(request, pk: int):
    task = get_for_user(Task.objects.select_related("plan", "lead"), request.user, EDIT, pk=pk)
    plan = task.plan
    repeat, rule = recurrence_choice(task.recurrence)
    initial = {
        "number": task.number,
        "text": task.text,
        "lead": task.lead_id,
        "coordinating": task.coordinating,
        "deadline": task.deadline,
        "repeat": repeat,
        "rule": rule,
        "expected_output": task.expected_output,
        "version": task.version,
    }
    form = TaskForm(request.POST or None, leads=_leads(request.user, plan), initial=initial)
    stale = None
    if request.method == "POST" and form.is_valid():
        saved, stale = form_save(
            form,
            lambda: task_update(
                by=request.user,
                task=task,
                data=_task_input(form),
                expected_version=form.cleaned_data["version"],
            ),
        )
        if saved is not None:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("plans:plan-detail", pk=plan.pk)
    context = {"form": form, "plan": plan, "task": task, "stale": stale}
    return render(request, "plans/task_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def progress_view(request, pk: int):
    """An occurrence, seen through its plan or by its lead unit; reported by the lead."""
    action = EDIT if request.method == "POST" else VIEW
    occurrence = get_for_user(
        Occurrence.objects.select_related("task__plan", "task__lead"), request.user, action, pk=pk
    )
    initial = {
        "status": occurrence.status,
        "percent": occurrence.percent,
        "narrative": occurrence.narrative,
        "version": occurrence.version,
    }
    form = ProgressForm(request.POST or None, request.FILES or None, initial=initial)
    stale = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def save():
            saved = progress_report(
                by=request.user,
                occurrence=occurrence,
                status=data["status"],
                percent=data["percent"],
                narrative=data["narrative"],
                expected_version=data["version"],
            )
            if data.get("file"):
                evidence_add(by=request.user, occurrence=saved, upload=data["file"])
            return saved

        saved, stale = form_save(form, save)
        if saved is not None:
            messages.success(request, _("Đã lưu báo cáo tiến độ."))
            if can(request.user, VIEW, occurrence.task.plan.scope_path):
                return redirect("plans:plan-detail", pk=occurrence.task.plan_id)
            return redirect("plans:plan-list")  # a commune leading a province's task
    context = {
        "form": form,
        "occurrence": occurrence,
        "task": occurrence.task,
        "plan": occurrence.task.plan,
        "can_report": may_report(request.user, occurrence),
        "stale": stale,
        "overdue": occurrence.is_overdue(timezone.localdate()),
    }
    return render(request, "plans/progress_form.html", context)


@login_required
def evidence_download(request, pk: int):
    evidence = get_for_user(ProgressEvidence.objects.all(), request.user, VIEW, pk=pk)
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.name)


@login_required
def tasks_template_view(request, pk: int):
    plan = plan_detail(request.user, pk)
    response = HttpResponse(tasks_template(plan), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="nhiem-vu-ke-hoach-{plan.pk}.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def tasks_import_view(request, pk: int):
    plan = get_for_user(Plan.objects.select_related("unit"), request.user, EDIT, pk=pk)

    def check(by, upload, filename):
        return tasks_check(by=by, plan=plan, upload=upload, filename=filename)

    return import_page(
        request,
        check=check,
        kind="import_tasks",
        label=_("Nhập nhiệm vụ của kế hoạch %(ref)s từ %(file)s").replace(
            "%(ref)s", plan.reference
        ),
        runner=TASKS_IMPORT,
        template="plans/tasks_import.html",
        context={"plan": plan},
        params={"plan": plan.pk},
    )


# --- steering committees -------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@once_per_key  # a double click or a second tab sets up the committee once
def committee_list(request):
    root = requested_unit(request)
    units = units_for_entry(request.user).filter(
        valid_to__isnull=True, type__in=[Unit.Type.PROVINCE, Unit.Type.COMMUNE]
    )
    form = CommitteeForm(
        request.POST or None, units=units, initial={"unit": root.pk if root else None}
    )
    if request.method == "POST":
        if not units.exists():
            raise Refused(_("Bạn không có quyền lập ban chỉ đạo."))
        if form.is_valid():
            committee, _stale = form_save(
                form, lambda: committee_create(by=request.user, **form.cleaned_data)
            )
            if committee is not None:
                messages.success(request, _("Đã ghi %(n)s.") % {"n": committee.name})
                return redirect("plans:committee-detail", pk=committee.pk)
    rows = Committee.objects.for_user(request.user, VIEW).select_related("unit")
    if root is not None:
        rows = rows.under(root)
    context = {"root": root, "committees": rows, "form": form if units.exists() else None}
    return render(request, "plans/committee_list.html", context)


@login_required
def committee_detail(request, pk: int):
    committee = get_for_user(Committee.objects.select_related("unit"), request.user, VIEW, pk=pk)
    members = committee.members.prefetch_related("tasks__plan", "communes")
    can_edit = can(request.user, EDIT, committee.scope_path)
    context = {
        "committee": committee,
        "current": [m for m in members if m.ended_on is None],
        "past": [m for m in members if m.ended_on is not None],
        "can_edit": can_edit,
        "form": _member_form(committee) if can_edit else None,
        "end_form": EndTermForm(initial={"on": timezone.localdate()}),
    }
    return render(request, "plans/committee_detail.html", context)


def _member_form(committee: Committee, data=None) -> CommitteeMemberForm:
    tasks = Task.objects.filter(plan__scope_path__prefix=committee.scope_path)
    communes = Unit.objects.filter(
        path__prefix=committee.scope_path, type=Unit.Type.COMMUNE, valid_to__isnull=True
    ).order_by("name_folded")
    return CommitteeMemberForm(
        data,
        tasks=tasks.select_related("plan"),
        communes=communes,
        initial={"started_on": timezone.localdate()},
    )


@login_required
@require_http_methods(["POST"])
def committee_member_add_view(request, pk: int):
    committee = get_for_user(Committee.objects.all(), request.user, EDIT, pk=pk)
    form = _member_form(committee, request.POST)
    if form.is_valid():
        member, _stale = form_save(
            form,
            lambda: committee_member_add(by=request.user, committee=committee, **form.cleaned_data),
        )
        if member is not None:
            messages.success(request, _("Đã thêm %(n)s.") % {"n": member.full_name})
            return redirect("plans:committee-detail", pk=pk)
    messages.error(request, " ".join(" ".join(e) for e in form.errors.values()))
    return redirect("plans:committee-detail", pk=pk)


@login_required
@require_http_methods(["POST"])
def committee_member_end_view(request, pk: int):
    member = get_for_user(
        CommitteeMember.objects.select_related("committee"), request.user, EDIT, pk=pk
    )
    form = EndTermForm(request.POST)
    if form.is_valid():
        try:
            committee_member_end(by=request.user, member=member, on=form.cleaned_data["on"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Đã ghi nhận kết thúc nhiệm kỳ."))
    return redirect("plans:committee-detail", pk=member.committee_id)


@login_required
@require_http_methods(["POST"])
def plan_document_view(request, pk: int):
    plan = get_for_user(Plan.objects.all(), request.user, EDIT, pk=pk)
    upload = request.FILES.get("document")
    if upload is None:
        messages.error(request, _("Chọn tệp văn bản đã ký."))
    else:
        try:
            plan_document_upload(by=request.user, plan=plan, upload=upload)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Đã lưu văn bản đã ký."))
    return redirect("plans:plan-detail", pk=pk)


@login_required
def plan_document_download(request, pk: int):
    plan = plan_detail(request.user, pk)
    if not plan.document:
        raise Http404(_("Kế hoạch chưa có văn bản đã ký."))
    name = plan.document.name.rsplit("/", 1)[-1]
    return FileResponse(plan.document.open("rb"), as_attachment=True, filename=name)


@login_required
@require_http_methods(["POST"])
def committee_file_view(request, pk: int):
    committee = get_for_user(Committee.objects.all(), request.user, EDIT, pk=pk)
    upload = request.FILES.get("decision_file")
    if upload is None:
        messages.error(request, _("Chọn tệp quyết định."))
    else:
        try:
            committee_decision_upload(by=request.user, committee=committee, upload=upload)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Đã lưu quyết định thành lập."))
    return redirect("plans:committee-detail", pk=pk)


@login_required
def committee_file_download(request, pk: int):
    committee = get_for_user(Committee.objects.all(), request.user, VIEW, pk=pk)
    if not committee.decision_file:
        raise Http404(_("Chưa có tệp quyết định."))
    name = committee.decision_file.name.rsplit("/", 1)[-1]
    return FileResponse(committee.decision_file.open("rb"), as_attachment=True, filename=name)
