"""Pages of activities: list with filters, calendar, summary, record/edit,
attachments, import. Thin: forms in, services and selectors do the work."""

import calendar
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from antq.accounts.access import (
    EDIT,
    VIEW,
    Refused,
    can,
    get_for_user,
    home_units,
    requested_unit,
    require,
)
from antq.activities.forms import (
    ActivityFilterForm,
    ActivityForm,
    AttachmentForm,
    FestivalPlanForm,
    FestivalSiteForm,
)
from antq.activities.importers import activities_check, activities_template
from antq.activities.jobs import ACTIVITIES_IMPORT
from antq.activities.models import (
    Activity,
    ActivityAttachment,
    ActivityKind,
    FestivalPlan,
)
from antq.activities.selectors import (
    activities_for,
    activity_detail,
    activity_summary,
    calendar_days,
    default_window,
    festival_overview,
    festival_sites,
)
from antq.activities.services import (
    ActivityInput,
    activity_create,
    activity_delete,
    activity_update,
    attachment_add,
    festival_plan_save,
    festival_site_add,
)
from antq.audit.imports import import_page
from antq.audit.versions import StaleVersion, form_save
from antq.core.idempotency import once_per_key
from antq.core.paging import CappedPaginator
from antq.core.tabular import XLSX_CONTENT_TYPE
from antq.units.models import RESTATED, VIEWS, Unit
from antq.units.selectors import units_for_entry


def _filtered(request, root):
    form = ActivityFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    view = data.get("view") or RESTATED
    rows = activities_for(
        request.user,
        root=root,
        view=view,
        kind=data["kind"].code if data.get("kind") else None,
        category=data["category"].code if data.get("category") else None,
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
        q=data.get("q") or "",
    )
    return form, rows, view


@login_required
def activity_list(request):
    root = requested_unit(request)
    form, rows, view = _filtered(request, root)
    page = CappedPaginator(rows, 50).get_page(request.GET.get("page"))  # "hơn 1.000"
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "root": root,
        "form": form,
        "page": page,
        "view": view,
        "query": query.urlencode(),
        "can_edit": units_for_entry(request.user).exists(),
    }
    return render(request, "activities/activity_list.html", context)


@login_required
def activity_calendar(request):
    root = requested_unit(request)
    form, rows, _view = _filtered(request, root)
    today = timezone.localdate()
    try:
        year, month = (int(p) for p in request.GET.get("month", "").split("-"))
        first = date(year, month, 1)
    except ValueError:
        first = today.replace(day=1)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    by_day = calendar_days(rows, first, last)
    weeks = [
        [(day, by_day.get(day, [])) if day.month == first.month else (None, []) for day in week]
        for week in calendar.Calendar().monthdatescalendar(first.year, first.month)
    ]
    previous = (first.replace(day=1) - timezone.timedelta(days=1)).replace(day=1)
    following = last + timezone.timedelta(days=1)
    query = request.GET.copy()
    query.pop("month", None)
    context = {
        "root": root,
        "form": form,
        "first": first,
        "weeks": weeks,
        "previous": f"{previous:%Y-%m}",
        "following": f"{following:%Y-%m}",
        "query": query.urlencode(),
        "today": today,
    }
    return render(request, "activities/activity_calendar.html", context)


@login_required
def activity_summary_view(request):
    root = requested_unit(request)
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else timezone.localdate().year
    view = request.GET.get("view") if request.GET.get("view") in VIEWS else RESTATED
    summary = activity_summary(request.user, root=root, year=year, view=view) if root else None
    context = {"root": root, "summary": summary, "year": year, "view": view}
    return render(request, "activities/activity_summary.html", context)


def _input(form: ActivityForm) -> ActivityInput:
    data = form.cleaned_data
    return ActivityInput(
        unit=data["unit"],
        kind=data["kind"],
        title=data["title"].strip(),
        date=data["date"],
        end_date=data.get("end_date"),
        topic=data.get("topic", ""),
        host=data.get("host", ""),
        presenter_name=data.get("presenter_name", ""),
        presenter_position=data.get("presenter_position", ""),
        chair_name=data.get("chair_name", ""),
        chair_position=data.get("chair_position", ""),
        attendance=data.get("attendance") or 0,
        reviewed_period=data.get("reviewed_period") or "",
        is_public=data.get("is_public", False),
        categories=[c.code for c in data.get("categories", [])],
        outputs=form.outputs(),
    )


@login_required
@require_http_methods(["GET", "POST"])
@once_per_key  # a double click or a second tab records the activity once
def activity_create_view(request):
    units = units_for_entry(request.user)
    if not units.exists():
        raise Refused(_("Bạn không có quyền ghi nhận hoạt động."))
    kind = ActivityKind.objects.filter(code=request.GET.get("kind", "")).first()
    initial = {"date": timezone.localdate(), "kind": kind.pk if kind else None}
    first = home_units(request.user, EDIT).filter(pk__in=units.values("pk")).first()
    if first is not None:
        initial["unit"] = first.pk
    if request.GET.get("unit", "").isdigit():  # "record the result" of a festival site
        initial["unit"] = int(request.GET["unit"])
    if request.GET.get("date"):
        initial["date"] = request.GET["date"]
    form = ActivityForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        activity, _stale = form_save(
            form, lambda: activity_create(by=request.user, data=_input(form))
        )
        if activity is not None:
            messages.success(request, _("Đã ghi nhận hoạt động “%(t)s”.") % {"t": activity.title})
            return redirect("activities:activity-detail", pk=activity.pk)
    return render(request, "activities/activity_form.html", {"form": form})


@login_required
def activity_detail_view(request, pk: int):
    activity = activity_detail(request.user, pk)
    context = {
        "activity": activity,
        "can_edit": can(request.user, EDIT, activity.scope_path),
        "attachment_form": AttachmentForm(),
    }
    return render(request, "activities/activity_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit_view(request, pk: int):
    activity = get_for_user(Activity.objects.all(), request.user, EDIT, pk=pk)
    initial = {
        name: getattr(activity, name)
        for name in ActivityForm.base_fields
        if name not in {"categories", "version", "client_key"}  # client_key: OnceForm's own
    }
    initial |= {
        "unit": activity.unit_id,
        "kind": activity.kind_id,
        "categories": list(activity.categories.all()),
        "version": activity.version,
    }
    initial |= {f"output_{o.kind.code}": o.count for o in activity.outputs.select_related("kind")}
    units = units_for_entry(request.user) | Unit.objects.filter(pk=activity.unit_id)
    form = ActivityForm(request.POST or None, units=units, initial=initial)
    stale = None
    if request.method == "POST" and form.is_valid():
        saved, stale = form_save(
            form,
            lambda: activity_update(
                by=request.user,
                activity=activity,
                data=_input(form),
                expected_version=form.cleaned_data["version"],
            ),
        )
        if saved is not None:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("activities:activity-detail", pk=activity.pk)
    context = {"form": form, "activity": activity, "stale": stale}
    return render(request, "activities/activity_form.html", context)


@login_required
@require_POST
def activity_delete_view(request, pk: int):
    activity = get_for_user(Activity.objects.all(), request.user, EDIT, pk=pk)
    version = request.POST.get("version", "")
    try:
        activity_delete(
            by=request.user,
            activity=activity,
            expected_version=int(version) if version.isdigit() else None,
        )
    except StaleVersion as error:
        messages.error(request, str(error))
        return redirect("activities:activity-detail", pk=pk)
    messages.success(request, _("Đã xóa hoạt động “%(t)s”.") % {"t": activity.title})
    return redirect("activities:activity-list")


@login_required
@require_POST
def attachment_upload(request, pk: int):
    activity = get_for_user(Activity.objects.all(), request.user, EDIT, pk=pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Chọn một tệp để đính kèm."))
    else:
        try:
            attachment_add(by=request.user, activity=activity, upload=form.cleaned_data["file"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Đã đính kèm tệp."))
    return redirect("activities:activity-detail", pk=pk)


@login_required
def attachment_download(request, pk: int):
    attachment = get_for_user(
        ActivityAttachment.objects.select_related("activity"), request.user, VIEW, pk=pk
    )
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)


@login_required
def activity_import_template(request):
    content = activities_template()
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    filename = f"hoat-dong-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def activity_import(request):
    return import_page(
        request,
        check=activities_check,
        kind="import_activities",
        label=_("Nhập hoạt động từ %(file)s"),
        runner=ACTIVITIES_IMPORT,
        template="activities/activity_import.html",
    )


def _province_of(request) -> Unit | None:
    root = requested_unit(request)
    if root is None or root.type == Unit.Type.PROVINCE:
        return root
    return Unit.objects.filter(pk=root.ancestor_ids[0], type=Unit.Type.PROVINCE).first()


def _festival_year(request) -> int:
    text = request.GET.get("year", "")
    return int(text) if text.isdigit() and 2000 <= int(text) <= 2100 else timezone.localdate().year


@login_required
def festival_view(request):
    """The year's festival: the province's plan, planned vs held per commune,
    the sites with a link to record each one's result."""
    province = _province_of(request)
    year = _festival_year(request)
    plans = FestivalPlan.objects.for_user(request.user, VIEW)
    plan = plans.filter(province=province, year=year).first() if province else None
    can_plan = province is not None and can(request.user, EDIT, province.path)
    start, end = default_window(year)
    initial = {"window_start": start, "window_end": end, "sites_per_commune": 1}
    if plan:
        initial = {
            f: getattr(plan, f) for f in ("window_start", "window_end", "sites_per_commune", "note")
        }
    units = (
        units_for_entry(request.user).filter(path__prefix=province.path)
        if province
        else Unit.objects.none()
    )
    sites = festival_sites(request.user, plan) if plan else []
    context = {
        "province": province,
        "year": year,
        "plan": plan,
        "rows": festival_overview(request.user, plan) if plan else [],
        "sites": sites,
        "can_plan": can_plan,
        "plan_form": FestivalPlanForm(initial=initial),
        "site_form": FestivalSiteForm(units=units, initial={"planned_on": end}) if plan else None,
        "can_add_site": plan is not None and units.exists(),
    }
    return render(request, "activities/festival.html", context)


@login_required
@require_POST
def festival_plan_view(request):
    province = _province_of(request)
    year = _festival_year(request)
    # refused before the form is read: a refusal, not a form to correct
    require(request.user, EDIT, province, _("Chỉ tỉnh lập kế hoạch Ngày hội."))
    if province is None:  # a system administrator with no province chosen
        raise Http404
    form = FestivalPlanForm(request.POST)
    if form.is_valid():
        try:
            festival_plan_save(by=request.user, province=province, year=year, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Đã lưu kế hoạch Ngày hội năm %(y)s.") % {"y": year})
    else:
        messages.error(request, _("Kiểm tra lại thời gian và số điểm tổ chức."))
    return redirect(f"{reverse('activities:festival')}?unit={province.pk}&year={year}")


@login_required
@require_POST
def festival_site_view(request, pk: int):
    plan = get_for_user(FestivalPlan.objects.select_related("province"), request.user, VIEW, pk=pk)
    units = units_for_entry(request.user).filter(path__prefix=plan.province.path)
    if not units.exists():
        raise Refused(_("Bạn không có quyền chọn điểm tổ chức."))
    form = FestivalSiteForm(request.POST, units=units)
    if form.is_valid():
        try:
            festival_site_add(by=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Đã chọn điểm tổ chức Ngày hội."))
    else:
        messages.error(request, _("Chọn đơn vị và ngày dự kiến."))
    return redirect(f"{reverse('activities:festival')}?unit={plan.province.pk}&year={plan.year}")
