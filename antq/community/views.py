"""Pages of self-management models and exemplary examples."""

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
    EDIT,
    Refused,
    can,
    get_for_user,
    home_units,
    requested_unit,
)
from antq.audit.imports import import_page
from antq.audit.versions import form_save
from antq.community.forms import (
    EvaluationForm,
    ExampleForm,
    ModelForm,
    RecogniseForm,
    SiteForm,
)
from antq.community.importers import models_check, models_template
from antq.community.jobs import MODELS_IMPORT
from antq.community.models import CommunityModel, Example, LeadOrganisation, ModelCategory, Site
from antq.community.selectors import examples_for, model_detail, model_summary, models_for, sites_of
from antq.community.services import (
    ExampleInput,
    ModelInput,
    example_create,
    example_update,
    model_recognise,
    model_register,
    model_statuses,
    model_update,
    site_add,
    site_evaluate,
)
from antq.core.idempotency import once_per_key
from antq.core.tabular import XLSX_CONTENT_TYPE
from antq.units.models import Unit
from antq.units.selectors import units_for_entry


@login_required
def model_list(request):
    root = requested_unit(request)
    rows = models_for(
        request.user,
        root=root,
        category=request.GET.get("category") or None,
        lead=request.GET.get("lead") or None,
        q=request.GET.get("q", "")[:100],
        exemplary=request.GET.get("exemplary") == "1",
    ).order_by("name_folded")
    context = {
        "root": root,
        "models": rows[:500],
        "count": rows.count(),
        "summary": model_summary(request.user, root=root) if root else None,
        "categories": ModelCategory.objects.all(),
        "leads": LeadOrganisation.choices,
        "chosen": request.GET,
    }
    return render(request, "community/model_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@once_per_key  # a double click or a second tab registers the model once
def model_create_view(request):
    units = units_for_entry(request.user)
    if not units.exists():
        raise Refused(_("Bạn không có quyền đăng ký mô hình."))
    initial = {"started_on": timezone.localdate()}
    first = home_units(request.user, EDIT).filter(pk__in=units.values("pk")).first()
    if first is not None:
        initial["unit"] = first.pk
    form = ModelForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        model, _stale = form_save(
            form,
            lambda: model_register(
                by=request.user,
                data=ModelInput(
                    unit=data["unit"],
                    name=data["name"],
                    category=data["category"],
                    lead_organisation=data["lead_organisation"],
                    started_on=data["started_on"],
                    description=data["description"],
                ),
                site_unit=data["site_unit"],
                groups=data["groups"],
                participants=data["participants"],
                participant_kind=data["participant_kind"],
            ),
        )
        if model is not None:
            messages.success(request, _("Đã đăng ký mô hình “%(n)s”.") % {"n": model.name})
            return redirect("community:model-detail", pk=model.pk)
    return render(request, "community/model_form.html", {"form": form})


@login_required
def model_detail_view(request, pk: int):
    model = model_detail(request.user, pk)
    sites = sites_of(request.user, model)
    can_edit_model = can(request.user, EDIT, model.scope_path)
    units = units_for_entry(request.user).filter(path__prefix=model.scope_path)
    running = sites.filter(ended_on__isnull=True)
    sites = list(sites)
    year = timezone.localdate().year
    for site in sites:  # one form per site: ids differ, so each label has its input
        site.evaluation_form = EvaluationForm(initial={"year": year}, auto_id=f"id_s{site.pk}_%s")
    context = {
        "model": model,
        "sites": sites,
        "can_edit_model": can_edit_model,
        "can_recognise": can(request.user, APPROVE, model.scope_path),
        "can_add_site": units.exists(),
        "site_form": SiteForm(units=units, sites=running),
        "recognise_form": RecogniseForm(initial={"year": model.exemplary_year}),
    }
    return render(request, "community/model_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def model_edit_view(request, pk: int):
    model = get_for_user(CommunityModel.objects.all(), request.user, EDIT, pk=pk)
    fields = ["name", "category", "lead_organisation", "description", "status"]
    initial = {f: getattr(model, f) for f in fields} | {"version": model.version}
    form = ModelForm(
        request.POST or None, editing=True, statuses=model_statuses(model), initial=initial
    )
    stale = None
    if request.method == "POST" and form.is_valid():
        saved, stale = form_save(
            form,
            lambda: model_update(
                by=request.user,
                model=model,
                expected_version=form.cleaned_data["version"],
                **{f: form.cleaned_data[f] for f in fields},
            ),
        )
        if saved is not None:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("community:model-detail", pk=model.pk)
    context = {"form": form, "model": model, "stale": stale}
    return render(request, "community/model_form.html", context)


@login_required
@require_POST
def site_add_view(request, pk: int):
    """Apply the model at one more unit, replicating it from an existing site."""
    model = model_detail(request.user, pk)
    units = units_for_entry(request.user)
    if not units.exists():
        raise Refused(_("Bạn không có quyền áp dụng mô hình ở đơn vị nào."))
    form = SiteForm(request.POST, units=units, sites=Site.objects.filter(model=model))
    if form.is_valid():
        try:
            site_add(by=request.user, model=model, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Đã thêm điểm áp dụng mô hình."))
    else:
        problems = [
            f"{form.fields[f].label}: {' '.join(e)}" if f in form.fields else " ".join(e)
            for f, e in form.errors.items()
        ]
        messages.error(request, " ".join(problems))
    return redirect("community:model-detail", pk=pk)


@login_required
@require_POST
def site_evaluate_view(request, pk: int):
    site = get_for_user(Site.objects.select_related("model"), request.user, EDIT, pk=pk)
    form = EvaluationForm(request.POST)
    if form.is_valid():
        try:
            site_evaluate(by=request.user, site=site, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Đã ghi nhận đánh giá."))
    else:
        messages.error(request, _("Chọn năm và kết quả đánh giá."))
    return redirect("community:model-detail", pk=site.model_id)


@login_required
@require_POST
def model_recognise_view(request, pk: int):
    model = get_for_user(CommunityModel.objects.all(), request.user, APPROVE, pk=pk)
    form = RecogniseForm(request.POST)
    if form.is_valid():
        try:
            model_recognise(by=request.user, model=model, year=form.cleaned_data["year"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Đã lưu."))
    return redirect("community:model-detail", pk=pk)


@login_required
def example_list(request):
    root = requested_unit(request)
    year = request.GET.get("year", "")
    rows = examples_for(
        request.user,
        root=root,
        year=int(year) if year.isdigit() else None,
        kind=request.GET.get("kind") or None,
    )
    context = {
        "root": root,
        "examples": rows[:500],
        "kinds": Example.Kind.choices,
        "chosen": request.GET,
        "can_edit": units_for_entry(request.user).exists(),
    }
    return render(request, "community/example_list.html", context)


def _example_input(form: ExampleForm) -> ExampleInput:
    data = form.cleaned_data
    return ExampleInput(
        kind=data["kind"],
        unit=data["unit"],
        achievement=data["achievement"],
        year=data["year"],
        person_name=data["person_name"],
        position=data["position"],
    )


@login_required
@require_http_methods(["GET", "POST"])
@once_per_key  # a double click or a second tab records the example once
def example_create_view(request):
    units = units_for_entry(request.user)
    if not units.exists():
        raise Refused(_("Bạn không có quyền ghi điển hình."))
    form = ExampleForm(
        request.POST or None, units=units, initial={"year": timezone.localdate().year}
    )
    if request.method == "POST" and form.is_valid():
        saved, _stale = form_save(
            form, lambda: example_create(by=request.user, data=_example_input(form))
        )
        if saved is not None:
            messages.success(request, _("Đã ghi nhận điển hình."))
            return redirect("community:example-list")
    return render(request, "community/example_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def example_edit_view(request, pk: int):
    example = get_for_user(Example.objects.all(), request.user, EDIT, pk=pk)
    fields = ["kind", "unit", "person_name", "position", "achievement", "year"]
    initial = {f: getattr(example, f) for f in fields} | {"version": example.version}
    units = units_for_entry(request.user) | Unit.objects.filter(pk=example.unit_id)
    form = ExampleForm(request.POST or None, units=units, initial=initial)
    stale = None
    if request.method == "POST" and form.is_valid():
        saved, stale = form_save(
            form,
            lambda: example_update(
                by=request.user,
                example=example,
                data=_example_input(form),
                expected_version=form.cleaned_data["version"],
            ),
        )
        if saved is not None:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("community:example-list")
    context = {"form": form, "example": example, "stale": stale}
    return render(request, "community/example_form.html", context)


@login_required
def models_template_view(request):
    response = HttpResponse(models_template(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="mau-mo-hinh.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def models_import_view(request):
    return import_page(
        request,
        check=models_check,
        kind="import_models",
        label=_("Nhập mô hình từ %(file)s"),
        runner=MODELS_IMPORT,
        template="community/models_import.html",
    )
