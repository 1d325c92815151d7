"""A successor takes over the plan of a unit closed in a reform ("tiếp
nhận"): who may, and the page's form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from antq.accounts.access import EDIT, VIEW, Refused, get_for_user
from antq.audit.versions import form_save
from antq.core.vietnamese import format_date
from antq.plans.forms import TakeOverForm
from antq.plans.models import Plan
from antq.plans.services import plan_take_over
from antq.units.models import Unit


def takers(user, plan: Plan):
    """Today's units that carry a closed issuer and where `user` may act."""
    if plan.unit.valid_to is None:
        return Unit.objects.none()
    carrying = _prefixes(plan.scope_path)
    return Unit.objects.for_user(user, EDIT).filter(path__in=carrying, valid_to__isnull=True)


def _prefixes(path: str) -> list[str]:
    """ "/1/5/" → ["/1/", "/1/5/"]."""
    parts = [p for p in path.strip("/").split("/") if p]
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


@login_required
@require_POST
def plan_take_over_view(request, pk: int):
    """A successor takes a closed issuer's plan over from a day ("tiếp nhận")."""
    plan = get_for_user(Plan.objects.select_related("unit"), request.user, VIEW, pk=pk)
    if plan.unit.valid_to is None:
        messages.error(
            request, _("%(u)s vẫn hoạt động: kế hoạch không cần tiếp nhận.") % {"u": plan.unit.name}
        )
        return redirect("plans:plan-detail", pk=pk)
    units = takers(request.user, plan)
    if not units.exists():
        raise Refused(_("Bạn không có quyền tiếp nhận kế hoạch này."))
    form = TakeOverForm(request.POST, units=units)
    if not form.is_valid():
        messages.error(request, " ".join(" ".join(e) for e in form.errors.values()))
        return redirect("plans:plan-detail", pk=pk)
    data = form.cleaned_data
    saved, _stale = form_save(
        form,
        lambda: plan_take_over(
            by=request.user,
            plan=plan,
            unit=data["unit"],
            on=data["on"],
            expected_version=data["version"],
        ),
    )
    if saved is not None:
        messages.success(
            request,
            _("%(u)s tiếp nhận kế hoạch %(r)s từ ngày %(d)s.")
            % {
                "u": saved.taken_over_by.name,
                "r": saved.reference,
                "d": format_date(saved.taken_over_on),
            },
        )
    else:
        messages.error(request, " ".join(" ".join(e) for e in form.errors.values()))
    return redirect("plans:plan-detail", pk=pk)
