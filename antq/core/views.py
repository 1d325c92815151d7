from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from antq.core.availability import RETRY_AFTER_SECONDS, health
from antq.core.jobs import job_progress, job_retry, jobs_reap
from antq.core.models import Job

SW_VERSION = "antq-v4"  # bump to drop every cached page and asset at the next visit


def _own_job(request, pk: int) -> Job:
    job = Job.objects.filter(pk=pk, created_by=request.user).first()
    if job is None:
        raise Http404
    return job


@login_required
def job_detail(request, pk: int):
    """A job's state (polled by htmx while it waits or runs) and, at the end, its
    result or its error with a retry. Only the person who started it sees it.
    A job whose result is a page of its own (`result["url"]`) opens it when done."""
    job = _own_job(request, pk)
    if job.status == Job.Status.RUNNING and jobs_reap():
        job.refresh_from_db()
    result_page = job.status == Job.Status.DONE and (job.result or {}).get("url", "")
    if result_page and url_has_allowed_host_and_scheme(result_page, allowed_hosts=None):
        if request.htmx:  # the page that polled it opens the result
            return HttpResponse(headers={"HX-Redirect": result_page})
        messages.success(request, _("%(label)s: đã xong.") % {"label": job.label})
        return redirect(result_page)
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


def healthz(request):
    """For the load balancer: 200 when this node reaches its database and its
    cache, 503 (with Retry-After) otherwise. Names no host and no secret."""
    parts = health()
    ok = all(state == "ok" for state in parts.values())
    response = JsonResponse(
        {"status": "ok" if ok else "unavailable", **parts}, status=200 if ok else 503
    )
    response["Cache-Control"] = "no-store"
    if not ok:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def manifest(request):
    """The web app manifest: antq installs on a phone's home screen."""
    data = {
        "name": "antq — Phong trào Toàn dân bảo vệ an ninh Tổ quốc",
        "short_name": "antq",
        "lang": "vi",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b4f8a",
        "icons": [
            {"src": static(f"antq/icons/antq-{size}.png"), "sizes": f"{size}x{size}",
             "type": "image/png", "purpose": "any"}
            for size in (192, 512)
        ],
    }  # fmt: skip
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response


def service_worker(request):
    """The service worker, from the site root so its scope is every page;
    never cached by the browser's HTTP cache, so a new version installs."""
    response = render(
        request, "core/sw.js", {"version": SW_VERSION}, content_type="text/javascript"
    )
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


def offline_page(request):
    """What a page not kept on the device shows while offline."""
    return render(request, "core/offline.html")
