"""Pages of the movement report: the list and a new draft (drafted on the
task queue, with progress), the report with its figures linked to their
roll-ups, the narrative editor, quoting a lower level, issuing, downloads,
and what would read differently today."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from antq.accounts.access import APPROVE, EDIT, VIEW, can, get_for_user, is_system_admin
from antq.audit.context import current
from antq.audit.versions import StaleVersion, form_save
from antq.core.forms import add_service_errors
from antq.core.jobs import job_enqueue
from antq.core.periods import parse
from antq.core.richtext import to_html
from antq.core.tabular import parse_day
from antq.reports.charts import to_svg
from antq.reports.documents import download, draft_document
from antq.reports.drafting import covered_span, differences, draft_figures, span_label
from antq.reports.forms import IssueForm, NarrativeForm, ReportCreateForm
from antq.reports.jobs import REPORT_DRAFT
from antq.reports.models import Report
from antq.reports.services import (
    IssueInput,
    quotable,
    report_check,
    report_edit,
    report_issue,
    report_quote,
)
from antq.units.history import UnitNotOnDay
from antq.units.models import Unit
from antq.units.selectors import units_for_entry


def _enqueue(request, label: str, params: dict):
    context = current()
    return job_enqueue(
        kind="movement_report",
        label=label,
        by=request.user,
        runner=REPORT_DRAFT,
        params=params,
        source=context.source,
        ip_address=context.ip_address,
    )


def _units_to_report(user):
    """Provinces and communes `user` drafts reports for: their own, and the
    closed ones whose past their unit carries (Tỉnh Bến Tre for Tỉnh Vĩnh Long)."""
    return units_for_entry(user).filter(type__in=[Unit.Type.PROVINCE, Unit.Type.COMMUNE])


@login_required
@require_http_methods(["GET", "POST"])
def report_list(request):
    reports = Report.objects.for_user(request.user, VIEW).select_related("unit")
    report_units = Unit.objects.filter(pk__in=reports.values("unit")).order_by(
        "depth", "name_folded", "valid_from"
    )
    period = request.GET.get("period", "").strip().upper()
    if period:
        reports = reports.filter(period=period)
    reports, chosen = _filtered(request, reports)
    form = ReportCreateForm(
        request.POST or None,
        units=_units_to_report(request.user),
        nation=is_system_admin(request.user),
    )
    if request.method == "POST" and form.is_valid():
        unit = form.chosen_unit()
        try:
            parsed, _template = report_check(
                by=request.user,
                unit=unit,
                period=form.cleaned_data["period"],
                view=form.cleaned_data["view"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            job = _enqueue(
                request,
                _("Lập báo cáo %(p)s — %(u)s")
                % {"p": parsed.label.lower(), "u": unit.name if unit else _("Toàn quốc")},
                {
                    "unit": unit.pk if unit else None,
                    "period": parsed.id,
                    "view": form.cleaned_data["view"],
                },
            )
            return redirect("job-detail", pk=job.pk)
    return render(
        request,
        "reports/report_list.html",
        {
            "reports": reports[:200],
            "form": form,
            "period": period,
            "report_units": report_units[:500],
            "views": Report.View.choices,
            **chosen,
            "can_create": is_system_admin(request.user) or form.fields["unit"].queryset.exists(),
        },
    )


def _filtered(request, reports):
    """The list narrowed to a unit (`unit`: a closed one's reports stay
    reachable by the officers of the unit carrying it), a view and the units
    that existed on `as_of`; a unit asked for on a day it did not exist is a
    422 page saying what to pick instead."""
    chosen: dict = {"chosen_unit": None, "chosen_view": "", "as_of": None}
    as_of = parse_day(request.GET.get("as_of", ""))
    text = request.GET.get("unit", "")
    if text.isdigit():
        unit = get_for_user(Unit.objects.all(), request.user, VIEW, pk=int(text))
        if as_of is not None and not unit.is_valid_on(as_of):
            raise UnitNotOnDay(unit, as_of)
        reports, chosen["chosen_unit"] = reports.filter(unit=unit), unit
    if request.GET.get("view") in Report.View.values:
        chosen["chosen_view"] = request.GET["view"]
        reports = reports.filter(view=chosen["chosen_view"])
    if as_of is not None:
        chosen["as_of"] = as_of
        valid = Unit.objects.valid_on(as_of).values("pk")
        reports = reports.filter(Q(unit__isnull=True) | Q(unit__in=valid))
    return reports, chosen


def _sections(report: Report) -> list[dict]:
    """The stored sections with their narrative as HTML, for the page."""
    rows = []
    for section in report.figures.get("sections", []):
        text = report.narrative.get(section["key"], "")
        rows.append(
            {
                **section,
                "narrative_html": to_html(text),
                "has_narrative": bool(section["placeholder"]),
            }
        )
    return rows


# each action of the report page: the right it needs and the move it makes
ACTIONS = {
    "save": (EDIT, "edit"),
    "quote": (EDIT, "edit"),
    "refresh": (EDIT, "refresh"),
    "issue": (APPROVE, "issue"),
}


@login_required
@require_http_methods(["GET", "POST"])
def report_detail(request, pk: int):
    """The report; a POST saves the narrative, quotes a lower level, reads the
    figures again (on the task queue) or issues it. Outside the user's right
    403, an issued report 409 (the services and the kernel decide both)."""
    action = request.POST.get("action", "") if request.method == "POST" else ""
    right, move = ACTIONS.get(action, (VIEW, None))
    report = get_for_user(
        Report.objects.select_related("unit", "template"), request.user, right, pk=pk
    )
    if move:  # a page opened before the report was issued: 409, whatever the form holds
        Report.moves.check(report, move)
    sections = [
        s for s in report.template.sections.all() if s.placeholder and s.applies_to(report.period)
    ]
    can_edit = Report.moves.can(report, "edit") and can_on(request.user, EDIT, report)
    can_issue = (
        Report.moves.can(report, "issue")
        and can_on(request.user, APPROVE, report)
        and (report.unit is None or report.unit.is_open)  # a closed unit's: for reference only
    )
    narrative_form = NarrativeForm(
        request.POST if action == "save" else None, report=report, sections=sections
    )
    draft = draft_document(report)
    issue_form = IssueForm(
        request.POST if action == "issue" else None,
        initial={
            "date": timezone.localdate(),
            "place": draft.place,
            "signing_form": draft.signing_form,
            "signer_title": draft.signer_title,
            "signer_name": draft.signer_name,
            "recipients": draft.recipients,
            "version": report.version,
        },
    )
    quote_error = ""
    if request.method == "POST":
        if action == "save" and narrative_form.is_valid():
            data = narrative_form.cleaned_data
            saved, _stale = form_save(
                narrative_form,
                lambda: report_edit(
                    by=request.user,
                    report=report,
                    narrative=narrative_form.narrative(),
                    expected_version=data.get("version"),
                ),
            )
            if saved:
                return redirect(f"{request.path}#noi-dung")
        elif action == "issue" and issue_form.is_valid():
            data = issue_form.cleaned_data
            fields = {k: v for k, v in data.items() if k != "version"}
            fields["signing_form"] = fields["signing_form"] or None
            fields["recipients"] = fields["recipients"] or None
            saved, _stale = form_save(
                issue_form,
                lambda: report_issue(
                    by=request.user,
                    report=report,
                    data=IssueInput(**fields),
                    expected_version=data.get("version"),
                ),
            )
            if saved is not None:
                # the page follows the job that makes the files, then opens the report
                return redirect("job-detail", pk=saved.document.render_job_id)
        elif action == "quote":
            source = (
                Report.objects.for_user(request.user, VIEW)
                .filter(pk=request.POST.get("source") or 0)
                .first()
            )
            try:
                if source is None:
                    raise ValidationError(_("Không tìm thấy báo cáo để trích."))
                report_quote(
                    by=request.user, report=report, key=request.POST.get("key", ""), source=source
                )
                return redirect(f"{request.path}#noi-dung")
            except (ValidationError, StaleVersion) as error:
                quote_error = " ".join(getattr(error, "messages", [str(error)]))
        elif action == "refresh":
            job = _enqueue(
                request,
                _("Cập nhật số liệu: %(r)s") % {"r": report},
                {"report": report.pk, "version": report.version},
            )
            return redirect("job-detail", pk=job.pk)
    lower = []
    if can_edit:
        for other in quotable(report):
            parts = [
                (s, other.narrative.get(s.key, ""))
                for s in sections
                if other.narrative.get(s.key, "").strip()
            ]
            if parts:
                lower.append({"report": other, "parts": [(s, to_html(t)) for s, t in parts]})
    return render(
        request,
        "reports/report_detail.html",
        {
            "report": report,
            "sections": _sections(report),
            "narrative_form": narrative_form,
            "issue_form": issue_form,
            "can_edit": can_edit,
            "can_issue": can_issue,
            "lower": lower,
            "quote_error": quote_error,
            "period": parse(report.period),
            "newer_months": _newer_months(report),
        },
    )


def _newer_months(report: Report) -> str:
    """For a draft drafted before a month ended: the months it could state
    now ("11 tháng đầu năm 2026"), or ""."""
    if report.is_issued:
        return ""
    today = covered_span(parse(report.period), timezone.localdate())
    return span_label(today) if today.id != report.covered else ""


def can_on(user, action: str, report: Report) -> bool:
    """For the page's buttons: the nation's report is the system administrators'."""
    return is_system_admin(user) if report.unit_id is None else can(user, action, report.scope_path)


@login_required
def report_chart(request, pk: int, key: str):
    report = get_for_user(Report.objects.all(), request.user, VIEW, pk=pk)
    for section in report.figures.get("sections", []):
        if section["key"] == key and section.get("chart"):
            response = HttpResponse(to_svg(section["chart"]["spec"]), content_type="image/svg+xml")
            response["Cache-Control"] = "private, max-age=300"
            return response
    raise Http404(_("Không có biểu đồ này."))


@login_required
def report_download(request, pk: int, kind: str):
    report = get_for_user(
        Report.objects.select_related("unit", "template"), request.user, VIEW, pk=pk
    )
    return download(report, kind)


@login_required
def report_differences(request, pk: int):
    """What the report's figures would say with today's data (loaded after the
    page, as it reads every module again)."""
    report = get_for_user(
        Report.objects.select_related("unit", "template"), request.user, VIEW, pk=pk
    )
    live = draft_figures(
        template=report.template,
        root=report.unit,
        period=parse(report.period),
        view=report.view,
        covered=report.covered,  # the months the report states, not today's
    )
    return render(
        request,
        "reports/_differences.html",
        {"report": report, "changes": differences(report.figures, live)},
    )
