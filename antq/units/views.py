"""Pages of the unit tree: browse, search, unit page, create/edit/close, import."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from antq.audit.imports import import_page
from antq.audit.versions import form_save
from antq.core.access import EDIT, VIEW, can, get_for_user
from antq.core.periods import InvalidPeriod
from antq.core.periods import parse as parse_period
from antq.core.tabular import XLSX_CONTENT_TYPE, parse_day
from antq.units.forms import UnitChildForm, UnitCloseForm, UnitSearchForm
from antq.units.history import picker_label
from antq.units.importers import units_check, units_template
from antq.units.jobs import UNITS_IMPORT
from antq.units.models import CHILD_TYPES, Unit
from antq.units.recipes import unsign
from antq.units.selectors import (
    home_units,
    unit_ancestors,
    unit_child_counts,
    unit_children,
    unit_current_successors,
    unit_lineage,
    unit_list,
    unit_matches,
    unit_subtree_counts,
)
from antq.units.services import unit_close, unit_create, unit_update


def _unit(request, pk: int, action: str = VIEW) -> Unit:
    return get_for_user(Unit.objects.select_related("parent"), request.user, action, pk=pk)


@login_required
def unit_tree(request):
    """The user's starting units, expandable level by level."""
    roots = home_units(request.user)
    return render(request, "units/unit_tree.html", {"roots": roots})


@login_required
def unit_children_partial(request, pk: int):
    unit = _unit(request, pk)
    include_closed = request.GET.get("closed") == "1"
    children = unit_children(user=request.user, unit=unit, include_closed=include_closed)
    return render(
        request,
        "units/partials/_children.html",
        {"unit": unit, "children": children[:500], "include_closed": include_closed},
    )


@login_required
def unit_search(request):
    form = UnitSearchForm(request.GET or None)
    page = None
    if form.is_valid():
        data = form.cleaned_data
        units = unit_list(
            user=request.user, q=data["q"], type=data["type"] or None, include_closed=data["closed"]
        )
        page = Paginator(units, 50).get_page(request.GET.get("page"))
    template = "units/partials/_search_results.html" if request.htmx else "units/unit_search.html"
    return render(request, template, {"form": form, "page": page})


@login_required
def unit_pick(request):
    """The matches of a searchable unit picker (`core.pickers`, `units.forms.
    UnitPickerField`): the set its form offered (the signed recipe `t`),
    rebuilt for this user within what they may see, existing on `on`
    (yyyy-mm-dd, optional; or a period, 2022 or 2026S1: existing at some time
    in it), matching `q`. JSON `{"items": [{"id", "label"}],
    "more"}`; a token this server did not sign is a 400."""
    try:
        recipe = unsign(request.GET.get("t", ""))
    except signing.BadSignature:
        return JsonResponse(
            {"detail": _("Liên kết tìm đơn vị không hợp lệ; tải lại trang.")}, status=400
        )
    on_text = request.GET.get("on", "")[:20]
    on, during = parse_day(on_text), None
    if on is None and on_text.strip():
        try:  # a form whose "date" is a period (a report's 2022 or 2026S1)
            period = parse_period(on_text.strip().upper())
            during = (period.start, period.end)
        except InvalidPeriod:
            pass
    try:
        units, more = unit_matches(
            user=request.user,
            recipe=recipe,
            q=request.GET.get("q", "")[:100],
            on=on,
            during=during,
        )
    except ValueError:
        return JsonResponse(
            {"detail": _("Liên kết tìm đơn vị không hợp lệ; tải lại trang.")}, status=400
        )
    items = [{"id": u.pk, "label": picker_label(u)} for u in units]
    return JsonResponse({"items": items, "more": more})


@login_required
def unit_detail(request, pk: int):
    unit = _unit(request, pk)
    # A closed unit's children closed with it: show them unless asked otherwise.
    include_closed = request.GET.get("closed", "0" if unit.is_open else "1") == "1"
    context = {
        "unit": unit,
        "ancestors": [  # (unit, whether the user may open it): no link that answers 404
            (a, can(request.user, VIEW, a.path)) for a in unit_ancestors(unit)
        ],
        "children": unit_children(user=request.user, unit=unit, include_closed=include_closed),
        "include_closed": include_closed,
        "child_counts": unit_child_counts(unit=unit),
        "subtree_counts": unit_subtree_counts(unit=unit) if unit.depth <= 1 else {},
        "lineage": unit_lineage(unit),
        "current_successors": [] if unit.is_open else unit_current_successors(unit),
        # a closed unit's past is kept by today's unit carrying it
        "can_edit": can(request.user, EDIT, unit.carrier_path or unit.path),
        "parent_openable": unit.parent is not None and can(request.user, VIEW, unit.parent.path),
        "can_add_children": unit.is_open
        and bool(set(CHILD_TYPES.get(unit.type, ())) - {Unit.Type.DISTRICT, Unit.Type.COMMUNE}),
        "type_labels": dict(Unit.Type.choices),
    }
    return render(request, "units/unit_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def unit_create_view(request, pk: int):
    parent = _unit(request, pk, EDIT)
    form = UnitChildForm(
        request.POST or None, parent=parent, initial={"type": request.GET.get("type")}
    )
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        fields["valid_from"] = fields.get("valid_from") or None
        unit, _stale = form_save(
            form, lambda: unit_create(parent=parent, by=request.user, **fields)
        )
        if unit is not None:
            messages.success(request, _("Đã thêm %(name)s.") % {"name": unit.name})
            return redirect("units:unit-detail", pk=unit.pk)
    return render(request, "units/unit_form.html", {"form": form, "parent": parent})


@login_required
@require_http_methods(["GET", "POST"])
def unit_edit(request, pk: int):
    """Edit a unit below a commune; a closed one, its dates and note only."""
    unit = _unit(request, pk, EDIT)
    if not unit.is_below_commune:
        raise PermissionDenied(_("Đơn vị này không sửa được trên giao diện."))
    initial = {field: getattr(unit, field) for field in UnitChildForm.base_fields}
    form = UnitChildForm(
        request.POST or None,
        parent=unit.parent,
        fixed_type=unit.type,
        closed=not unit.is_open,
        initial=initial,
    )
    stale = None
    if request.method == "POST" and form.is_valid():
        changes = form.changes()
        version = form.cleaned_data["version"]
        saved, stale = form_save(
            form,
            lambda: unit_update(unit=unit, by=request.user, expected_version=version, **changes),
        )
        if saved is not None:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("units:unit-detail", pk=unit.pk)
    context = {"form": form, "parent": unit.parent, "unit": unit, "stale": stale}
    return render(request, "units/unit_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def unit_close_view(request, pk: int):
    unit = _unit(request, pk, EDIT)
    form = UnitCloseForm(request.POST or None, initial={"version": unit.version})
    stale = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved, stale = form_save(
            form,
            lambda: unit_close(
                unit=unit,
                by=request.user,
                on=data["date"],
                reason=data["reason"],
                expected_version=data["version"],
            ),
        )
        if saved is not None:
            messages.success(
                request, _("Đã ghi nhận %(name)s ngừng hoạt động.") % {"name": unit.name}
            )
            return redirect("units:unit-detail", pk=unit.pk)
    return render(request, "units/unit_close.html", {"form": form, "unit": unit, "stale": stale})


@login_required
def unit_import_template(request, pk: int):
    commune = _unit(request, pk)
    if commune.type != Unit.Type.COMMUNE:
        raise PermissionDenied(_("Chỉ xã, phường, đặc khu có mẫu nhập đơn vị."))
    content = units_template(commune)
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    filename = f"don-vi-{commune.code}-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def unit_import(request, pk: int):
    commune = _unit(request, pk, EDIT)
    if commune.type != Unit.Type.COMMUNE or not commune.is_open:
        raise PermissionDenied(_("Chỉ nhập được vào xã, phường, đặc khu đang hoạt động."))

    def check(by, upload, filename):
        return units_check(commune=commune, upload=upload, filename=filename)

    return import_page(
        request,
        check=check,
        kind="import_units",
        label=_("Nhập đơn vị thuộc %(name)s từ %(file)s").replace("%(name)s", commune.name),
        runner=UNITS_IMPORT,
        template="units/unit_import.html",
        context={"unit": commune},
        params={"commune": commune.pk},
    )
