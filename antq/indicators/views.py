"""Pages of periodic statistics: what I must report, data entry with live
validation, approvals, completeness, file import."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from antq.accounts.access import (
    APPROVE,
    EDIT,
    VIEW,
    Refused,
    can,
    get_for_user,
    home_units,
    is_system_admin,
)
from antq.audit.imports import enqueue_import
from antq.audit.versions import StaleVersion, changes_since, form_saw_stale
from antq.core.dates import future_period_message
from antq.core.offline import (
    AlreadySent,
    changed_offline,
    is_offline_sync,
    merge_offline,
    remember,
    sent_before,
)
from antq.core.periods import InvalidPeriod, Period, between, containing, parse
from antq.core.tabular import TabularError
from antq.core.vietnamese import NotANumber, format_number, parse_number
from antq.indicators.comparison import compare
from antq.indicators.forms import EntryForm, PeriodRangeForm, ValuesFileForm
from antq.indicators.jobs import VALUES_IMPORT, check_readable
from antq.indicators.models import ReportForm, Submission
from antq.indicators.selectors import (
    completeness,
    completeness_by_province,
    last_due,
    submissions_to_approve,
)
from antq.indicators.services import (
    existing_comments,
    existing_values,
    submission_submit,
    values_save,
)
from antq.indicators.spreadsheets import form_template
from antq.indicators.validation import validate
from antq.units.models import Unit


def _form(code: str) -> ReportForm:
    form = ReportForm.objects.filter(code=code).first()
    if form is None:
        raise Http404(_("Không có biểu mẫu này."))
    return form


def _period(period_id: str) -> Period:
    try:
        return parse(period_id)
    except InvalidPeriod as exc:
        raise Http404(str(exc)) from None


def _reporting_units(user, form: ReportForm):
    return (
        Unit.objects.for_user(user, EDIT)
        .filter(type__in=form.unit_types, valid_to__isnull=True)
        .order_by("name_folded")
    )


@login_required
def report_home(request):
    """What I must report: each open form, my reporting units, the last periods."""
    today = timezone.localdate()
    rows = []
    for form in ReportForm.objects.filter(is_open=True):
        current = containing(today, form.period_type)
        periods = [current.shifted(-i) for i in range(3, -1, -1)]
        units = list(_reporting_units(request.user, form)[:50])
        status = {
            (s.unit_id, s.period): s
            for s in Submission.objects.filter(
                form=form, unit__in=units, period__in=[p.id for p in periods]
            )
        }
        for unit in units:
            rows.append(
                (
                    form,
                    unit,
                    [
                        (p, status.get((unit.pk, p.id)), p.deadline(form.deadline_days))
                        for p in periods
                    ],
                )
            )
    queue = submissions_to_approve(user=request.user)
    return render(
        request,
        "indicators/report_home.html",
        {
            "rows": rows,
            "queue_count": queue.count(),
            "today": today,
            "roots": list(home_units(request.user)[:10]),
            "forms": ReportForm.objects.all(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def entry(request, form_code: str, unit_pk: int, period_id: str):
    form = _form(form_code)
    unit = get_for_user(Unit.objects.all(), request.user, VIEW, pk=unit_pk)
    period = _period(period_id)
    submission = Submission.objects.filter(form=form, unit=unit, period=period.id).first()
    future = future_period_message(period)  # figures of a period to come: refused
    editable = (
        can(request.user, EDIT, unit.path)
        and (submission is None or submission.is_editable)
        and future is None
    )
    codes = [line.indicator.code for line in form.lines.select_related("indicator")]
    stored = existing_values(unit, period, codes)
    comments = existing_comments(unit, period)
    entry_form = EntryForm(
        request.POST or None,
        report_form=form,
        initial_values=stored,
        comments=comments,
        disabled=not editable,
        version=submission.version if submission else None,
    )
    stale = None
    offline = is_offline_sync(request)
    entry_url = reverse("indicators:entry", args=[form.code, unit.pk, period.id])
    if request.method == "POST" and sent_before(request):  # a draft sent again
        if offline:
            return JsonResponse({"status": "already", "url": entry_url})
        messages.info(request, _("Số liệu này đã được gửi trước đó."))
        return redirect(entry_url)
    if request.method == "POST" and offline and not editable:
        return _conflict_answer(form, unit, period)
    based_on = request.POST.get("version", "")
    merged = False
    if request.method == "POST" and offline and submission and based_on != str(submission.version):
        # A draft kept on the device meets a newer version (or a report begun
        # meanwhile): fields changed on one side only merge without asking;
        # a field changed on both sides differently goes to the conflict page.
        touched = entry_form.is_valid() and _merge(request, entry_form, stored, comments)
        if not touched:
            return _conflict_answer(form, unit, period)
        entry_form.values = {
            code: kept
            for code, options in entry_form.values.items()
            if (
                kept := {
                    o: v for o, v in options.items() if EntryForm.field_name(code, o) in touched
                }
            )
        }
        entry_form.comments = {
            code: text
            for code, text in entry_form.comments.items()
            if f"comment__{code}" in touched
        }
        entry_form.cleaned_data["version"] = submission.version
        merged = True
    # Not editable (no right, or the report is submitted): the service says
    # why, and the page answers 403 or 409 with its reason.
    if request.method == "POST" and entry_form.is_valid():
        try:
            with transaction.atomic():
                remember(request)  # first: a second send of this draft waits here, then stops
                submission = values_save(
                    by=request.user,
                    form=form,
                    unit=unit,
                    period=period,
                    values=entry_form.values,
                    comments=entry_form.comments,
                    expected_version=entry_form.cleaned_data["version"],
                )
                submitted = "submit" in request.POST
                if submitted:
                    submission_submit(by=request.user, submission=submission)
            if offline:
                status = "submitted" if submitted else "saved"
                return JsonResponse({"status": status, "url": entry_url, "merged": merged})
            if submitted:
                messages.success(
                    request, _("Đã nộp báo cáo %(period)s.") % {"period": period.label}
                )
            else:
                messages.success(request, _("Đã lưu."))
            return redirect(entry_url)
        except AlreadySent:
            if offline:
                return JsonResponse({"status": "already", "url": entry_url})
            messages.info(request, _("Số liệu này đã được gửi trước đó."))
            return redirect(entry_url)
        except StaleVersion as error:
            if offline:
                return _conflict_answer(form, unit, period)
            stale = error
            form_saw_stale(entry_form, error)
        except ValidationError as error:
            for message in error.messages:
                entry_form.add_error(None, message)
    if request.method == "POST" and offline:
        errors = [str(m) for problems in entry_form.errors.values() for m in problems]
        return JsonResponse({"status": "invalid", "errors": errors}, status=422)
    comparison = compare(unit, period, [line.indicator for line in entry_form.lines])
    response = render(
        request,
        "indicators/entry.html",
        {
            "form": entry_form,
            "rows": [(*row, comparison[row[0].indicator.code]) for row in entry_form.rows()],
            "last_year": period.same_period_last_year,
            "jumps": sum(1 for c in comparison.values() if c.jump),
            "stale": stale,
            "report_form": form,
            "unit": unit,
            "period": period,
            "submission": submission,
            "editable": editable,
            "deadline": period.deadline(form.deadline_days),
            "can_approve": unit.parent is not None and can(request.user, APPROVE, unit.parent.path),
            "moves": {m.name for m in Submission.moves.allowed(submission)} if submission else (),
            "previous": period.previous,
            "next": None if future_period_message(period.shifted(1)) else period.shifted(1),
            "future": future,
            "rules": _rules_for_the_device(form),
        },
        status=409 if stale else 200,  # like every stale write: nothing was saved
    )
    response["X-Antq-Offline-Page"] = "1"  # the service worker keeps it for offline use
    return response


def _rules_for_the_device(form: ReportForm) -> dict:
    """The form's checks, kept in the page so they run without a connection
    (the server checks everything again when the figures arrive)."""
    lines = form.lines.select_related("indicator")
    return {
        "notNumber": _("không phải số hợp lệ (không âm, ví dụ 1.480)."),
        "required": [
            {"code": line.indicator.code,
             "message": _("Thiếu số liệu: %(n)s.") % {"n": line.indicator.name}}
            for line in lines
            if line.required
        ],
        "rules": [
            {"left": r.left, "operator": r.operator, "right": r.right, "message": r.message}
            for r in form.rules.all()
        ],
    }  # fmt: skip


def _merge(request, entry_form: EntryForm, stored: dict, comments: dict) -> set[str] | None:
    """The fields of an offline draft to write over a newer version (the
    kernel's `merge_offline`): figures compared as numbers, notes as text."""
    server = {}
    for line in entry_form.lines:
        code = line.indicator.code
        for option in line.indicator.options or [{"code": ""}]:
            server[EntryForm.field_name(code, option["code"])] = stored.get(code, {}).get(
                option["code"]
            )
        server[f"comment__{code}"] = comments.get(code, "")

    def read(name: str, text: str):
        if name.startswith("comment__"):
            return text.strip()
        return parse_number(text) if text.strip() else None

    return merge_offline(request, server, read)


def _conflict_answer(form: ReportForm, unit: Unit, period) -> JsonResponse:
    url = reverse("indicators:entry-conflict", args=[form.code, unit.pk, period.id])
    return JsonResponse({"status": "conflict", "conflict_url": url}, status=409)


def _plain_figure(value) -> str:
    """A stored figure as the form shows it ("1.480", "7,5")."""
    number = Decimal(value).normalize()
    text = format(number, "f")
    return format_number(number, len(text.split(".")[1]) if "." in text else 0)


@login_required
@require_POST
def entry_conflict(request, form_code: str, unit_pk: int, period_id: str):
    """A draft kept on the device met a newer version on the server: both,
    side by side, and the person chooses. Nothing is written here."""
    form = _form(form_code)
    unit = get_for_user(Unit.objects.all(), request.user, VIEW, pk=unit_pk)
    period = _period(period_id)
    submission = Submission.objects.filter(form=form, unit=unit, period=period.id).first()
    lines = list(form.lines.select_related("indicator"))
    stored = existing_values(unit, period, [line.indicator.code for line in lines])
    # The device says which fields the person changed offline; only those are
    # theirs: the others keep what is on the server now (a colleague's figure
    # is never undone silently). A draft that does not say: every field.
    touched = changed_offline(request)
    rows = []
    for line in lines:
        indicator = line.indicator
        for option in indicator.options or [{"code": "", "label": ""}]:
            name = EntryForm.field_name(indicator.code, option["code"])
            server = stored.get(indicator.code, {}).get(option["code"])
            mine = request.POST.get(name, "").strip()
            if touched is not None and name not in touched:
                mine = "" if server is None else _plain_figure(server)
            try:
                typed = parse_number(mine)
            except NotANumber:
                typed = mine  # shown as typed: it differs from any stored figure
            label = indicator.name + (f" — {option['label']}" if option["code"] else "")
            rows.append(
                {
                    "name": name,
                    "label": label,
                    "server": "" if server is None else format_number(Decimal(server).normalize()),
                    "mine": mine,
                    "differs": typed != (None if server is None else Decimal(server)),
                    "theirs": touched is None or name in touched,
                }
            )
    draft_version = request.POST.get("draft_version", "")
    changes = []
    if submission and draft_version.isdigit():
        changes = changes_since(submission, int(draft_version))
    editable = can(request.user, EDIT, unit.path) and (submission is None or submission.is_editable)
    return render(
        request,
        "indicators/entry_conflict.html",
        {
            "report_form": form,
            "unit": unit,
            "period": period,
            "submission": submission,
            "rows": rows,
            "comments": {
                k: v
                for k, v in request.POST.items()
                if k.startswith("comment__") and (touched is None or k in touched)
            },
            "changes": changes,
            "editable": editable,
            "entry_url": reverse("indicators:entry", args=[form.code, unit.pk, period.id]),
            "submitting": "submit" in request.POST,
        },
    )


@login_required
@require_POST
def entry_check(request, form_code: str, unit_pk: int, period_id: str):
    """Validation while typing (htmx): the same validator as saving, nothing saved."""
    form = _form(form_code)
    unit = get_for_user(Unit.objects.all(), request.user, VIEW, pk=unit_pk)
    period = _period(period_id)
    codes = [line.indicator.code for line in form.lines.select_related("indicator")]
    entry_form = EntryForm(
        request.POST,
        report_form=form,
        initial_values=existing_values(unit, period, codes),
        comments={},
    )
    problems = []
    if entry_form.is_valid():
        problems = [p.message for p in validate(form, entry_form.values)]
    else:
        problems = [str(e) for errors in entry_form.errors.values() for e in errors]
    return render(request, "indicators/partials/_problems.html", {"problems": problems})


@login_required
def completeness_view(request):
    form = _form(request.GET.get("form") or "BC-THANG-XA")
    root_pk = request.GET.get("unit")
    if root_pk:
        root = get_for_user(Unit.objects.all(), request.user, VIEW, pk=root_pk)
    elif is_system_admin(request.user):
        root = None  # the nation: provinces × periods
    else:
        root = next(iter(home_units(request.user)), None)
        if root is None:
            raise Refused(_("Tài khoản chưa được phân công đơn vị."))
    due = last_due(form, timezone.localdate())  # the grid ends where a cell can be late
    data = request.GET.copy()
    data.setdefault("first", due.shifted(-5).id)
    data.setdefault("last", due.id)
    range_form = PeriodRangeForm(data)
    matrix = summary = None
    if range_form.is_valid():
        periods = between(
            range_form.cleaned_data["first_period"], range_form.cleaned_data["last_period"]
        )[:24]
        if periods and periods[0].type == form.period_type and root is None:
            summary = completeness_by_province(form=form, periods=periods)
        elif periods and periods[0].type == form.period_type:
            matrix = completeness(form=form, root=root, periods=periods)
        else:
            range_form.add_error(
                None,
                _("Biểu này báo cáo theo %(kind)s.")
                % {"kind": form.get_period_type_display().lower()},
            )
    return render(
        request,
        "indicators/completeness.html",
        {
            "report_form": form,
            "root": root,
            "range_form": range_form,
            "matrix": matrix,
            "summary": summary,
        },
    )


@login_required
def template_download(request, form_code: str):
    form = _form(form_code)
    units = list(_reporting_units(request.user, form)[:5000])
    current = containing(timezone.localdate(), form.period_type)
    period = _period(request.GET.get("period") or current.id)
    content = form_template(form, units, [period])
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{form.code}-{period.id}.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def values_file_import(request):
    """Read the file in the request (a file that cannot be read answers at once),
    then validate and write it as a job on the task queue, whose progress the
    browser follows."""
    upload_form = ValuesFileForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and upload_form.is_valid():
        upload = upload_form.cleaned_data["file"]
        try:
            check_readable(upload, upload.name)
        except TabularError as error:
            errors = [str(e) for e in error.errors]
        except ValueError as error:
            errors = [str(error)]
        else:
            job = enqueue_import(
                request,
                upload=upload,
                payload=upload,  # streamed to storage, never read whole here
                kind="import_values",
                label=_("Nhập số liệu từ %(name)s") % {"name": upload.name},
                runner=VALUES_IMPORT,
            )
            return redirect("job-detail", pk=job.pk)
    return render(request, "indicators/import.html", {"form": upload_form, "errors": errors})
