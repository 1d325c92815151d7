"""Results for a subtree and year, their XLSX export, and the criteria sets."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from antq.accounts.access import (
    APPROVE,
    VIEW,
    Refused,
    get_for_user,
    home_units,
    is_system_admin,
)
from antq.assessments.forms import CriterionAddForm, CriterionEditForm, ResultsForm
from antq.assessments.models import CriteriaSet, Criterion
from antq.assessments.selectors import Results, results_for
from antq.assessments.services.criteria import criterion_add, criterion_update
from antq.assessments.views import run_service
from antq.core.forms import add_service_errors
from antq.core.tabular import XLSX_CONTENT_TYPE, Column, write_workbook
from antq.units.models import PUBLISHED, Unit


def _results(request) -> tuple[ResultsForm, Results | None, Unit]:
    unit_pk = request.GET.get("unit")
    if unit_pk:
        root = get_for_user(Unit.objects.all(), request.user, VIEW, pk=unit_pk)
    else:
        root = next(iter(home_units(request.user)), None)
        if root is None:
            raise Refused(_("Tài khoản chưa được phân công đơn vị."))
    data = request.GET.copy()
    data.setdefault("year", str(timezone.localdate().year))
    form = ResultsForm(data)
    if not form.is_valid():
        return form, None, root
    view = form.cleaned_data["view"] or PUBLISHED
    return form, results_for(root=root, year=form.cleaned_data["year"], view=view), root


@login_required
def results_view(request):
    form, results, root = _results(request)
    return render(
        request, "assessments/results.html", {"form": form, "results": results, "root": root}
    )


@login_required
def results_export(request):
    _form, results, root = _results(request)
    if results is None:
        messages.error(request, _("Năm không hợp lệ."))
        return redirect("assessments:results")
    summary_columns = [
        Column("t", "Đối tượng", width=28),
        Column("n", "Tổng số", width=10),
        Column("r", "Đăng ký", width=10),
        Column("rp", "% đăng ký", width=11),
        Column("a", "Đã tự đánh giá", width=14),
        Column("c", "Được công nhận", width=14),
        Column("cp", "% công nhận", width=12),
        Column("d", "Thay đổi so với năm trước (điểm %)", width=18),
    ]
    summary = [
        [
            t.label,
            t.units,
            t.registered,
            t.registered_pct or "",
            t.assessed,
            t.recognized,
            t.recognized_pct or "",
            (t.change_pct_points or "") if results.decided else "chưa có quyết định",
        ]
        for t in results.targets
    ]
    failed_columns = [
        Column("u", "Đơn vị", width=32),
        Column("p", "Trực thuộc", width=26),
        Column("s", "Trạng thái", width=22),
        Column("f", "Tiêu chí chưa đạt", width=30),
    ]
    failed = [
        [
            a.unit.name,
            a.unit.parent.name if a.unit.parent else "",
            a.get_status_display(),
            ", ".join(x.criterion.code for x in a.failed_answers),
        ]
        for a in results.not_recognized
    ]
    classes = [[label, n] for label, n in results.classification.items()]
    content = write_workbook(
        [
            ("Tong hop", summary_columns, summary),
            ("Chua dat", failed_columns, failed),
            ("Phan loai", [Column("k", "Xếp loại", width=16), Column("n", "Số đơn vị")], classes),
        ],
        title=_("Kết quả xây dựng tiêu chuẩn “An toàn về an ninh, trật tự” năm %(year)s — %(unit)s")
        % {"year": results.year, "unit": root.name},
    )
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="ket-qua-antt-{root.code}-{results.year}.xlsx"'
    )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def criteria_list(request):
    # A bad year in the address falls back to this year rather than failing.
    year_form = ResultsForm({"year": request.GET.get("year") or timezone.localdate().year})
    year = year_form.cleaned_data["year"] if year_form.is_valid() else timezone.localdate().year
    sets = CriteriaSet.objects.filter(year=year).filter(
        province__isnull=True
    ) | CriteriaSet.objects.filter(
        year=year,
        province__in=[u for u in home_units(request.user) if u.type == Unit.Type.PROVINCE],
    )
    provinces = [u for u in home_units(request.user, APPROVE) if u.type == Unit.Type.PROVINCE]
    form = CriterionAddForm(request.POST or None)
    if request.method == "POST" and provinces and form.is_valid():
        try:
            criterion_add(by=request.user, province=provinces[0], year=year, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã thêm tiêu chí của tỉnh."))
            return redirect(f"{request.path}?year={year}")
    return render(
        request,
        "assessments/criteria_list.html",
        {
            "year": year,
            "sets": sets.prefetch_related("criteria").select_related("province"),
            "form": form if provinces else None,
            "is_admin": is_system_admin(request.user),
            "edit_form": CriterionEditForm(),
        },
    )


@login_required
@require_POST
def criterion_edit(request, pk: int):
    # national criteria: everyone reads them, system administrators change them
    criterion = get_for_user(
        Criterion.objects.select_related("criteria_set", "criteria_set__province"),
        request.user,
        APPROVE,
        pk=pk,
    )
    form = CriterionEditForm(request.POST)
    if form.is_valid():
        run_service(
            request,
            criterion_update,
            _("Đã sửa nội dung tiêu chí."),
            criterion=criterion,
            text=form.cleaned_data["text"],
        )
    return redirect(f"/danh-gia/tieu-chi/?year={criterion.criteria_set.year}")
