from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from antq.core.jobs import job_progress
from antq.core.models import Job


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
