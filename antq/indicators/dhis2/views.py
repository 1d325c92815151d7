"""The DHIS2 endpoints. `antq.api.dhis2` mounts them under /api/ and
/api/<version>/, authenticates (`request.auth`) and exempts them from CSRF
when no session cookie is used; every answer is DHIS2's."""

from django.http import Http404, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from antq.accounts.access import VIEW
from antq.core.models import Job
from antq.indicators.dhis2 import exports, imports, metadata
from antq.indicators.dhis2.answers import answer, dhis2_errors, import_answer
from antq.indicators.dhis2.readers import ADX, CSV, JSON, XML, UnsupportedType, kind_of
from antq.indicators.importers import BadParameter
from antq.indicators.models import Indicator, ReportForm
from antq.units.models import Unit

SUFFIXES = {"": None, ".json": JSON, ".csv": CSV, ".xml": XML, ".adx": ADX}
ACCEPTS = (
    ("application/adx+xml", ADX),
    ("application/csv", CSV),
    ("text/csv", CSV),
    ("application/xml", XML),
    ("text/xml", XML),
)


def _output_kind(request, suffix: str) -> str:
    kind = SUFFIXES.get(suffix)
    if kind is not None:
        return kind
    accept = request.headers.get("Accept", "")
    return next((kind for name, kind in ACCEPTS if name in accept), JSON)


@dhis2_errors
def data_value_sets(request, suffix: str = "", version: int | None = None):
    if request.method == "POST":
        return _import(request)
    if request.method != "GET":
        return answer(405, _("Chỉ nhận GET và POST."))
    kind = _output_kind(request, suffix)
    try:
        query = exports.read_query(request.auth, request.GET, kind)
    except BadParameter as exc:
        return answer(400, str(exc))
    except exports.IllegalQuery as exc:
        return answer(409, str(exc))
    content, content_type = exports.render(query, exports.values_of(request.auth, query), kind)
    if kind == JSON:
        return JsonResponse(content, json_dumps_params={"ensure_ascii": False})
    return HttpResponse(content, content_type=content_type)


def _import(request):
    query = dict(request.GET.items())
    content_type = request.headers.get("Content-Type", "")
    try:
        if query.get("async", "").lower() == "true":
            kind_of(content_type)
            job = imports.enqueue_import(
                by=request.auth,
                data=request.body,
                content_type=content_type,
                query=query,
                ip_address=request.META.get("REMOTE_ADDR"),
            )
            return _job_started(job)
        summary, options = imports.import_body(
            by=request.auth,
            data=request.body,
            content_type=content_type,
            query=query,
            source="API dataValueSets (DHIS2)",
        )
    except UnsupportedType as exc:
        return answer(415, str(exc))
    except ValueError as exc:  # BadParameter, an unreadable body
        return answer(400, str(exc))
    return import_answer(summary, options.as_dhis2())


def _job_started(job: Job) -> JsonResponse:
    kind = imports.JOB_KIND
    response = {
        "name": kind,
        "id": str(job.pk),
        "created": timezone.localtime(job.created_at).isoformat(timespec="milliseconds")[:23],
        "jobType": kind,
        "relativeNotifierEndpoint": f"/api/system/tasks/{kind}/{job.pk}",
    }
    return answer(200, _("Đã bắt đầu %(kind)s") % {"kind": kind}, response=response)


def _job(request, kind: str, pk: str) -> Job:
    if kind != imports.JOB_KIND or not pk.isdigit():
        raise Http404(_("Không có công việc này."))
    job = Job.objects.filter(pk=int(pk), kind=kind, created_by=request.auth.pk).first()
    if job is None:
        raise Http404(_("Không có công việc này."))
    return job


@dhis2_errors
def task(request, kind: str, pk: str, version: int | None = None):
    """DHIS2's task notifications, newest first; the last says `completed`."""
    job = _job(request, kind, pk)
    finished = job.is_finished
    level = "ERROR" if job.status == Job.Status.FAILED else "INFO"
    message = {
        Job.Status.QUEUED: _("Đang chờ"),
        Job.Status.RUNNING: _("Đang nhập"),
        Job.Status.DONE: _("Nhập xong"),
        Job.Status.FAILED: job.error or _("Lỗi"),
    }[job.status]
    when = job.finished_at or job.started_at or job.created_at
    return JsonResponse(
        [
            {
                "uid": f"{job.pk}-{job.status}",
                "level": level,
                "category": kind,
                "time": timezone.localtime(when).isoformat(timespec="milliseconds")[:23],
                "message": str(message),
                "completed": finished,
            }
        ],
        safe=False,
    )


@dhis2_errors
def task_summary(request, kind: str, pk: str, version: int | None = None):
    job = _job(request, kind, pk)
    if job.result is None:
        return JsonResponse({}, status=200)
    return JsonResponse(job.result)


@dhis2_errors
def system_info(request, suffix: str = "", version: int | None = None):
    return JsonResponse(metadata.system_info())


def _listing(request, resource: str, items: list[dict]) -> JsonResponse:
    page, size, pages = metadata.page_of(len(items), request.GET)
    chosen = items[(page - 1) * size : page * size]
    body = {resource: [metadata.select(item, request.GET) for item in chosen]}
    if pages is not None:
        body = {
            "pager": {"page": page, "pageCount": pages, "total": len(items), "pageSize": size}
        } | body
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})


def _items(request, resource: str) -> list[dict]:
    query = request.GET
    if resource == "dataSets":
        forms = metadata.filtered(ReportForm.objects.prefetch_related("lines__indicator"), query)
        return [metadata.data_set(form) for form in forms]
    if resource == "dataElements":
        indicators = metadata.filtered(Indicator.objects.filter(active=True), query)
        return [metadata.data_element(i) for i in indicators if not i.is_derived]
    if resource == "categoryOptionCombos":
        return metadata.category_option_combos()
    units = list(metadata.unit_queryset(request.auth, query))
    return _units(units)


def _units(units: list[Unit]) -> list[dict]:
    ids = {pk for unit in units for pk in unit.ancestor_ids} | {unit.pk for unit in units}
    uids = dict(Unit.objects.filter(pk__in=ids).values_list("pk", "uid"))
    children: dict[int, list[str]] = {}
    for parent, uid in Unit.objects.filter(parent__in=[u.pk for u in units]).values_list(
        "parent", "uid"
    ):
        children.setdefault(parent, []).append(uid)
    return [metadata.organisation_unit(unit, uids, children.get(unit.pk, [])) for unit in units]


@dhis2_errors
def collection(request, resource: str, suffix: str = "", version: int | None = None):
    try:
        return _listing(request, resource, _items(request, resource))
    except BadParameter as exc:
        return answer(400, str(exc))


@dhis2_errors
def detail(request, resource: str, uid: str, suffix: str = "", version: int | None = None):
    if resource == "organisationUnits":
        units = list(Unit.objects.for_user(request.auth, VIEW).filter(uid=uid))
        items = _units(units)
    else:
        items = [item for item in _items(request, resource) if item["id"] == uid]
    if not items:
        raise Http404(_("Không tìm thấy %(uid)s.") % {"uid": uid})
    item = items[0]
    return JsonResponse(
        metadata.select(item, request.GET) if request.GET.get("fields") else item,
        json_dumps_params={"ensure_ascii": False},
    )
