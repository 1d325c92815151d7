"""A plan drafted on the outgoing register: its draft shown on the plan's
page (preview in the register) and issued from there ("Ban hành")."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from antq.accounts.access import APPROVE, VIEW, can, get_for_user, require
from antq.audit.versions import form_save
from antq.core.workflow import WrongState
from antq.plans.forms import PlanIssueForm
from antq.plans.models import Plan
from antq.plans.services import plan_issue
from antq.plans.services.issuing import REFUSED


def issue_context(user, plan: Plan, form: PlanIssueForm | None = None) -> dict:
    """What the plan's page shows of its register document and its issue form."""
    draft = plan.is_draft
    may_issue = draft and can(user, APPROVE, plan.scope_path)
    if may_issue and form is None:
        day = min(plan.date, timezone.localdate())  # the plan's own date, never one to come
        form = PlanIssueForm(initial={"date": day, "version": plan.version})
    return {"register_document": plan.register_document, "issue_form": form if may_issue else None}


@login_required
@require_POST
def plan_issue_view(request, pk: int):
    """Ban hành: the register numbers and dates the plan, its files follow."""
    plan = get_for_user(
        Plan.objects.select_related("unit", "register_document"), request.user, VIEW, pk=pk
    )
    # who may issue, and whether there is a draft to issue, before the form
    require(request.user, APPROVE, plan.scope_path, REFUSED)
    if not plan.is_draft:
        raise WrongState(
            _("Kế hoạch %(ref)s đã ban hành.") % {"ref": plan.reference},
            current="issued",
            current_label=_("Đã ban hành"),
        )
    form = PlanIssueForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        issued, _stale = form_save(
            form,
            lambda: plan_issue(
                by=request.user,
                plan=plan,
                day=data["date"],
                number=data["number"],
                signer_name=data["signer_name"] or None,
                expected_version=data["version"],
            ),
        )
        if issued is not None:
            messages.success(
                request, _("Đã ban hành kế hoạch %(ref)s.") % {"ref": issued.reference}
            )
            return redirect("job-detail", pk=issued.register_document.render_job_id)
    from antq.plans.views import plan_page

    return plan_page(request, plan, issue_form=form)  # again, with the form's errors
