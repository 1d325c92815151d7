from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from antq.core.jobs import job_progress, job_retry, jobs_reap
from antq.core.models import Job


def _own_job(request, pk: int) -> Job:
    job = Job.objects.filter(pk=pk, created_by=request.user).first()
    if job is None:
        raise Http404
    return job


@login_required
def job_detail(request, pk: int):
    """A job's state (polled by htmx while it waits or runs) and, at the end, its
    result or its error with a retry. Only the person who started it sees it."""
    job = _own_job(request, pk)
    if job.status == Job.Status.RUNNING and jobs_reap():
        job.refresh_from_db()
    context = {"job": job, "progress": job_progress(job)}
    if request.htmx:
        return render(request, "core/partials/_job.html", context)
    return render(request, "core/job_detail.html", context)


@login_required
@require_POST
def job_retry_view(request, pk: int):
    job = _own_job(request, pk)
    if job.status != Job.Status.FAILED:
        return redirect("job-detail", pk=job.pk)
    return redirect("job-detail", pk=job_retry(job=job, by=request.user).pk)
