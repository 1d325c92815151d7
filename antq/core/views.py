from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from antq.accounts.access import home_units
from antq.core.jobs import job_progress
from antq.core.models import Job
from antq.units.forms import UnitSearchForm
from antq.units.selectors import unit_subtree_counts


@login_required
def home(request):
    """Where a user lands: their units with what they contain, and a search box."""
    units = list(home_units(request.user)[:20])
    cards = [{"unit": u, "counts": unit_subtree_counts(unit=u)} for u in units if u.depth <= 1]
    others = [u for u in units if u.depth > 1]
    return render(
        request,
        "core/home.html",
        {"cards": cards, "others": others, "search_form": UnitSearchForm()},
    )


@login_required
def job_detail(request, pk: int):
    """A job's progress (polled by htmx while it runs) and, at the end, its result.
    Only the person who started it sees it."""
    job = Job.objects.filter(pk=pk, created_by=request.user).first()
    if job is None:
        raise Http404
    context = {"job": job, "progress": job_progress(job)}
    if request.htmx:
        return render(request, "core/partials/_job.html", context)
    return render(request, "core/job_detail.html", context)
