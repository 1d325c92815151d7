"""Pages of the decisions recorded as already issued (“Ghi nhận quyết định đã
ban hành”): the list, recording one with its recipients and scanned
original, the record, and the import of many from a workbook."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from antq.accounts.access import EDIT, VIEW, Refused, can, get_for_user, requested_unit
from antq.audit.imports import import_page
from antq.audit.versions import StaleVersion
from antq.awards.forms import AwardRecordForm, OriginalForm, RecipientFormSet
from antq.awards.importers import records_check, records_template
from antq.awards.jobs import RECORDS_IMPORT
from antq.awards.models import AwardRecord, RecipientKind
from antq.awards.selectors import record_units, records_for
from antq.awards.services import (
    AwardRecordInput,
    RecipientInput,
    award_record_create,
    award_record_delete,
    award_record_original_attach,
)
from antq.core.forms import add_service_errors
from antq.core.idempotency import once_per_key
from antq.core.tabular import XLSX_CONTENT_TYPE
from antq.units.models import Unit

KEEPING_TYPES = [Unit.Type.PROVINCE, Unit.Type.DISTRICT, Unit.Type.COMMUNE, Unit.Type.AGENCY]


@login_required
def record_list(request):
    root = requested_unit(request)
    rows = records_for(request.user)
    if root is not None:
        rows = rows.under(root)
    year = request.GET.get("year", "")
    if year.isdigit():
        rows = rows.filter(year=int(year))
    context = {
        "root": root,
        "records": rows[:500],
        "year": year,
        "can_record": record_units(request.user).exists(),
    }
    return render(request, "awards/record_list.html", context)


def _rows(formset) -> list[tuple[int, dict]]:
    """(index in the formset, cleaned data) of the rows filled in."""
    return [
        (index, form.cleaned_data)
        for index, form in enumerate(formset.forms)
        if form.cleaned_data and not form.is_blank()
    ]


def _recipients(formset, units, day) -> list[RecipientInput] | None:
    """The filled rows as recipients, each unit code read on the decision's
    day; None after putting an unknown code on its row."""
    recipients, missing = [], False
    for index, data in _rows(formset):
        code = data["unit"].strip()
        unit = units.filter(code=code).valid_on(day).first()
        if unit is None:
            formset.forms[index].add_error(
                "unit",
                _("Không có đơn vị mã %(c)s vào ngày %(d)s trong phạm vi của bạn.")
                % {"c": code, "d": day.strftime("%d/%m/%Y")},
            )
            missing = True
            continue
        recipients.append(
            RecipientInput(
                recipient_kind=data["recipient_kind"],
                unit=unit,
                name=data["name"],
                position=data["position"],
            )
        )
    return None if missing else recipients


def _service_errors(form, formset, error: ValidationError) -> None:
    """A recipient's errors (`recipients.<n>.<field>`) on its row, the rest on the form."""
    filled = [index for index, _data in _rows(formset)]
    rest = {}
    for key, messages_ in error.message_dict.items():
        parts = key.split(".")
        if parts[0] == "recipients" and len(parts) == 3 and parts[1].isdigit():
            row = formset.forms[filled[int(parts[1]) - 1]]
            for message in messages_:
                row.add_error(parts[2] if parts[2] in row.fields else None, message)
        else:
            rest[key] = messages_
    if rest:
        add_service_errors(form, ValidationError(rest))


@login_required
@require_http_methods(["GET", "POST"])
@once_per_key  # a double click or a second tab records the decision once
def record_create_view(request):
    """Record a decision already issued, its recipients and scanned original."""
    units = record_units(request.user)
    if not units.exists():
        raise Refused(_("Bạn không có quyền ghi nhận quyết định khen thưởng."))
    form = AwardRecordForm(
        request.POST or None,
        request.FILES or None,
        units=units.filter(type__in=KEEPING_TYPES),
        initial={"unit": requested_unit(request).pk if requested_unit(request) else None},
    )
    formset = RecipientFormSet(request.POST or None, prefix="r")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        recipients = _recipients(formset, units, data["date"])
        if recipients is not None:
            record_input = AwardRecordInput(
                unit=data["unit"],
                authority=data["authority"],
                number=data["number"],
                date=data["date"],
                award_type=data["award_type"],
                year=data["year"],
                summary=data["summary"],
                recipients=recipients,
            )
            try:
                record = award_record_create(
                    by=request.user, data=record_input, original=data.get("original")
                )
            except ValidationError as error:
                _service_errors(form, formset, error)
            else:
                messages.success(
                    request,
                    _("Đã ghi nhận quyết định %(n)s với %(c)s tập thể, cá nhân.")
                    % {"n": record.number, "c": len(recipients)},
                )
                return redirect("awards:record-detail", pk=record.pk)
    context = {
        "form": form,
        "formset": formset,
        "units": units.exclude(type=Unit.Type.RESIDENTIAL_AREA).order_by("depth", "name_folded")[
            :3000
        ],
    }
    return render(request, "awards/record_form.html", context)


@login_required
def record_detail(request, pk: int):
    record = get_for_user(
        AwardRecord.objects.select_related("unit", "award_type", "created_by"),
        request.user,
        VIEW,
        pk=pk,
    )
    recipients = record.recipients.select_related("unit").order_by("recipient_kind", "pk")
    context = {
        "record": record,
        "collectives": [r for r in recipients if r.recipient_kind == RecipientKind.COLLECTIVE],
        "individuals": [r for r in recipients if r.recipient_kind == RecipientKind.INDIVIDUAL],
        "can_edit": can(request.user, EDIT, record.scope_path),
        "original_form": OriginalForm(),
    }
    return render(request, "awards/record_detail.html", context)


@login_required
@require_POST
def record_original_view(request, pk: int):
    record = get_for_user(AwardRecord.objects.all(), request.user, EDIT, pk=pk)
    form = OriginalForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Chọn tệp bản quét quyết định."))
    else:
        try:
            award_record_original_attach(
                by=request.user, record=record, upload=form.cleaned_data["original"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Đã lưu bản quét quyết định."))
    return redirect("awards:record-detail", pk=pk)


@login_required
def record_original_download(request, pk: int):
    record = get_for_user(AwardRecord.objects.all(), request.user, VIEW, pk=pk)
    if not record.original:
        raise Http404(_("Chưa có bản quét quyết định."))
    name = record.original.name.rsplit("/", 1)[-1]
    return FileResponse(record.original.open("rb"), as_attachment=True, filename=name)


@login_required
@require_POST
def record_delete_view(request, pk: int):
    record = get_for_user(AwardRecord.objects.all(), request.user, EDIT, pk=pk)
    version = request.POST.get("version", "")
    try:
        award_record_delete(
            by=request.user,
            record=record,
            expected_version=int(version) if version.isdigit() else None,
        )
    except StaleVersion as error:
        messages.error(request, str(error))
        return redirect("awards:record-detail", pk=pk)
    messages.success(request, _("Đã xóa ghi nhận quyết định %(n)s.") % {"n": record.number})
    return redirect("awards:record-list")


@login_required
def records_template_view(request):
    response = HttpResponse(records_template(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        'attachment; filename="quyet-dinh-khen-thuong-da-ban-hanh.xlsx"'
    )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def records_import_view(request):
    if not record_units(request.user).exists():
        raise Refused(_("Bạn không có quyền ghi nhận quyết định khen thưởng."))
    return import_page(
        request,
        check=records_check,
        kind="import_award_records",
        label=_("Nhập quyết định khen thưởng đã ban hành từ %(file)s"),
        runner=RECORDS_IMPORT,
        template="awards/records_import.html",
    )
