"""The approver's pages: the reports waiting for approval (several clean ones
approved at once) and the approve/return moves of one report."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from antq.accounts.access import APPROVE, VIEW, get_for_user, require_somewhere
from antq.core.vietnamese import format_number
from antq.indicators.comparison import jumps_by_submission
from antq.indicators.models import Submission
from antq.indicators.selectors import approval_periods, submissions_to_approve
from antq.indicators.services import submission_approve, submission_return, submissions_approve

APPROVAL_PAGE = 50


@login_required
def approval_list(request):
    """Reports waiting for my approval: how many per period, and a page of
    them (one period's with `?ky=`). The same few queries however long the
    queue is."""
    periods = approval_periods(submissions_to_approve(user=request.user))
    chosen = request.GET.get("ky", "")
    paginator = Paginator(submissions_to_approve(user=request.user, period=chosen), APPROVAL_PAGE)
    counts = {period.id: count for period, count in periods}
    # the counts per period already say how many: no COUNT query of its own
    paginator.count = counts.get(chosen, 0) if chosen else sum(counts.values())
    query = request.GET.copy()
    query.pop("page", None)
    page = paginator.get_page(request.GET.get("page"))
    jumps = jumps_by_submission(list(page))
    context = {
        "periods": periods,
        "chosen": chosen,
        "page": page,
        "rows": [(s, jumps[s.pk]) for s in page],
        "clean": sum(1 for s in page if not jumps[s.pk]),
        "query": query.urlencode(),
    }
    return render(request, "indicators/approval_list.html", context)


@login_required
@require_POST
def approve_many(request):
    """Approve the reports ticked on the approval list: only clean ones (no
    tenfold jump; such a report is opened and judged alone), all or none."""
    require_somewhere(request.user, APPROVE, _("Bạn không có thẩm quyền duyệt báo cáo."))
    ids = [int(i) for i in request.POST.getlist("submission") if i.isdigit()][:APPROVAL_PAGE]
    chosen = list(
        Submission.objects.for_user(request.user, VIEW)
        .filter(pk__in=ids)
        .select_related("unit", "form")
    )
    if not chosen:
        messages.error(request, _("Chưa chọn báo cáo nào."))
        return redirect("indicators:approval-list")
    jumps = jumps_by_submission(chosen)
    unclear = [s for s in chosen if jumps[s.pk]]
    if unclear:
        messages.error(
            request,
            _("Báo cáo của %(u)s có số liệu tăng, giảm gấp 10 lần: mở ra xem và duyệt riêng.")
            % {"u": ", ".join(s.unit.name for s in unclear)},
        )
        return redirect("indicators:approval-list")
    submissions_approve(by=request.user, submissions=chosen)
    messages.success(request, _("Đã duyệt %(n)s báo cáo.") % {"n": format_number(len(chosen))})
    return redirect("indicators:approval-list")


@login_required
@require_POST
def submission_move(request, pk: int, move: str):
    submission = get_for_user(
        Submission.objects.select_related("unit", "form"), request.user, VIEW, pk=pk
    )
    try:
        if move == "approve":
            submission_approve(by=request.user, submission=submission)
            messages.success(request, _("Đã duyệt báo cáo."))
        else:
            submission_return(
                by=request.user,
                submission=submission,
                reason=request.POST.get("reason", ""),
                reopen=request.POST.get("reopen") == "1",  # the page showed it approved
            )
            messages.success(request, _("Đã trả lại báo cáo."))
    except ValidationError as error:  # no reason given: said on the page it came from
        messages.error(request, " ".join(error.messages))
    if request.POST.get("next") == "entry":
        return redirect(
            "indicators:entry",
            form_code=submission.form.code,
            unit_pk=submission.unit_id,
            period_id=submission.period,
        )
    return redirect("indicators:approval-list")
